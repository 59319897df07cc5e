"""Backdated posts (旧稿新发, 突击更新): marked on ``posts.backdated`` as a crawl stores them (issue 13).

Two rules, both only for a post first seen by the read of new posts (``PostItem.at_top``: the top of the
list, not pinned; the history walk reads older pages on later nights, and those are never backdated), in
a column crawled before (a column's first crawl marks nothing):

1. ``BACKDATED`` (1) 旧稿新发: its date is more than ``backdate_days`` older than the newest date the
   column's posts had before this run (dates after today, typos, are left out of that newest).
2. ``BURST`` (2) 突击更新: at least ``BURST_POSTS`` such new posts in one column in one crawl are each
   dated more than ``backdate_days`` before the column's previous crawl (they could have been seen
   then, and were not), and their dates span more than ``BURST_SPAN_DAYS`` days: months filled in on
   one day. Decided when the column's crawl is done (``finish``); a post already marked 1 stays 1.

A new post whose title and date equal a stored post of the column is the same post under a new address
(a site moving its URLs), never backdated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

BACKDATED, BURST = 1, 2
BURST_POSTS = 5
BURST_SPAN_DAYS = 60


@dataclass
class Baseline:
    newest: date | None  # the column's newest post date before this run (None: nothing dated stored)
    previous_crawl: date | None  # the local date of the column's previous crawl with its list read
    candidates: list[tuple[int, date]] = field(default_factory=list)  # (post id, date) dated before it


class Backdating:
    """Per crawl: each column's baseline (read once, before this run's posts change it) and candidates."""

    def __init__(self, db: Any, run_id: int, backdate_days: int, today: date, timezone: str):
        self.db, self.run_id, self.today, self.tz = db, run_id, today, timezone
        self.slack = timedelta(days=backdate_days)
        self.columns: dict[int, Baseline] = {}

    def baseline(self, section_id: int, site: str, section: str) -> Baseline:
        """Read before the first post of the run is stored (``StoreSink.save_post`` calls it first)."""
        if section_id not in self.columns:
            newest = self.db.execute(
                "SELECT MAX(published) FROM posts WHERE section_id = ? AND first_run_id < ? AND published <= ?",
                [section_id, self.run_id, self.today.isoformat()],
            ).fetchone()[0]
            crawled = self.db.execute(
                "SELECT MAX(started) FROM run_sections WHERE site = ? AND section = ? AND run_id < ? AND list_ok = 1",
                [site, section, self.run_id],
            ).fetchone()[0]
            previous = datetime.fromisoformat(crawled).astimezone(ZoneInfo(self.tz)).date() if crawled else None
            self.columns[section_id] = Baseline(date.fromisoformat(newest) if newest else None, previous)
        return self.columns[section_id]

    def saw_new(self, section_id: int, key: str, title: str, published: str | None) -> None:
        """A post first stored just now, found at the top of its column: mark it when it is backdated."""
        base = self.columns.get(section_id)
        if base is None or published is None or base.previous_crawl is None:
            return
        day = date.fromisoformat(published)
        moved = self.db.execute(
            "SELECT 1 FROM posts WHERE section_id = ? AND title = ? AND published = ? AND url_key != ? LIMIT 1",
            [section_id, title, published, key],
        ).fetchone()
        if moved:
            return
        post_id = self.db.execute(
            "SELECT id FROM posts WHERE section_id = ? AND url_key = ?", [section_id, key]
        ).fetchone()[0]
        if base.newest is not None and day < base.newest - self.slack:
            self._mark([post_id], BACKDATED)
        if day < base.previous_crawl - self.slack:
            base.candidates.append((post_id, day))

    def finish(self, section_id: int) -> None:
        """The column's crawl is done: a burst of posts dated over months marks them all (突击更新)."""
        base = self.columns.get(section_id)
        if base is None or len(base.candidates) < BURST_POSTS:
            return
        days = [d for _, d in base.candidates]
        if (max(days) - min(days)).days > BURST_SPAN_DAYS:
            with self.db.conn:
                self.db.execute(
                    f"UPDATE posts SET backdated = {BURST} WHERE backdated IS NULL AND id IN "
                    f"({','.join('?' * len(base.candidates))})",
                    [i for i, _ in base.candidates],
                )
        base.candidates = []

    def _mark(self, ids: list[int], value: int) -> None:
        with self.db.conn:
            self.db.execute(f"UPDATE posts SET backdated = ? WHERE id IN ({','.join('?' * len(ids))})", [value, *ids])
