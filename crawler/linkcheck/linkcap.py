"""``max_links_per_page``: only the first N distinct targets of a page are checked (issue 10).

A page with 100,000 links (link-farm spam, a generated sitemap) would otherwise schedule 100,000 checks
and hold them all in memory. ``cap_links`` keeps every occurrence of the page's first ``limit`` distinct
targets, in document order (stable from night to night), and tallies the rest in ``CAPS`` for the run
summary. ``CAPS`` also remembers which site's page listed a target first, so that
``crawler.bounds.SiteBudget`` can charge that target's check to the site.

Scrapy's reactor runs once per process, so there is one crawl per process and ``CAPS`` is that crawl's
tally; ``crawler.bounds.Bounds`` resets it when the spider opens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

MAX_PAGES_LISTED = 100  # capped pages named in the run summary (the count covers all of them)


@dataclass
class LinkCaps:
    limit: int | None = None
    not_checked: int = 0  # distinct targets left unchecked, summed over capped pages
    pages_capped: int = 0
    pages: list[dict[str, Any]] = field(default_factory=list)  # the first MAX_PAGES_LISTED capped pages
    target_site: dict[str, str] = field(default_factory=dict)  # target -> site whose page listed it first

    def summary(self) -> dict[str, Any]:
        return {
            "max_links_per_page": self.limit,
            "links_not_checked": self.not_checked,
            "pages_capped_count": self.pages_capped,
            "pages_capped": list(self.pages),
        }


CAPS = LinkCaps()


def reset(limit: int | None = None) -> LinkCaps:
    """A fresh tally for a new crawl (called when the spider opens)."""
    global CAPS
    CAPS = LinkCaps(limit=limit)
    return CAPS


def cap_links(links: Sequence[Any], site: str, page_url: str, limit: int | None) -> list[Any]:
    """The links (objects with ``.url``) whose target is among the page's first ``limit`` distinct
    targets; the other targets are counted in ``CAPS`` and never checked."""
    kept_targets: set[str] = set()
    dropped: set[str] = set()
    kept: list[Any] = []
    for link in links:
        url = link.url
        if url in kept_targets:
            kept.append(link)
        elif limit is None or len(kept_targets) < limit:
            kept_targets.add(url)
            kept.append(link)
        else:
            dropped.add(url)
    for url in kept_targets:
        CAPS.target_site.setdefault(url, site)
    if dropped:
        CAPS.not_checked += len(dropped)
        CAPS.pages_capped += 1
        if len(CAPS.pages) < MAX_PAGES_LISTED:
            CAPS.pages.append(
                {
                    "site": site,
                    "url": page_url,
                    "links": len(kept_targets) + len(dropped),
                    "checked": len(kept_targets),
                    "not_checked": len(dropped),
                }
            )
    return kept
