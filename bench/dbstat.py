"""What a real SQLite file spends, per table: bytes of rows and pages, from SQLite's ``dbstat`` virtual table.

Why per table and not the file size: the file only grows by whole pages and SQLite reuses freed pages,
so a table whose rows get a few bytes longer every night (issue 14) shows up in its bytes long before
it shows up in the file. An index counts with its table (``sqlite_master.tbl_name``). Used by
``bench/bench_nights.py`` (growth per night) and ``tests/integration/test_db_growth.py``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RUN_LOG = frozenset({"runs", "run_sections", "fetches", "run_limits"})  # one row per run (and column/page)


@dataclass
class DbSize:
    page_count: int
    freelist: int
    page_size: int
    payload: dict[str, int] = field(default_factory=dict)  # table -> bytes of its rows and index entries
    pages: dict[str, int] = field(default_factory=dict)  # table -> pages of its B-trees (overflow included)

    def log_pages(self) -> int:
        return sum(n for t, n in self.pages.items() if t in RUN_LOG)

    def log_bytes(self) -> int:
        return sum(n for t, n in self.payload.items() if t in RUN_LOG)


def measure(db: Path) -> DbSize:
    conn = sqlite3.connect(db)
    try:
        owner = dict(conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')"))
        size = DbSize(
            *(conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "freelist_count", "page_size"))
        )
        for name, pages, payload in conn.execute("SELECT name, COUNT(*), SUM(payload) FROM dbstat GROUP BY name"):
            table = owner.get(name, name)  # sqlite_schema itself has no row of its own
            size.pages[table] = size.pages.get(table, 0) + pages
            size.payload[table] = size.payload.get(table, 0) + payload
        return size
    finally:
        conn.close()


def night_growth(before: DbSize, after: DbSize) -> dict[str, Any]:
    """What one night added: pages, the run log's bytes and pages, every other table's change in bytes."""
    return {
        "pages": after.page_count - before.page_count,
        "free_pages": after.freelist,
        "log_bytes": after.log_bytes() - before.log_bytes(),
        "log_pages": after.log_pages() - before.log_pages(),
        "tables": {
            t: after.payload.get(t, 0) - before.payload.get(t, 0)
            for t in sorted(set(before.payload) | set(after.payload))
            if t not in RUN_LOG and after.payload.get(t, 0) != before.payload.get(t, 0)
        },
    }


def grown(before: DbSize, after: DbSize, skip: frozenset[str] = RUN_LOG) -> dict[str, tuple[int, int]]:
    """Tables (``skip`` aside) whose rows take more bytes ``after`` than ``before``: table -> (before, after)."""
    return {
        t: (before.payload.get(t, 0), n)
        for t, n in after.payload.items()
        if t not in skip and n > before.payload.get(t, 0)
    }
