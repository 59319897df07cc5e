"""Facts about links that the link checker yields; ``crawler.linkpipeline`` stores them."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageLinksItem:
    """One crawled page and the links on it (one entry per distinct target, first link text)."""
    site: str
    page_url: str
    kind: str  # home | list | article | linked_from
    status: int | None
    reason: str = ""  # "" when the page was fetched fine
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (url, text, tag)


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


@dataclass
class HiddenLinksItem:
    site: str
    page_url: str
    hidden: list[dict] = field(default_factory=list)  # HiddenLink as dicts


@dataclass
class FooterItem:
    site: str
    page_url: str
    found: bool
    how: str = ""
    text: str = ""
    links: list[str] = field(default_factory=list)
