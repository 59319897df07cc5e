"""``section_progress``: per column, how far the history walk got (see ``crawler.spiders.backfill``).

One row per (site, section), written as the crawl goes (every write commits), so a crawl killed at any
moment leaves the frontier of its unfinished walk. Readers (crawl summary, report) get ``{}`` from a
database that never stored progress.
"""

from __future__ import annotations

from typing import Any

from crawler.spiders.backfill import stated_gap
from monitor import clock
from monitor.store import schema

TABLE = schema.PROGRESS_TABLE


def ensure_table(db: Any) -> None:
    schema.progress_table(db)


def save_progress(db: Any, site: str, section: str, values: dict[str, Any]) -> None:
    """Upsert only the given columns (a stated-total update keeps the frontier, and the reverse)."""
    ensure_table(db)
    row = {"site": site, "section": section, **values, "updated": clock.iso(clock.now())}
    with db.conn:
        db[TABLE].upsert(row, pk=("site", "section"), alter=True)


def load_progress(db: Any) -> dict[tuple[str, str], dict[str, Any]]:
    if TABLE not in db.table_names():
        return {}
    return {(r["site"], r["section"]): r for r in db[TABLE].rows}


def stored_counts(db: Any) -> dict[tuple[str, str], int]:
    """Posts stored per (site, section), all dates."""
    rows = db.execute(
        "SELECT t.name, s.name, COUNT(p.id) FROM sections s JOIN sites t ON s.site_id = t.id"
        " LEFT JOIN posts p ON p.section_id = s.id GROUP BY s.id"
    ).fetchall()
    return {(site, section): n for site, section, n in rows}


def completeness(progress: dict[str, Any] | None, stored: int) -> dict[str, Any]:
    """The per-column fields ``crawl --json``, ``report`` and ``findings`` show.

    ``history_complete`` is None when the column has no progress yet (never crawled since progress was
    kept); ``stated_gap`` is counted only where a walk read every page.
    """
    p = progress or {}
    complete = None if not progress else bool(p.get("complete"))
    if complete:
        history = f"complete ({p.get('complete_why')})"
    elif progress and p.get("frontier_url") and not complete:
        history = f"incomplete: next older page {p.get('frontier_page')} still to read ({p['frontier_url']})"
    elif progress:
        history = "incomplete: to be read from the top"
    else:
        history = "unknown (not crawled yet)"
    return {
        "history_complete": complete,
        "history": history,
        "history_why": p.get("complete_why"),
        "stated_total": p.get("stated_total"),
        "stated_pages": p.get("stated_pages"),
        "page_size": p.get("page_size"),
        "stored_posts": stored,
        "stated_gap": stated_gap(progress, stored),
        "discrepancy": p.get("discrepancy"),
    }
