"""DiscoverSpider: from a site's home page, follow its navigation and judge every page it reaches.

The judging and grouping are pure (``crawler.discover``); the spider only fetches, breadth first (the
menus before what they lead to), within a depth and a page budget, and keeps what each page said.
Politeness and bounds are the crawl's: the same Scrapy settings (``monitor.crawl.scrapy_settings``).

Department sub-sites (站群) linked from the main site's pages on other hosts of the same school
(``crawler.discover.subsites``) are read in the same run, each as a site of its own (``SiteState``) with the
same depth and page budget, up to ``max_subsites`` of them; their own links to further sites are not followed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.article_dates import decode_response
from crawler.discover import subsites
from crawler.discover.follow import nav_links, netloc
from crawler.discover.judge import PageFacts, judge_page
from crawler.errors import classify_failure, failed_request


@dataclass
class SiteState:
    """What discovery saw of one site: the main one or a sub-site."""

    start_url: str
    hosts: set[str]
    via: str = ""  # sub-site: the anchor text that led to it (计算机学院)
    found_on: str = ""  # sub-site: the main-site page that linked it
    home: str = ""
    home_error: str | None = None
    site_title: str = ""
    budget_reached: bool = False
    requested: int = 0
    same_as: str = ""  # sub-site whose home redirected to a site already read: that site's start URL
    pages: dict[str, PageFacts] = field(default_factory=dict)  # final URL → what the page is
    linked: dict[str, list[str]] = field(default_factory=dict)  # URL → anchor texts of the links to it
    skipped: dict[str, str] = field(default_factory=dict)  # URL → why it was not fetched (search, login)
    failed: dict[str, str] = field(default_factory=dict)  # URL → reason


class DiscoverSpider(scrapy.Spider):
    name = "discover"

    def __init__(
        self, start_url: str, depth: int = 3, max_pages: int = 400, max_subsites: int = 0, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.start_url = start_url
        self.depth = depth
        self.max_pages = max_pages
        self.max_subsites = max_subsites
        self.main = SiteState(start_url, {netloc(start_url)}, home=start_url)
        self.site_states: dict[str, SiteState] = {start_url: self.main}  # start URL → state; sub-sites after main
        self.subsite_skips: dict[str, str] = {}  # sub-site start URL → why it was not read
        self.subsites_found: list[str] = []  # site_key of every sub-site linked, in the order found
        self.offsite: set[str] = set()  # hosts of other domains the main site links (never followed)
        self.requested: set[str] = set()

    # the main site's view, as the re-check and older callers read it
    @property
    def pages(self) -> dict[str, PageFacts]:
        return self.main.pages

    @property
    def home(self) -> str:
        return self.main.home

    async def start(self) -> AsyncIterator[Any]:
        self.requested.add(self.start_url)
        self.main.requested = 1
        yield self._make(self.start_url, self.main, self.depth)

    def _make(self, url: str, site: SiteState, depth_left: int) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.failed_page,
            priority=depth_left,  # breadth first: the menus before the pages they lead to
            dont_filter=True,  # ``requested`` is the filter (redirect loops then fail as loops)
            meta={"depth_left": depth_left, "discover_site": site.start_url},
        )

    def _request(self, url: str, site: SiteState, depth_left: int) -> scrapy.Request | None:
        if url in self.requested:
            return None
        if site.requested >= self.max_pages:
            site.budget_reached = True
            return None
        self.requested.add(url)
        site.requested += 1
        return self._make(url, site, depth_left)

    def _claimed(self) -> set[str]:
        """``site_key`` of every host some site reads (main, its 信息公开网, the sub-sites)."""
        keys = {subsites.site_key("http://" + h) for s in self.site_states.values() for h in s.hosts}
        return keys | set(self.subsites_found)

    def parse_page(self, response: Response) -> Iterator[Any]:
        assert response.request is not None
        site = self.site_states[response.meta["discover_site"]]
        asked = response.request.meta.get("redirect_urls", [response.request.url])[0]
        ctype = (response.headers.get(b"Content-Type") or b"text/html").decode("latin-1").lower()
        if "html" not in ctype and "xml" not in ctype:
            site.skipped[asked] = "other"
            return
        facts = judge_page(decode_response(response), response.url)
        if asked == site.start_url:
            if site is not self.main and self._taken(response.url, site):
                return
            site.home = response.url
            site.hosts.add(netloc(response.url))
            site.site_title = facts.title
        if response.url != asked and asked in site.linked:
            site.linked.setdefault(response.url, []).extend(site.linked[asked])
        site.pages[response.url] = facts
        depth_left = int(response.meta["depth_left"])
        if depth_left <= 0:
            return
        follow, skipped, new_hosts = nav_links(facts, site.hosts)
        if site is self.main:  # a 信息公开网 already read as a sub-site stays one; sub-sites keep to their host
            site.hosts |= new_hosts - {h for s in self.site_states.values() if s is not site for h in s.hosts}
        for url, why in skipped:
            if why in ("search", "login"):
                site.skipped.setdefault(url, why)
        for url, text in follow:
            if netloc(url) not in site.hosts:
                continue
            site.linked.setdefault(url, []).append(text)
            request = self._request(url, site, depth_left - 1)
            if request is not None:
                yield request
        if site is self.main and self.max_subsites:  # --no-subsites and the re-check: none looked for
            yield from self._subsites(facts)
        facts.links = []  # judged and followed: the page's links are not needed any more

    def _taken(self, final: str, site: SiteState) -> bool:
        """A sub-site whose home redirected onto a site already read (the main one, another sub-site)."""
        key = subsites.site_key(final)
        for other in self.site_states.values():
            if other is not site and key in {subsites.site_key("http://" + h) for h in other.hosts}:
                site.same_as = other.start_url
                return True
        return False

    def _subsites(self, facts: PageFacts) -> Iterator[scrapy.Request]:
        self.offsite |= subsites.offsite_hosts(facts, self.main.home)
        for url, text in subsites.subsite_links(facts, self.main.home, self._claimed()):
            self.subsites_found.append(subsites.site_key(url))
            start = subsites.subsite_home(url)
            if len(self.site_states) - 1 >= self.max_subsites:
                self.subsite_skips[start] = f"over --max-subsites {self.max_subsites}"
                continue
            site = SiteState(start, {netloc(start)}, via=text, found_on=facts.url, home=start)
            self.site_states[start] = site
            request = self._request(start, site, self.depth)
            if request is not None:
                site.linked.setdefault(start, []).append(text)
                yield request
            else:  # the address was read already, as a page of the main site
                del self.site_states[start]
                self.subsite_skips[start] = "already read as a page of the main site"

    def failed_page(self, failure: Failure) -> None:
        _status, reason, error = classify_failure(failure)
        request = failed_request(failure)
        site = self.site_states[request.meta["discover_site"]]
        url = request.meta.get("redirect_urls", [request.url])[0]
        if url == site.start_url:
            plain = reason in ("error", "connection") or str(reason) in error  # not "refused: connection refused"
            site.home_error = error if plain else f"{reason}: {error}"
        site.failed[url] = str(reason)
