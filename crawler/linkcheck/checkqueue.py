"""Check requests wait as ``(url, method)`` pairs until Scrapy's scheduler runs low on them.

Why: a check is a ``scrapy.Request`` of about 1 KB (meta, headers, callbacks), and checks have a lower
priority than pages, so Scrapy's scheduler held every check of the night until the pages were done:
about 220,000 requests on a 100,000-page world, the one cost that grew with the world's size. Here at
most ``QUEUED_MAX`` check requests exist at a time; the rest wait as two strings each, in the order
their pages linked them. Each check that ends (its callback or errback) makes room for the next.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any

import scrapy

# check requests handed to Scrapy at once: far above any per-host concurrency, far below a night's targets
QUEUED_MAX = 256
FLAG = "queued_check"  # meta key on a request that holds one of the QUEUED_MAX places


class QueueMixin:
    """Mixed into ``LinkCheck`` before ``DeferMixin``; needs ``now_request`` and ``inflight``."""

    waiting: deque[tuple[str, str]]
    outstanding: int  # requests from the queue whose check has not reached its callback or errback
    inflight: set[str]

    def now_request(self, url: str, method: str = "GET") -> scrapy.Request:  # pragma: no cover (LinkCheck's)
        raise NotImplementedError

    def enqueue(self, url: str, method: str) -> None:
        """A check to send when there is room (in flight from now on: a list page does not read it again)."""
        self.inflight.add(url)
        self.waiting.append((url, method))

    def _next(self) -> scrapy.Request:
        url, method = self.waiting.popleft()
        self.outstanding += 1
        request = self.now_request(url, method)  # a target listed as a post meanwhile is read as one
        request.meta[FLAG] = True
        return request

    def top_up(self) -> Iterator[scrapy.Request]:
        """The waiting checks that fit in the scheduler now."""
        while self.waiting and self.outstanding < QUEUED_MAX:
            yield self._next()

    def check_ended(self, request: Any) -> None:
        """A check's callback or errback ran: its place is free (a redirect's request carries the flag on;
        a HEAD followed by a GET frees the place when the HEAD ends)."""
        if request is not None and request.meta.pop(FLAG, False):
            self.outstanding = max(0, self.outstanding - 1)

    def release(self, limit: int | None = None) -> list[scrapy.Request]:
        """When the spider is idle or the crawl's deadline passed: the waiting checks first (up to
        ``limit``), then the targets that waited for the crawl to read them (``reuse.DeferMixin``)."""
        self.outstanding = 0  # idle or closing: none of ours is in Scrapy's hands any more
        n = len(self.waiting) if limit is None else min(limit, len(self.waiting))
        out = [self._next() for _ in range(n)]
        if limit is not None and n >= limit:
            return out
        return out + super().release(None if limit is None else limit - n)  # type: ignore[misc]
