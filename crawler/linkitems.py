"""Facts about links that the link checker yields; ``crawler.linkpipeline`` stores them in the inventory."""
from __future__ import annotations

from dataclasses import dataclass, field


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
