"""Link checking inside Scrapy's engine: every distinct link target once per crawl.

The spider hands each crawled page to ``LinkCheck.on_page``; it stores the page's links, footer and
hidden links as items and queues one check per new target (``checkqueue``): HEAD for files, GET (at
most ``GET_BODY_CAP`` bytes read) for what is likely a page, whose body tells a soft 404 or a login page
(``verdict.check_method``). A HEAD refused or answered 405/501 (or any error, to confirm it) is followed
by a GET; a transient failure (timeout, reset, 502/503/504) is retried once; 429 waits for Retry-After.
Post pages are fetched with GET once and their own links are checked too. Same-site page targets wait
for the idle spider (``reuse``): the crawl often reads them itself, and its answer is their verdict.

With the link inventory (issue 9) a target or page verified within ``recheck_days`` is not fetched
again: the monitor plans the rolling re-reads (conditional GET; a 304 keeps the stored links) and
re-checks before the crawl (a ``crawler.spec.RecheckPlan``, requested from ``start_requests``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.python.failure import Failure

from crawler.article_dates import decode_response
from crawler.errors import classify_failure, failed_request
from crawler.extract.footer import footer_in
from crawler.extract.hidden import hidden_links_in
from crawler.extract.html import base_url, parse_html
from crawler.extract.links import is_attachment, links_in, resolve
from crawler.extract.spamwords import DEFAULT_KEYWORDS
from crawler.items import LinkResultItem, PageLinksItem
from crawler.linkcheck.checkqueue import QueueMixin
from crawler.linkcheck.linkcap import cap_links
from crawler.linkcheck.linkedfrom import LinkedFromMixin
from crawler.linkcheck.reuse import DeferMixin, site_hosts
from crawler.linkcheck.verdict import (
    check_method,
    distinct_links,
    link_filter,
    looks_like_login,
    page_verdict,
    retry_after_seconds,
    site_ignores,
    title_and_text,
)
from crawler.reasons import Reason, http_reason
from crawler.spec import CrawlSpec, RecheckPlan

# statuses the check callback sees itself (3xx are followed by the redirect middleware; 304 answers
# a conditional re-read)
HANDLED_STATUSES = [304, *range(400, 600)]
GONE_STATUSES = {404, 410}
TRANSIENT_STATUSES = {408, 502, 503, 504}
MAX_RATE_WAITS = 2  # 429 answers honoured before the URL is reported as unverified
MAX_RETRY_AFTER = 60  # seconds; a longer Retry-After is not waited for within a crawl
GET_BODY_CAP = 1024 * 1024  # bytes read from a GET that only checks a page (soft 404, login)


class LinkCheck(LinkedFromMixin, QueueMixin, DeferMixin):
    """Per-crawl link-check state for one spider: which targets were scheduled, which are posts."""

    def __init__(self, spec: CrawlSpec, plan: RecheckPlan | None = None, now: Callable[[], datetime] | None = None):
        self.spec = spec
        self.sites = sites = spec.sites
        self.now = now
        self.enabled = bool(spec.check_links)
        self.keywords = tuple(spec.hidden_link_keywords) if spec.hidden_link_keywords is not None else DEFAULT_KEYWORDS
        # pages the spider fetches itself are not checked again: their failures are site/section findings
        self.scheduled = {u for s in sites for u in (s.url, *(c.url for c in s.sections), *s.linked_from)}
        self.parsed: set[str] = set()
        self.posts: dict[str, str] = {}  # post URL -> site that lists it
        self.done_pages: set[str] = set()  # pages whose facts were emitted
        self.inflight: set[str] = set()  # targets whose check has not ended yet
        # what the inventory already knows and what is due tonight (without a plan: check everything)
        self.plan = plan or RecheckPlan()
        self.due_targets = set(self.plan.targets)
        self.checkable = link_filter(spec)
        self.ignored = site_ignores(spec)  # per site: never requested for it (not marked scheduled either)
        self.deferred: dict[str, None] = {}  # same-site page targets waiting for the crawl (reuse.py)
        self.read_hosts = site_hosts(sites)
        self.waiting: deque[tuple[str, str]] = deque()  # checks not yet handed to Scrapy (checkqueue.py)
        self.outstanding = 0  # of them in Scrapy's hands

    # --- pages ----------------------------------------------------------------------------------
    def on_page(
        self,
        response: Response,
        site: str,
        kind: str,
        posts: Iterable[str] = (),
        root: Any = None,
        text: str | None = None,
        page_url: str | None = None,
    ) -> Iterator[Any]:
        """Facts of one crawled page (home | list | article) and check requests for its new targets.
        ``text`` is the page decoded by the caller (else decoded here); ``root`` its parse, if any;
        ``page_url`` the URL the inventory knows it by (default: the URL asked for, before redirects)."""
        assert response.request is not None  # a callback's response always carries its request
        page_url = page_url or (response.meta.get("redirect_urls") or [response.request.url])[0]
        if not isinstance(response, TextResponse) or page_url in self.done_pages:
            return
        self.done_pages.add(page_url)
        html = text if text is not None else decode_response(response)
        url = response.url
        self.parsed.update((page_url, response.request.url))
        self.scheduled.update((page_url, response.request.url))
        # spelled like link targets; link-less rows (empty or javascript: URLs) are never checked
        posts = [resolve(url, p) or p for p in posts if p and not p.strip().lower().startswith("javascript:")]
        for post in posts:
            self.posts.setdefault(post, site)
        if root is None:
            root = parse_html(html)  # once for links, footer and hidden links
        yield from self.crawl_verdict(response, page_url, root)  # a target waiting for this very read
        links = links_in(root, base_url(root, url))
        links = cap_links(links, site, page_url, self.spec.max_links_per_page)
        site_url = next((s.url for s in self.sites if s.name == site), url)
        footer = None
        if kind == "home":
            found = footer_in(root, url)
            footer = {
                "found": found.found,
                "how": found.how,
                "text": found.text,
                "links": [link.url for link in found.links],
            }
        hidden = [h.__dict__ for h in hidden_links_in(root, html, url, [site_url], self.keywords)]
        header = response.headers.get
        yield PageLinksItem(
            site=site,
            page_url=page_url,
            kind=kind,
            status=response.status,
            links=distinct_links(links),
            hidden=hidden,
            footer=footer,
            etag=(header("ETag") or b"").decode("latin-1"),
            last_modified=(header("Last-Modified") or b"").decode("latin-1"),
        )
        if self.enabled:
            for link in links:
                if self.ignored(site, link.url):
                    continue
                request = self.check_request(link.url, link.tag)
                if request is not None:
                    yield request
            # posts first seen elsewhere (e.g. on the home page) and already checked without being
            # read: read them now (a check still under way reads them when it ends, see ``checked``);
            # queued like the checks (``now_request`` reads a listed post as a post)
            for post in posts:
                if (
                    kind == "list"
                    and post in self.scheduled
                    and post not in self.parsed
                    and post not in self.inflight
                    and post not in self.plan.live_pages
                ):
                    self.undefer(post)
                    self.enqueue(post, "GET")
            yield from self.top_up()

    # --- checks ----------------------------------------------------------------------------------
    def check_request(self, url: str, tag: str = "") -> scrapy.Request | None:
        """The first request for a re-read page; None for a target scheduled before, not checked, verified
        within ``recheck_days`` (the inventory's due ones are requested from the start), waiting for the
        crawl to read it (``reuse``; requested when the spider is idle), or queued (``checkqueue``: sent by
        the caller's ``top_up``)."""
        if not url or url in self.scheduled:
            return None
        self.scheduled.add(url)
        if not self.checkable(url):
            return None
        due = self.plan.pages.get(url)
        if due is not None:  # a rolling re-read: conditional GET, parsed as the kind it was read as
            self.parsed.add(url)
            self.inflight.add(url)
            return self._request(
                url,
                "GET",
                parse_site=due["site"],
                page_kind=due["kind"],
                validators=(due["etag"], due["last_modified"]),
            )
        if url in self.plan.live_pages or (url in self.plan.verified and url not in self.due_targets):
            return None
        method = check_method(url, tag)
        if method == "GET" and self.may_be_read(url):
            self.deferred[url] = None
            return None
        self.enqueue(url, method)
        return None

    def now_request(self, url: str, method: str = "GET") -> scrapy.Request:
        """The check (or, for a post, the read) of a target, sent now."""
        self.inflight.add(url)
        if url in self.posts:
            self.parsed.add(url)
            return self._request(url, "GET", parse_site=self.posts[url])
        return self._request(url, method)

    def _request(
        self,
        url: str,
        method: str,
        attempt: int = 1,
        parse_site: str | None = None,
        rate_waits: int = 0,
        page_kind: str | None = None,
        validators: tuple[str | None, str | None] = (None, None),
    ) -> scrapy.Request:
        meta = {
            "linkcheck": {
                "url": url,
                "attempt": attempt,
                "parse_site": parse_site,
                "rate_waits": rate_waits,
                "page_kind": page_kind,
                "validators": validators,
            },
            "dont_retry": True,
            "handle_httpstatus_list": HANDLED_STATUSES,
        }
        if method == "GET" and parse_site is None:
            meta["download_maxsize"] = GET_BODY_CAP
        etag, modified = validators
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
        return scrapy.Request(
            url,
            method=method,
            callback=self.checked,
            errback=self.check_failed,
            dont_filter=True,
            priority=-1,
            meta=meta,
            headers=headers or None,
        )

    def _again(self, response_or_request: Any, method: str | None = None, **changes: Any) -> scrapy.Request:
        request = getattr(response_or_request, "request", response_or_request)
        st = dict(request.meta["linkcheck"])
        st.update(changes)
        return self._request(
            st["url"],
            method or request.method,
            attempt=st["attempt"],
            parse_site=st["parse_site"],
            rate_waits=st["rate_waits"],
            page_kind=st["page_kind"],
            validators=st["validators"],
        )

    def _page_gone(self, st: dict, status: int | None, reason: str) -> Iterator[PageLinksItem]:
        """A re-read page that no longer exists stops carrying its links (its target fails too)."""
        if st["page_kind"]:
            yield PageLinksItem(
                site=st["parse_site"], page_url=st["url"], kind=st["page_kind"], status=status, reason=reason, gone=True
            )

    async def checked(self, response: Response) -> AsyncIterator[Any]:
        """A check's answer; then the waiting checks that fit now."""
        self.check_ended(response.request)
        async for out in self._checked(response):
            yield out
        for request in self.top_up():
            yield request

    def check_failed(self, failure: Failure) -> Iterator[Any]:
        self.check_ended(failed_request(failure))
        yield from self._check_failed(failure)
        yield from self.top_up()

    async def _checked(self, response: Response) -> AsyncIterator[Any]:
        request = response.request
        assert request is not None  # a callback's response always carries its request
        st = request.meta["linkcheck"]
        url, method, status = st["url"], request.method, response.status
        redirected = bool(response.meta.get("redirect_urls"))
        result = dict(
            url=url, status=status, method=method, final_url=response.url if redirected else "", attempts=st["attempt"]
        )
        if status == 304 and st["page_kind"]:  # re-read, not modified: the stored links stand
            # no detail: 304 says it (a detail that came and went rewrote the row longer each night)
            yield self._result(st, ok=True, reason="", detail="", **result)
            self.done_pages.add(url)
            yield PageLinksItem(site=st["parse_site"], page_url=url, kind=st["page_kind"], status=304, unchanged=True)
            return
        if (redirected and looks_like_login(response.url) and not looks_like_login(url)) or status == 401:
            yield self._result(
                st, ok=False, reason=Reason.LOGIN_REQUIRED, detail=f"asks for a login ({response.url})", **result
            )
            return
        if method == "HEAD" and status in (405, 501):
            yield self._again(response, "GET")
            return
        if status == 429:
            wait = retry_after_seconds(response.headers.get("Retry-After"), self.now() if self.now else None)
            wait = 1.0 if wait is None else wait
            if st["rate_waits"] < MAX_RATE_WAITS and wait <= MAX_RETRY_AFTER:
                await _sleep(wait)
                yield self._again(response, rate_waits=st["rate_waits"] + 1)
                return
            yield self._result(
                st,
                ok=False,
                reason=Reason.RATE_LIMITED,
                detail="the server kept answering 429 Too Many Requests; not verified",
                **result,
            )
            return
        if status in TRANSIENT_STATUSES and st["attempt"] < 2:
            yield self._again(response, attempt=st["attempt"] + 1)
            return
        if status >= 400:
            if method == "HEAD":  # many servers answer HEAD wrongly (403, 404, even 500); GET decides
                yield self._again(response, "GET")
                return
            yield self._result(st, ok=False, reason=http_reason(status), detail=f"HTTP {status}", **result)
            if status in GONE_STATUSES:
                for item in self._page_gone(st, status, http_reason(status)):
                    yield item
            return
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
        html = "html" in ctype or (not ctype and not is_attachment(response.url))
        if method == "HEAD":
            if html and not is_attachment(url):
                yield self._again(response, "GET")  # only a body tells a soft 404 or a login page
                return
            yield self._result(st, ok=True, reason="", **result)
            return
        text = decode_response(response) if html and isinstance(response, TextResponse) else None
        root = parse_html(text) if text is not None else None
        title, body = title_and_text(root) if root is not None else ("", "")
        ok, reason, detail = page_verdict(url, response.url, redirected, title, body)  # title "" unless HTML
        if not ok:
            yield self._result(st, ok=False, reason=reason, detail=detail, **result)
            if reason == Reason.SOFT_404:
                for item in self._page_gone(st, status, Reason.SOFT_404):
                    yield item
            return
        yield self._result(st, ok=True, reason="", **result)
        parse_site = st["parse_site"] or (self.posts.get(url) if html else None)  # listed meanwhile?
        if parse_site:
            self.parsed.add(url)
            for item in self.on_page(
                response, parse_site, st["page_kind"] or "article", root=root, text=text, page_url=url
            ):
                yield item

    def _check_failed(self, failure: Failure) -> Iterator[Any]:
        request = failed_request(failure)
        st = request.meta["linkcheck"]
        status, reason, error = classify_failure(failure)
        redirects = request.meta.get("redirect_urls") or []
        result = dict(
            url=st["url"],
            status=status,
            method=request.method,
            attempts=st["attempt"],
            final_url=request.url if redirects else "",
        )
        if reason == Reason.TOO_LARGE:  # the server is sending the file: it exists
            yield self._result(st, ok=True, reason="", detail="larger than the check reads; exists", **result)
            return
        if redirects and looks_like_login(request.url) and not looks_like_login(st["url"]):
            yield self._result(
                st,
                ok=False,
                reason=Reason.LOGIN_REQUIRED,
                detail=f"redirects to a login page ({request.url})",
                **result,
            )
            return
        if (
            request.method == "HEAD"
            and reason in (Reason.REFUSED, Reason.CONNECTION, Reason.ERROR)
            and st["attempt"] < 2
        ):
            yield self._again(request, "GET", attempt=st["attempt"] + 1)
            return
        if reason in (Reason.TIMEOUT, Reason.CONNECTION) and st["attempt"] < 2:
            yield self._again(request, attempt=st["attempt"] + 1)
            return
        yield self._result(st, ok=False, reason=reason, detail=error, **result)

    def _result(self, st: dict, **fields: Any) -> LinkResultItem:
        self.inflight.discard(st["url"])
        return LinkResultItem(**fields)


async def _sleep(seconds: float) -> None:
    """Wait without blocking the engine (other checks go on meanwhile)."""
    from twisted.internet import (  # imported late: Scrapy installs the reactor first
        reactor,
        task,
    )

    await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))
