"""The pages read first by the link checker: ``linked_from`` pages and tonight's planned re-reads.

Why apart from ``checker``: a ``linked_from`` page (e.g. the provincial portal) is not a page of a site,
only the place that must link to it; its facts are the links on it, nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.article_dates import decode_response
from crawler.errors import classify_failure, failed_request
from crawler.extract.links import extract_links
from crawler.items import PageLinksItem
from crawler.linkcheck.verdict import distinct_links
from crawler.spec import RecheckPlan, SiteSpec


class LinkedFromMixin:
    """Mixed into ``LinkCheck``; needs ``sites``, ``plan`` and ``check_request``."""

    sites: list[SiteSpec]
    plan: RecheckPlan

    def check_request(self, url: str) -> scrapy.Request | None:  # pragma: no cover (LinkCheck's)
        raise NotImplementedError

    top_up: Callable[[], Iterator[scrapy.Request]]  # checkqueue.QueueMixin's (a stub here would shadow it)

    def start_requests(self) -> Iterator[scrapy.Request]:
        """The ``linked_from`` pages (e.g. the provincial portal), each fetched once; then tonight's
        rolling re-reads and re-checks (``monitor.store.recheck``)."""
        wanted: dict[str, list[str]] = {}
        for site in self.sites:
            for url in site.linked_from:
                wanted.setdefault(url, []).append(site.name)
        for url, names in wanted.items():
            yield scrapy.Request(
                url,
                callback=self.parse_linked_from,
                errback=self.linked_from_failed,
                dont_filter=True,
                priority=5,
                meta={"linked_from_sites": names},
            )
        for url in [*self.plan.pages, *self.plan.targets]:
            request = self.check_request(url)
            if request is not None:
                yield request
        yield from self.top_up()

    def parse_linked_from(self, response: Response) -> Iterator[Any]:
        assert response.request is not None  # a callback's response always carries its request
        for name in response.meta["linked_from_sites"]:
            links = extract_links(decode_response(response), response.url) if isinstance(response, TextResponse) else []
            yield PageLinksItem(
                site=name,
                page_url=response.request.url,
                kind="linked_from",
                status=response.status,
                links=distinct_links(links),
            )

    def linked_from_failed(self, failure: Failure) -> Iterator[Any]:
        status, reason, _ = classify_failure(failure)
        request = failed_request(failure)
        for name in request.meta["linked_from_sites"]:
            yield PageLinksItem(site=name, page_url=request.url, kind="linked_from", status=status, reason=reason)
