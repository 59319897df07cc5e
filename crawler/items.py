"""Facts the spider yields; the pipeline stores them. Plain dataclasses (Scrapy accepts them as items)."""
from __future__ import annotations

from dataclasses import dataclass


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
