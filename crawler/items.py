"""Facts the spider and the link checker yield; ``crawler.pipelines`` hands them to the sink.

Plain dataclasses (Scrapy accepts them as items).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PostItem:
    site: str
    section: str
    url: str
    title: str
    published: str | None  # YYYY-MM-DD, None when the page gives no date
    list_url: str
    key: str = ""  # the store's identity: normalise_url(url), or "title:<title>|<date>" for a link-less row
    link: bool = True  # False: the row's link cannot be followed (never fetched, never link-checked)
    # read by the read of new posts (the top of the list, not the history walk) and not pinned: only such
    # a post, first seen, can be backdated (issue 13: 旧稿新发); older pages read later never are
    at_top: bool = False


@dataclass
class FetchItem:
    """The outcome of fetching a page the monitor cares about (home page, list page)."""

    site: str
    section: str | None
    kind: str  # home | list
    url: str
    status: int | None
    reason: str = ""  # "" when fine; else http_<status>, dns, refused, timeout, tls, redirect_loop, too_large …
    error: str = ""


@dataclass
class HomeDatesItem:
    """The dated items of a home page read fine (``crawler.extract.homedates``): its freshness (issue 13)."""

    site: str
    url: str
    newest: str | None  # YYYY-MM-DD, the newest on or before today; None: no dated item
    items: list[dict] = field(default_factory=list)  # {"title", "url", "date", "year_guessed"}, newest first
    blocks: int = 0


@dataclass
class SectionDoneItem:
    site: str
    section: str
    pages: int
    items: int
    errors: int
    list_ok: bool
    error: str
    started: str
    duration: float  # seconds from crawl start until the section finished


@dataclass
class ProgressItem:
    """A column's history-walk progress (``monitor.store.progress`` columns to update). Yielded after
    the posts of the page it follows, so the store never holds a frontier beyond what it stored."""

    site: str
    section: str
    values: dict


@dataclass
class PageLinksItem:
    """One page read (its links: one entry per distinct target, first link text; its hidden links; the
    home page's footer), or re-read unchanged (``unchanged``: 304), or found gone (``gone``: 404/410)."""

    site: str
    page_url: str
    kind: str  # home | list | article | linked_from
    status: int | None
    reason: str = ""  # "" when the page was fetched fine
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (url, text, tag)
    hidden: list[dict] = field(default_factory=list)  # HiddenLink as dicts
    footer: dict | None = None  # home pages: {"found", "how", "text", "links"}
    etag: str = ""
    last_modified: str = ""
    unchanged: bool = False
    gone: bool = False


@dataclass
class LinkResultItem:
    """The verdict on one distinct target URL (each is checked once per crawl)."""

    url: str
    ok: bool
    reason: str  # "" | http_<status> | dns | refused | timeout | tls | redirect_loop | soft_404 |
    #              login_required | rate_limited | connection | error
    status: int | None = None
    method: str = "HEAD"  # the method of the answer that decided
    final_url: str = ""
    detail: str = ""
    attempts: int = 1
