"""What a crawl is asked to do, in the crawler's own plain types (``monitor.handoff`` builds them).

Why: the crawler imports nothing from ``monitor/``; the monitor's config is read there and handed over as
these dataclasses, with only the fields the spiders and the link checker use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SectionSpec:
    """One column (栏目) to read: its list URL, how far back, and the user's selector overrides."""

    name: str
    url: str
    stale_after_days: int
    backfill_days: int
    max_pages: int
    item: str | None = None
    title: str | None = None
    date: str | None = None
    next_page: str | None = None
    date_source: str = "list"
    type: str | None = None  # the inspection's column type (issue 13); not used by the crawl itself
    checklist: list[int] = field(default_factory=list)  # disclosure checklist items (issue 13)


@dataclass(frozen=True)
class SiteSpec:
    name: str
    url: str
    sections: list[SectionSpec] = field(default_factory=list)
    linked_from: list[str] = field(default_factory=list)  # pages elsewhere that link to this site
    ignore_links: list[str] = field(default_factory=list)  # targets of this site never checked (skip_matches)


@dataclass(frozen=True)
class CrawlSpec:
    """The sites to crawl and the link-check options."""

    sites: list[SiteSpec]
    timezone: str = "Asia/Shanghai"
    check_links: bool = True
    check_external: bool = True
    link_check_skip: list[str] = field(default_factory=list)
    hidden_link_keywords: list[str] | None = None  # None: crawler.extract.spamwords.DEFAULT_KEYWORDS
    max_links_per_page: int = 2_000


@dataclass
class RecheckPlan:
    """What tonight re-verifies from the link inventory (computed by ``monitor.store.recheck`` before the crawl)."""

    pages: dict[str, dict[str, Any]] = field(default_factory=dict)  # url -> site, kind, etag, last_modified
    targets: list[str] = field(default_factory=list)  # failing first, then the rolling share
    live_pages: set[str] = field(default_factory=set)  # known pages: read within recheck_days unless due
    verified: set[str] = field(default_factory=set)  # targets with a verdict: re-checked only when due
