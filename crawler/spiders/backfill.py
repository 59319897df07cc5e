"""Resumable backfill: how a crawl reads a column's history, as pure decisions (no network, no store).

A column's history is *complete* only when a walk down its list pages reached ``backfill_days`` (the
bottom post of a page is older), the last page, or ``max_pages``. The walk's frontier (the next older
list page still to read) is stored after each page's posts, so an interrupted crawl leaves a frontier
that covers everything not yet stored, and the next crawl continues from there after reading the new
posts at the top. Lists grow at the top, so posts only move to later pages: resuming at the stored URL
re-reads a few known posts and skips none.

The list often states its own size (``共474条``, ``all_count``, ``共N页`` × page size). When a walk read
the whole column and fewer posts are stored than stated, the column is walked again from the top; a gap
that survives one full walk from the top is accepted (recorded, not re-walked every night).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

WHY_CUTOFF, WHY_LAST, WHY_MAX = "backfill_days", "last_page", "max_pages"


@dataclass
class Plan:
    """How this crawl starts a column: page 1 read as ``walk`` (backfill rule) or ``top`` (until nothing
    new), then, if ``resume_url``, the unfinished walk continues there (page number ``resume_page``)."""

    first_mode: str
    resume_url: str | None = None
    resume_page: int = 0


def plan_start(progress: dict[str, Any] | None, section_url: str, backfill_days: int = 0, max_pages: int = 0) -> Plan:
    """The stored progress → this crawl's plan.

    No progress (a first crawl, or a database from before progress was kept), a column whose URL changed
    in the config, an interrupted read of new posts (``top_pending``) or a re-walk asked for by a short
    count (no frontier): walk from the top. An unfinished walk: new posts first, then the frontier. A walk
    that ended at ``backfill_days`` or ``max_pages`` goes on from where it stopped once the limit is raised.
    """
    if not progress or progress.get("section_url") != section_url or progress.get("top_pending"):
        return Plan("walk")
    if progress.get("complete"):
        why = progress.get("complete_why")
        raised = (why == WHY_CUTOFF and backfill_days > int(progress.get("backfill_days") or 0)) or (
            why == WHY_MAX and max_pages > int(progress.get("max_pages") or 0)
        )
        if raised and progress.get("frontier_url"):
            return Plan("top", progress["frontier_url"], int(progress.get("frontier_page") or 2))
        return Plan("top")
    if not progress.get("frontier_url"):
        return Plan("walk")
    return Plan("top", progress["frontier_url"], int(progress.get("frontier_page") or 2))


def walk_stop(dates: list[date | None], has_items: bool, page_no: int, max_pages: int, cutoff: date) -> str | None:
    """Why a history walk ends after this page (``None``: read the next older page).

    Lists run newest first, with pinned (置顶) posts on top: the bottom dated row says whether older
    pages can still hold posts inside the backfill window.
    """
    if not has_items:
        return WHY_LAST
    dated = [d for d in dates if d]
    if dated and dated[-1] < cutoff:
        return WHY_CUTOFF
    if page_no >= max_pages:
        return WHY_MAX
    return None


def stated_minimum(total: int | None, pages: int | None, page_size: int | None) -> int | None:
    """The fewest posts the list says it holds: its stated total, else (pages − 1) × page size + 1."""
    if total is not None:
        return total
    if pages and page_size:
        return (pages - 1) * page_size + 1
    return None


def stated_gap(progress: dict[str, Any] | None, stored: int) -> int:
    """How many posts the site states beyond what is stored, where a walk read the whole column.

    Only a walk that reached the last page may claim a gap; one stopped by ``backfill_days`` or
    ``max_pages`` read part of the column, so its count is not comparable with the whole column's.
    """
    if not progress or not progress.get("walked_to_end"):
        return 0
    expected = stated_minimum(progress.get("stated_total"), progress.get("stated_pages"), progress.get("page_size"))
    return max(0, expected - stored) if expected is not None else 0


def needs_rewalk(progress: dict[str, Any] | None, stored: int) -> bool:
    """A short count heals by walking again, unless one full walk from the top already found this gap
    (or a larger one): then the site's own number is off, and re-walking every night would find nothing."""
    gap = stated_gap(progress, stored)
    return gap > 0 and gap > int((progress or {}).get("accepted_gap") or 0)


def completion(
    why: str,
    from_top: bool,
    stated: dict[str, Any],
    stored: int,
    next_url: str | None = None,
    next_page: int | None = None,
) -> dict[str, Any]:
    """The progress values stored when a walk ends: complete, why, and the stated-total comparison.

    A walk stopped by a limit keeps the next page as its frontier, for when the limit is raised.

    ``from_top``: this walk began at page 1 in this crawl, so a gap it leaves is the site's miscount
    (accepted and recorded); a walk resumed across crawls leaves the gap open for a walk from the top.
    """
    keep = why in (WHY_CUTOFF, WHY_MAX) and next_url
    values: dict[str, Any] = {
        "complete": 1,
        "complete_why": why,
        "frontier_url": next_url if keep else None,
        "frontier_page": next_page if keep else None,
        "top_pending": 0,
        "walked_to_end": int(why == WHY_LAST),
        "stored_at_completion": stored,
    }
    gap = stated_gap({**stated, "walked_to_end": values["walked_to_end"]}, stored)
    if why == WHY_LAST and from_top:
        values["accepted_gap"] = gap
        said = (
            f"{stated['stated_total']} posts"
            if stated.get("stated_total") is not None
            else f"{stated.get('stated_pages')} pages (at least {stored + gap} posts)"
        )
        values["discrepancy"] = f"list states {said}, {stored} found on its pages" if gap else None
    return values


def page_size_of(page: Any) -> int | None:
    """Posts per page: what the pager states, else page 1's rows without pinned ones (only when more
    pages follow, since a last page is short)."""
    if page.page_size:
        return page.page_size
    if page.next_pages and page.items:
        return sum(1 for i in page.items if not i.pinned) or None
    return None
