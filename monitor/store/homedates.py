"""The home page's dated items per site and reading (``home_dates``), and its newest date (issue 13).

Why the run is in the key: ``stale_home`` rests on the run that read the home page (issue 9); a run whose
home fetch failed has no row of its own, so the finding stays as it was. The items are kept (newest first) so a reader
can see what the verdict was drawn from (``inspect``, the finding's detail).

Why rows move (issue 14: the database must not grow on an unchanged night): a home page read exactly as
the site's previous row (same url, items, newest, blocks) does not get a copy of its items, a few KB per
site and night; the previous row moves to this run (``run_id``, ``read_at``) and keeps ``first_run``, the
first run that read it so. So the table holds one row per site and distinct reading, ``first_run`` ..
``run_id``; the run that last read the home page always has its row.

A home page often prints ``(12-29)`` without the year; the crawler guessed the latest such day on or
before today. When the item links to a post the monitor stored from a column with its full date, that
date is used instead (``newest``): a home page last updated in 2020 must not look fresh because its
dates lack the year.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from crawler.extract.urls import normalise_url
from crawler.items import HomeDatesItem
from monitor.store.schema import home_table


def save_home(db: Any, run_id: int, item: HomeDatesItem, now_iso: str) -> None:
    home_table(db)
    facts = (item.url, item.newest, item.blocks, json.dumps(item.items, ensure_ascii=False))
    last = db.execute(
        "SELECT run_id, url, newest, blocks, items FROM home_dates WHERE site = ? AND run_id <= ?"
        " ORDER BY run_id DESC LIMIT 1",
        [item.site, run_id],
    ).fetchone()
    with db.conn:
        if last is not None and tuple(last[1:]) == facts:  # read as before: move that row to this run
            db.execute(
                "UPDATE home_dates SET run_id = ?, read_at = ?, first_run = COALESCE(first_run, run_id)"
                " WHERE run_id = ? AND site = ?",
                [run_id, now_iso, last[0], item.site],
            )
            return
        db.execute(
            "INSERT OR REPLACE INTO home_dates (run_id, site, url, newest, blocks, items, read_at, first_run)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, item.site, *facts, now_iso, run_id],
        )


def home_row(db: Any, run_id: int, site: str) -> dict[str, Any] | None:
    """What the run read on the site's home page; None when it did not read it (failed, not crawled)."""
    home_table(db)
    row = next(db["home_dates"].rows_where("run_id = ? AND site = ?", [run_id, site]), None)
    if row is not None:
        row["items"] = json.loads(row["items"] or "[]")
    return row


def _stored_dates(db: Any, site: str, urls: list[str]) -> dict[str, str]:
    """url_key → the full publish date a column of ``site`` stored for it."""
    if not urls:
        return {}
    keys = {normalise_url(u): u for u in urls}
    marks = ",".join("?" * len(keys))
    rows = db.execute(
        "SELECT p.url_key, p.published FROM posts p JOIN sections s ON p.section_id = s.id"
        f" JOIN sites t ON s.site_id = t.id WHERE t.name = ? AND p.published IS NOT NULL AND p.url_key IN ({marks})",
        [site, *keys],
    ).fetchall()
    return {keys[k]: published for k, published in rows}


def newest(db: Any, site: str, row: dict[str, Any], today: date) -> dict[str, Any] | None:
    """The newest dated item (``{"title", "url", "date", "year_guessed"}``) on or before ``today``, a
    guessed year replaced by the stored post's full date when the item links to one; None: no dated item."""
    items = [dict(i) for i in row["items"]]
    guessed = [i["url"] for i in items if i.get("year_guessed")]
    known = _stored_dates(db, site, guessed)
    for item in items:
        full = known.get(item["url"]) if item.get("year_guessed") else None
        if full and full[5:] == item["date"][5:]:  # the same month and day: the year is the column's
            item["date"], item["year_guessed"] = full, False
    today_iso = today.isoformat()
    dated = [i for i in items if i["date"] <= today_iso]
    return max(dated, key=lambda i: i["date"]) if dated else None
