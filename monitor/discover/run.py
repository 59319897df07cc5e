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
from crawler.discover.naming import TITLE_SPLIT
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
    config: Config, targets: list[tuple[str | None, str]], depth: int, max_pages: int, log_file: Any = None
) -> list[SiteDiscovery]:
    """Discover each (name or None, home URL); one Scrapy run for all (its reactor starts once per process)."""
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
        process.crawl(crawler, start_url=url, depth=depth, max_pages=max_pages)
        crawlers.append(crawler)
    began = time.monotonic()
    process.start()
    seconds = round(time.monotonic() - began, 1)
    return [_result(name, url, c.spider, seconds) for (name, url), c in zip(targets, crawlers, strict=True)]


def _result(name: str | None, url: str, spider: Any, seconds: float) -> SiteDiscovery:
    out = SiteDiscovery(url=url, seconds=seconds, pages_fetched=len(spider.pages))
    out.home = spider.home
    out.name = name or site_name(spider.site_title, url)
    out.budget_reached = spider.budget_reached
    out.skipped = dict(spider.skipped)
    out.seen_keys = {column_key(u) for u in [*spider.pages, *spider.linked]}
    if spider.home_error or spider.home not in spider.pages:
        out.error = spider.home_error or spider.failed.get(url) or "the home page could not be read"
        return out
    columns, rejected = build_columns(spider.pages, spider.linked, spider.home, spider.site_title)
    out.columns = [propose(c) for c in columns]
    out.rejected = rejected
    return out
