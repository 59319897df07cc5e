"""Bounds per night (issue 10): a request budget per site, a whole-crawl deadline, a body-size cap that
also holds for responses without Content-Length.

Three Scrapy components share one ``BoundsState`` (kept on the crawler):

- ``SiteBudget`` (downloader middleware): counts the requests sent for each configured site and refuses
  the ones over ``CAMPUS_MONITOR_MAX_REQUESTS_PER_SITE`` with ``BudgetExhausted``. It also enforces the
  deadline: a request after it is refused with ``DeadlineReached``, and a request sent before it gets a
  download timeout that ends at the deadline (a page that hangs cannot hold the crawl past it).
- ``Bounds`` (extension): starts the deadline clock when the spider opens; when it runs out, notes the
  sites that still had requests waiting and closes the spider with reason ``deadline``.
- ``BodySizeLimit`` (extension): Scrapy stops a streamed body (no Content-Length) that passes
  DOWNLOAD_MAXSIZE by cancelling it, which surfaces as an anonymous ``DownloadCancelledError``; this
  stops it one chunk earlier with ``BodyTooLarge``, so ``classify_failure`` says ``too_large``.

Which site a request belongs to (``site_of``): ``meta["site"]`` where the spider sets it (home, list and
article pages); else the site whose page listed the target first (``linkcheck.linkcap.CAPS``, for link
checks, their retries and GET-after-HEAD); else the site whose configured URLs share the request's host.
Other requests (e.g. ``linked_from`` portals) are not charged to any site.
"""

from __future__ import annotations

import time
import weakref
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured, StopDownload

from crawler.linkcheck import linkcap
from crawler.reasons import Reason

DEADLINE_REASON = Reason.DEADLINE  # the spider's finish_reason when the deadline closed it


class BudgetExhausted(IgnoreRequest):
    """The site used up ``max_requests_per_site`` tonight; this request was not sent."""


class DeadlineReached(IgnoreRequest):
    """The crawl reached ``max_crawl_minutes``; this request was not sent or was cut off."""


class BodyTooLarge(StopDownload):
    """The body passed the size limit while streaming (no or a false Content-Length)."""

    def __init__(self, received: int, limit: int):
        super().__init__(fail=True)
        self.received, self.limit = received, limit

    def __str__(self) -> str:
        return f"body passed the max size ({self.limit} bytes) after {self.received} bytes"


class BoundsState:
    """What the bounds saw in one crawl: requests per site, sites cut short and why."""

    def __init__(self, crawler: Any):
        settings = crawler.settings
        self.crawler = crawler
        self.budget = settings.getint("CAMPUS_MONITOR_MAX_REQUESTS_PER_SITE", 0)  # 0: no budget
        self.deadline_seconds = settings.getfloat("CAMPUS_MONITOR_MAX_CRAWL_SECONDS", 0.0)  # 0: none
        self.timeout = settings.getfloat("DOWNLOAD_TIMEOUT", 180.0)
        self.started: float | None = None
        self.expired = False
        self.requests: dict[str, int] = {}
        self.cut_short: dict[str, str] = {}  # site -> "budget" | "deadline"
        self._hosts: dict[str, str] | None = None

    @classmethod
    def of(cls, crawler: Any) -> BoundsState:
        state = getattr(crawler, "campus_bounds", None)
        if state is None:
            state = crawler.campus_bounds = cls(crawler)
        return state

    def remaining(self) -> float | None:
        if not self.deadline_seconds or self.started is None:
            return None
        return self.deadline_seconds - (time.monotonic() - self.started)

    def site_of(self, request: Any) -> str | None:
        site = request.meta.get("site")
        if site:
            return site
        check = request.meta.get("linkcheck") or {}
        target = check.get("url") or request.url
        site = check.get("parse_site") or linkcap.CAPS.target_site.get(target)
        if site:
            return site
        return self._host_sites().get((urlsplit(request.url).hostname or "").lower())

    def _host_sites(self) -> dict[str, str]:
        if self._hosts is None:
            self._hosts = {}
            for site in getattr(self.crawler.spider, "sites", []):
                for url in [site.url, *(s.url for s in site.sections)]:
                    self._hosts.setdefault((urlsplit(url).hostname or "").lower(), site.name)
        return self._hosts

    def cut(self, site: str | None, why: str) -> None:
        if site:
            self.cut_short.setdefault(site, why)

    def summary(self) -> dict[str, Any]:
        return {
            "deadline_reached": self.expired,
            "requests_per_site": dict(self.requests),
            "sites_cut_short": dict(self.cut_short),
        }


class SiteBudget:
    """Downloader middleware: the per-site request budget and the deadline, request by request."""

    def __init__(self, state: BoundsState):
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Any) -> SiteBudget:
        return cls(BoundsState.of(crawler))

    def process_request(self, request: Any) -> None:
        state = self.state
        site = state.site_of(request)
        remaining = state.remaining()
        if state.expired or (remaining is not None and remaining <= 0):
            state.cut(site, "deadline")
            raise DeadlineReached("crawl deadline reached ([monitor] max_crawl_minutes); not fetched")
        if site is not None and state.budget:
            used = state.requests.get(site, 0)
            if used >= state.budget:
                state.cut(site, "budget")
                raise BudgetExhausted(
                    f"site {site!r} used its {state.budget} requests for tonight "
                    "([monitor] max_requests_per_site); not fetched"
                )
            state.requests[site] = used + 1
        if remaining is not None:
            timeout = float(request.meta.get("download_timeout") or state.timeout)
            if remaining < timeout:  # a hanging server cannot hold the crawl past the deadline
                request.meta["download_timeout"] = max(remaining, 0.1)
                request.meta["bounds_deadline_cut"] = True

    def process_exception(self, request: Any, exception: Exception) -> None:
        """A download cut off by the deadline's timeout is ``DeadlineReached``, not a slow site."""
        if request.meta.get("bounds_deadline_cut") and "timeout" in type(exception).__name__.lower():
            self.state.cut(self.state.site_of(request), "deadline")
            raise DeadlineReached("crawl deadline reached ([monitor] max_crawl_minutes) during the download")


class Bounds:
    """Extension: the whole-crawl deadline (``CAMPUS_MONITOR_MAX_CRAWL_SECONDS``).

    Scrapy's CloseSpider (CLOSESPIDER_TIMEOUT) would close the spider too, but silently drops what is
    still queued; this one first notes the sites whose requests were still waiting, so the crawl can say
    which sites were cut short and the checks leave them alone.
    """

    def __init__(self, crawler: Any, state: BoundsState):
        self.crawler, self.state = crawler, state
        self.timer: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> Bounds:
        ext = cls(crawler, BoundsState.of(crawler))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.request_scheduled, signal=signals.request_scheduled)
        return ext

    def spider_opened(self, spider: Any) -> None:
        from scrapy.utils.asyncio import call_later

        linkcap.reset(self.crawler.settings.getint("CAMPUS_MONITOR_MAX_LINKS_PER_PAGE", 0) or None)
        self.state.started = time.monotonic()
        if self.state.deadline_seconds:
            self.timer = call_later(self.state.deadline_seconds, self.deadline)

    def deadline(self) -> None:
        from scrapy.utils.defer import (
            _schedule_coro,  # what Scrapy's own CloseSpider uses
        )

        self.timer = None
        state = self.state
        state.expired = True
        engine = self.crawler.engine
        scheduler = getattr(getattr(engine, "_slot", None), "scheduler", None)
        if scheduler is None:  # cannot see what was waiting: every site counts as cut short
            for site in getattr(self.crawler.spider, "sites", []):
                state.cut(site.name, "deadline")
        else:
            while scheduler.has_pending_requests():
                request = scheduler.next_request()
                if request is None:
                    break
                state.cut(state.site_of(request), "deadline")
            links = getattr(self.crawler.spider, "links", None)  # checks waiting for the idle spider
            for request in links.release() if links is not None else []:
                state.cut(state.site_of(request), "deadline")
        _schedule_coro(engine.close_spider_async(reason=DEADLINE_REASON))

    def request_scheduled(self, request: Any, spider: Any = None) -> None:
        if self.state.expired:  # produced after the deadline: it will never be sent
            self.state.cut(self.state.site_of(request), "deadline")

    def spider_closed(self, spider: Any, reason: str = "") -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


class BodySizeLimit:
    """Extension: DOWNLOAD_MAXSIZE (or ``meta["download_maxsize"]``) also for bodies of unknown length."""

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self.received: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler: Any) -> BodySizeLimit:
        maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        if not maxsize:
            raise NotConfigured
        ext = cls(maxsize)
        crawler.signals.connect(ext.bytes_received, signal=signals.bytes_received)
        return ext

    def bytes_received(self, data: bytes, request: Any, spider: Any = None) -> None:
        total = self.received.get(request, 0) + len(data)
        self.received[request] = total
        limit = request.meta.get("download_maxsize", self.maxsize)
        if limit and total > limit:
            self.received.pop(request, None)
            raise BodyTooLarge(total, limit)
