"""Run the discovery spider for one or more sites in this process and turn what it saw into proposals.

Politeness and bounds are the crawl's (``monitor.crawl.scrapy_settings``: timeouts, concurrency per host,
page size cap, the address policy, the crawl deadline), with the sites' hosts allowed as in a crawl.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from crawler.addresses import url_host
from crawler.discover.columns import Column, Rejected, build_columns, column_key
from crawler.discover.naming import TITLE_SPLIT, usable_text
from crawler.discover.subsites import site_key
from crawler.fetchpolicy import ALLOWED_HOSTS_SETTING
from monitor import checklist, columntypes
from monitor.config import Config


@dataclass
class Proposal:
    """One proposed column: what ``[[sites.sections]]`` gets and what the comments say."""

    name: str
    url: str
    type: str | None
    type_source: str
    checklist: list[int]
    posts_seen: int
    newest: str | None
    stated_total: int | None
    name_from: str
    pages: int
    config_name: str = ""  # the section name written to a config (unique in the site)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class SiteDiscovery:
    url: str
    name: str = ""
    home: str = ""
    error: str | None = None
    columns: list[Proposal] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # never fetched: search / login by address
    pages_fetched: int = 0
    seen_keys: set[str] = field(default_factory=set)  # column keys of every page linked or read
    budget_reached: bool = False
    seconds: float = 0.0
    subsite_of: str | None = None  # a sub-site (站群): the main site's name
    via: str = ""  # a sub-site: the link text that led to it, and the page it was on
    found_on: str = ""
    subsites: list[SiteDiscovery] = field(default_factory=list)  # the main site's sub-sites with columns
    subsite_skips: list[tuple[str, str]] = field(default_factory=list)  # (start URL, why not proposed)
    subsites_found: int = 0  # other hosts of the same school the main site links
    subsites_read: int = 0
    offsite_hosts: int = 0  # hosts of other domains linked (never followed)
    subsite_budget: int = 0  # --max-subsites (0: --no-subsites)


def propose(col: Column) -> Proposal:
    hit = columntypes.match(col.name)
    kind, source = (hit[0], f"name ({hit[1]})") if hit else (None, "none (no rule matched the name)")
    return Proposal(
        col.name, col.url, kind, source, checklist.infer_items(col.name), col.items,
        col.newest.isoformat() if col.newest else None, col.total, col.name_from, len(col.pages),
        col.config_name or col.name,
    )  # fmt: skip


def site_name(title: str, url: str) -> str:
    parts = [p for p in TITLE_SPLIT.split(title or "") if p.strip()]
    return (parts[-1] if len(parts) > 1 and len(parts[0]) <= 4 else parts[0]) if parts else url_host(url)


def discover(
    config: Config,
    targets: list[tuple[str | None, str]],
    depth: int,
    max_pages: int,
    log_file: Any = None,
    max_subsites: int = 0,
) -> list[SiteDiscovery]:
    """Discover each (name or None, home URL); one Scrapy run for all (its reactor starts once per process).

    ``max_subsites``: how many department sub-sites on other hosts of the school to read too (0: none)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.discover import DiscoverSpider
    from monitor.crawl import scrapy_settings

    settings = scrapy_settings(config, log_file, progress=False)
    hosts = set(settings.get(ALLOWED_HOSTS_SETTING, [])) | {url_host(u) for _, u in targets}
    settings[ALLOWED_HOSTS_SETTING] = sorted(hosts - {""})
    settings["ITEM_PIPELINES"] = {}
    settings["EXTENSIONS"] = {k: v for k, v in settings["EXTENSIONS"].items() if "Progress" not in k}
    settings["LOG_ENABLED"] = log_file is not None  # failures are said in one line by the command
    settings["LOG_LEVEL"] = "INFO"
    process = CrawlerProcess(settings)
    crawlers = []
    for _name, url in targets:
        crawler = process.create_crawler(DiscoverSpider)
        process.crawl(crawler, start_url=url, depth=depth, max_pages=max_pages, max_subsites=max_subsites)
        crawlers.append(crawler)
    began = time.monotonic()
    process.start()
    seconds = round(time.monotonic() - began, 1)
    out = []
    for (name, url), c in zip(targets, crawlers, strict=True):
        spider: Any = c.spider
        site = _result(name, url, spider.main, seconds)
        if not site.error:
            _attach_subsites(site, spider, seconds)
        out.append(site)
    return out


def _result(name: str | None, url: str, state: Any, seconds: float) -> SiteDiscovery:
    """A ``SiteDiscovery`` from one site's ``SiteState`` (crawler.spiders.discover)."""
    out = SiteDiscovery(url=url, seconds=seconds, pages_fetched=len(state.pages))
    out.home = state.home
    out.name = name or site_name(state.site_title, url)
    out.budget_reached = state.budget_reached
    out.skipped = dict(state.skipped)
    out.seen_keys = {column_key(u) for u in [*state.pages, *state.linked]}
    if state.home_error or state.home not in state.pages:
        out.error = state.home_error or state.failed.get(url) or "the home page could not be read"
        return out
    columns, rejected = build_columns(state.pages, state.linked, state.home, state.site_title)
    out.columns = [propose(c) for c in columns]
    out.rejected = rejected
    return out


def _attach_subsites(main: SiteDiscovery, spider: Any, seconds: float) -> None:
    """The sub-sites the spider read, each a ``SiteDiscovery`` of its own named "学校·学院", and why the
    others are not proposed (over the budget, unreachable, no columns, the same site as another)."""
    main.subsite_budget = spider.max_subsites
    main.subsites_found = len(spider.subsites_found)
    main.offsite_hosts = len(spider.offsite)
    main.subsite_skips = list(spider.subsite_skips.items())
    names = {main.name}
    for start, state in list(spider.site_states.items())[1:]:
        if state.same_as:
            main.subsite_skips.append((start, f"the same site as {state.same_as} (its home redirects there)"))
            continue
        dept = state.via if usable_text(state.via) else ""
        site = _result(None, start, state, seconds)
        if site.error:
            main.subsite_skips.append((start, f"not read: {site.error}"))
            continue
        main.subsites_read += 1
        if not site.columns:
            main.subsite_skips.append((start, f"no columns found on {site.pages_fetched} pages"))
            continue
        base = f"{main.name}·{dept or site.name}"
        site.name, n = base, 2
        while site.name in names:
            site.name, n = f"{base} ({n})", n + 1
        names.add(site.name)
        site.subsite_of, site.via, site.found_on = main.name, state.via, state.found_on
        main.subsites.append(site)
    order = {key: k for k, key in enumerate(spider.subsites_found)}
    main.subsite_skips.sort(key=lambda skip: order.get(site_key(skip[0]), len(order)))  # as the pages listed them
