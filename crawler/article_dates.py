"""Spider helpers for list pages whose dates live elsewhere, and for decoding pages right.

``ListDatesMixin`` holds a list page back while the article pages it needs for dates are fetched
(undated lists, year-less lists, pinned year-less posts, ``date_source = "article"``), then hands the
page with its dates to the spider's ``emit_page`` (which stores posts and decides on the next page), so
pagination and backfill decisions always see real dates. The pure parts live in
``crawler.extract.listdates`` and ``crawler.extract.article``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.errors import failed_request
from crawler.extract.article import article_date_in
from crawler.extract.encoding import charset_from_content_type, decode_page
from crawler.extract.html import parse_html
from crawler.extract.listdates import plan_dates, resolve_dates
from crawler.extract.listpage import ListPage
from crawler.extract.pagination import is_jcms_proxy, jcms_form
from crawler.extract.urls import normalise_url


def list_request(url: str, **kwargs: Any) -> scrapy.Request:
    """A list-page request; 大汉 JCMS dataproxy pages are POSTed with their form, as the JCMS pager
    does (the record range stays in the query string, so the URL still names the page)."""
    if is_jcms_proxy(url):
        return scrapy.FormRequest(url, formdata=jcms_form(url), **kwargs)
    return scrapy.Request(url, **kwargs)


def decode_response(response: Response) -> str:
    """The response body as text, trusting the bytes over a wrong or missing charset label."""
    header = response.headers.get(b"Content-Type") if hasattr(response, "headers") else None
    label = charset_from_content_type(header.decode("latin-1")) if header else None
    return decode_page(response.body or b"", label)


@dataclass
class PageJob:
    """A list page waiting for the article pages that date its posts."""

    key: tuple[str, str]
    page: ListPage
    list_url: str
    waiting: int = 0
    article_dates: dict[str, date | None] = field(default_factory=dict)


class ListDatesMixin:
    """Mixed into PortalSpider; needs ``states``, ``emit_page(state, page, dates, list_url)``, ``_maybe_done``."""

    # provided by PortalSpider (logger by scrapy.Spider): declared so the type checker knows them
    states: dict[tuple[str, str], Any]
    logger: Any
    emit_page: Callable[..., Iterator[Any]]
    _maybe_done: Callable[..., Iterator[Any]]

    def date_page(self, state: Any, page: ListPage, list_url: str) -> Iterator[Any]:
        anchors: dict = self.__dict__.setdefault("_date_anchors", {})
        key = (state.site.name, state.section.name)
        log = self.logger.warning if "override ignored" in page.rule else self.logger.info
        log(
            "list %s [%s/%s]: %d posts, next %s; rule: %s",
            list_url,
            key[0],
            key[1],
            len(page.items),
            page.next_pages[:1] or "-",
            page.rule,
        )
        plan = plan_dates(page.items, anchors.get(key), state.section.date_source)
        job = PageJob(key, page, list_url)
        # a stored post keeps its stored date (the store never overwrites a date with None)
        urls = [u for u in plan.article_urls if normalise_url(u) not in state.known or u == plan.anchor_url]
        if not urls:
            yield from self._finish_job(job)
            return
        job.waiting = len(urls)
        for url in urls:
            state.pending += 1
            yield scrapy.Request(
                url,
                callback=self.parse_article,
                errback=self.article_failed,
                dont_filter=True,
                priority=5,
                meta={"job": job, "article_url": url, "site": key[0], "section": key[1]},
            )

    def parse_article(self, response: Response) -> Iterator[Any]:
        job: PageJob = response.meta["job"]
        ctype = (response.headers.get(b"Content-Type") or b"text/html").decode("latin-1").lower()
        html = "html" in ctype or "xml" in ctype or "text/plain" in ctype
        text = decode_response(response) if html else ""
        root = parse_html(text) if html else None  # one parse for its date, links and hidden links
        found = article_date_in(root, text, response.url)[0] if root is not None else None
        if root is not None and hasattr(self, "links"):  # its links, hidden links (issue 4)
            yield from self.links.on_page(response, response.meta["site"], "article", root=root, text=text)
        yield from self._article_done(job, response.meta["article_url"], found)

    def article_failed(self, failure: Failure) -> Iterator[Any]:
        request = failed_request(failure)
        self.logger.warning("article page failed: %s (%s)", request.url, failure.getErrorMessage())
        yield from self._article_done(request.meta["job"], request.meta["article_url"], None)

    def _article_done(self, job: PageJob, url: str, found: date | None) -> Iterator[Any]:
        state = self.states[job.key]
        state.pending -= 1
        job.article_dates[url] = found
        job.waiting -= 1
        if job.waiting == 0:
            yield from self._finish_job(job)
        yield from self._maybe_done(state)

    def _finish_job(self, job: PageJob) -> Iterator[Any]:
        state = self.states[job.key]
        anchors: dict = self.__dict__.setdefault("_date_anchors", {})
        dates, anchor = resolve_dates(
            job.page.items, job.article_dates, anchors.get(job.key), state.section.date_source
        )
        anchors[job.key] = anchor
        yield from self.emit_page(state, job.page, dates, job.list_url)
