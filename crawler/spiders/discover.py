"""DiscoverSpider: from a site's home page, follow its navigation and judge every page it reaches.

The judging and grouping are pure (``crawler.discover``); the spider only fetches, breadth first (the
menus before what they lead to), within a depth and a page budget, and keeps what each page said.
Politeness and bounds are the crawl's: the same Scrapy settings (``monitor.crawl.scrapy_settings``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.article_dates import decode_response
from crawler.discover.follow import nav_links, netloc
from crawler.discover.judge import PageFacts, judge_page
from crawler.errors import classify_failure, failed_request


class DiscoverSpider(scrapy.Spider):
    name = "discover"

    def __init__(self, start_url: str, depth: int = 3, max_pages: int = 400, **kwargs: Any):
        super().__init__(**kwargs)
        self.start_url = start_url
        self.depth = depth
        self.max_pages = max_pages
        self.hosts = {netloc(start_url)}
        self.requested: set[str] = set()
        self.pages: dict[str, PageFacts] = {}  # final URL → what the page is
        self.linked: dict[str, list[str]] = {}  # URL → anchor texts of the links to it
        self.skipped: dict[str, str] = {}  # URL → why it was not fetched (search, login)
        self.failed: dict[str, str] = {}  # URL → reason
        self.home: str = start_url
        self.home_error: str | None = None
        self.site_title = ""
        self.budget_reached = False

    async def start(self) -> AsyncIterator[Any]:
        self.requested.add(self.start_url)
        yield scrapy.Request(
            self.start_url,
            callback=self.parse_page,
            errback=self.failed_page,
            dont_filter=True,  # a redirect back to an address seen fails as a loop, not silently
            meta={"depth_left": self.depth},
        )

    def _request(self, url: str, depth_left: int) -> scrapy.Request | None:
        if url in self.requested:
            return None
        if len(self.requested) >= self.max_pages:
            self.budget_reached = True
            return None
        self.requested.add(url)
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.failed_page,
            priority=depth_left,  # breadth first: the menus before the pages they lead to
            dont_filter=True,  # ``requested`` is the filter (redirect loops then fail as loops)
            meta={"depth_left": depth_left},
        )

    def parse_page(self, response: Response) -> Iterator[Any]:
        assert response.request is not None
        asked = response.request.meta.get("redirect_urls", [response.request.url])[0]
        ctype = (response.headers.get(b"Content-Type") or b"text/html").decode("latin-1").lower()
        if "html" not in ctype and "xml" not in ctype:
            self.skipped[asked] = "other"
            return
        facts = judge_page(decode_response(response), response.url)
        if asked == self.start_url:
            self.home = response.url
            self.hosts.add(netloc(response.url))
            self.site_title = facts.title
        if response.url != asked and asked in self.linked:
            self.linked.setdefault(response.url, []).extend(self.linked[asked])
        self.pages[response.url] = facts
        depth_left = int(response.meta["depth_left"])
        if depth_left <= 0:
            return
        follow, skipped, new_hosts = nav_links(facts, self.hosts)
        self.hosts |= new_hosts
        for url, why in skipped:
            if why in ("search", "login"):
                self.skipped.setdefault(url, why)
        for url, text in follow:
            self.linked.setdefault(url, []).append(text)
            request = self._request(url, depth_left - 1)
            if request is not None:
                yield request
        facts.links = []  # judged and followed: the page's links are not needed any more

    def failed_page(self, failure: Failure) -> None:
        _status, reason, error = classify_failure(failure)
        request = failed_request(failure)
        url = request.meta.get("redirect_urls", [request.url])[0]
        if url == self.start_url:
            self.home_error = error if reason in ("error", "connection") else f"{reason}: {error}"
        self.failed[url] = str(reason)
