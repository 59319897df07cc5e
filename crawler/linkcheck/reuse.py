"""Checks the crawl can answer itself: a same-site page target waits until the spider is idle.

Why: a list page links to its next pages and a related-posts box links to articles listed further down
their column; checked at once, each of those is fetched twice (by the check, then by the column walk or
as a post). So a likely-HTML target on a configured site's host is deferred: if the crawl reads the page
meanwhile, the crawl's own answer is the target's verdict (``page_verdict``: a login page, a soft 404,
else fine); if it is listed as a post meanwhile, it is read once as a post; only what neither happened
to is checked when the spider is idle (Scrapy's ``spider_idle``, so nothing else is left to fetch).
Attachments, images and off-site targets are never read by the crawl and are checked at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from crawler.hostslot import host_port
from crawler.items import LinkResultItem
from crawler.linkcheck.verdict import page_verdict, title_and_text
from crawler.spec import SiteSpec

# deferred targets scheduled per idle round: the scheduler's queue stays small (a 20,000-page world
# defers most of its article reads); the spider is idle again as soon as a round is done
RELEASE_BATCH = 1000


def site_hosts(sites: list[SiteSpec]) -> set[str]:
    """host:port of every configured site and column URL: where the crawl itself reads pages."""
    return {host_port(u) for s in sites for u in (s.url, *(sec.url for sec in s.sections))}


class DeferMixin:
    """Mixed into ``LinkCheck``; needs ``now_request``."""

    deferred: dict[str, None]  # target URL -> None, in the order first linked (a dict keeps it)
    read_hosts: set[str]

    def now_request(self, url: str, method: str = "GET") -> scrapy.Request:  # pragma: no cover (LinkCheck's)
        raise NotImplementedError

    def may_be_read(self, url: str) -> bool:
        """A likely page on a host the crawl reads: the crawl may fetch it itself before long."""
        return host_port(url) in self.read_hosts

    def crawl_verdict(self, response: Response, page_url: str, root: Any) -> Iterator[LinkResultItem]:
        """The verdict on a deferred target that the crawl has just read (no check request)."""
        assert response.request is not None  # a callback's response always carries its request
        for url in dict.fromkeys((page_url, response.request.url)):
            if url in self.deferred:
                del self.deferred[url]
                redirected = bool(response.meta.get("redirect_urls"))
                title, body = title_and_text(root) if root is not None else ("", "")
                ok, reason, detail = page_verdict(url, response.url, redirected, title, body)
                yield LinkResultItem(
                    url=url,
                    ok=ok,
                    reason=reason,
                    status=response.status,
                    method=response.request.method,
                    final_url=response.url if redirected else "",
                    detail=detail,
                )

    def undefer(self, url: str) -> bool:
        """Whether ``url`` was waiting (it is requested now by the caller, e.g. as a post)."""
        return self.deferred.pop(url, 0) is None

    def release(self, limit: int | None = None) -> list[scrapy.Request]:
        """The deferred targets nobody fetched (the first ``limit`` of them): checked now (posts among
        them are read)."""
        urls = list(islice(self.deferred, limit))
        for url in urls:
            del self.deferred[url]
        return [self.now_request(url) for url in urls]

    def on_idle(self, spider: scrapy.Spider) -> None:
        """``spider_idle``: schedule what waited; the spider stays open while there is any."""
        requests = self.release(RELEASE_BATCH)
        if not requests:
            return
        assert spider.crawler.engine is not None  # idle is sent by a running engine
        for request in requests:
            spider.crawler.engine.crawl(request)
        raise DontCloseSpider

    def connect(self, crawler: Any) -> None:
        crawler.signals.connect(self.on_idle, signal=signals.spider_idle)
