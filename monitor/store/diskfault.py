"""Disk faults during a crawl: which errors are the disk failing us, the one line that says so, and a reserve.

Why a reserve: when the disk fills, the write that failed was often the first page of a transaction, so not
even the one row that says "this run failed" fits afterwards. A small file set aside at the start of a
crawl and deleted at the fault makes room for that row (and is deleted at every crawl's end anyway).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from crawler.diskfault import FAULT_ERRNOS, storage_fault  # noqa: F401  (one classifier, re-exported)
from monitor.store.dbcheck import remedy

RESERVE_BYTES = 256 * 1024


def fault_line(path: Path, what: str, detail: str, run_id: int | None, marked: bool) -> str:
    """The one line a crawl stopped by a storage fault ends with: what happened, what is kept, what to do."""
    if run_id is None:
        run = "no run was started"
    elif marked:
        run = f"run #{run_id} is marked failed"
    else:
        run = f"run #{run_id} could not be marked failed either (the next crawl marks it interrupted)"
    if what == "the database is corrupt":
        todo = remedy(path)
    elif what in ("the disk is full", "the disk quota is used up"):
        todo = f"free space in {path.parent} and crawl again: it goes on from what was stored"
    else:
        todo = f"check the disk (dmesg; df -h {path.parent}) and crawl again: it goes on from what was stored"
    return f"{path}: {what} ({detail}); the crawl stopped, {run}, what was stored before stays; {todo}"


def probe_file(path: Path) -> None:
    """Write a file's first bytes now, so a full disk there is an OSError naming it (Scrapy rewrites it)."""
    try:
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as fh:
            fh.write("campus-monitor crawl log\n")  # 0600 when new: logs are private like the database
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None


class Reserve:
    """``<db>.reserve``: RESERVE_BYTES kept aside during a crawl (skipped quietly when they do not fit)."""

    def __init__(self, database: Path):
        self.path = database.with_name(database.name + ".reserve")
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.posix_fallocate(fd, 0, RESERVE_BYTES)
            finally:
                os.close(fd)
        except OSError:
            self.release()

    def release(self) -> None:
        """Give the space back (before writing a failed run's status, and at the end of every crawl)."""
        try:
            self.path.unlink()
        except OSError:
            pass


TEST_PAGE_LIMIT_ENV = "CAMPUS_MONITOR_TEST_MAX_DB_PAGES"


def test_page_limit(conn: sqlite3.Connection) -> None:
    """Tests only, where no small file system can be mounted: SQLite's own page limit on this connection
    fails a write with the same "database or disk is full" a full disk gives."""
    limit = os.environ.get(TEST_PAGE_LIMIT_ENV, "")
    if limit.isdigit():
        conn.execute(f"PRAGMA max_page_count = {int(limit)}")
