"""Is this file a healthy campus-monitor database? Checked before a crawl or a command reads it.

Why: SQLite happily treats a 0-byte file as a new empty database (``findings`` then says "no open findings"),
and a damaged page only shows up as a traceback when a query happens to touch it, or never (a broken
index still answers queries). ``PRAGMA quick_check`` reads every page and checks the b-tree structure
without comparing index content to table content: about 1 s on a 300 MB database of a million posts,
against 10 s for ``integrity_check``, so it is cheap enough to run every time.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from monitor.errors import DatabaseDamaged

HEADER = b"SQLite format 3\x00"
CORE_TABLES = {"sites", "sections", "posts", "runs", "findings", "meta"}


LAST_CHECKED: list[Path] = []  # the database this process opened (named when a later read fails)


def remedy(path: Path) -> str:
    """What to do about a damaged database (the end of every such line)."""
    return (
        f"restore it from a backup (the files 'campus-monitor backup' writes, e.g. {path.name}.backup-…), "
        f"or move it aside to start afresh (mv {path} {path}.broken)"
    )


def check_header(path: Path) -> None:
    """An existing file must be a non-empty SQLite file; a missing one is fine (it will be created)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise DatabaseDamaged(f"{path}: is a folder, not a database file; check [monitor] database") from None
    except OSError as exc:
        raise DatabaseDamaged(f"{path}: cannot read the database ({exc.strerror}); check its permissions") from exc
    if not head:
        raise DatabaseDamaged(
            f"{path}: the database file is empty (0 bytes), not a campus-monitor database; " + remedy(path)
        )
    if not head.startswith(HEADER) or len(head) < 100:
        raise DatabaseDamaged(f"{path}: not an SQLite database file; " + remedy(path))


def check_contents(conn: sqlite3.Connection, path: Path) -> None:
    """``quick_check`` the whole file and make sure the tables are the monitor's (an empty schema is new)."""
    LAST_CHECKED[:] = [path]
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise
        raise DatabaseDamaged(f"{path}: the database is corrupt ({exc}); " + remedy(path)) from exc
    problems = [r[0] for r in rows if r[0] != "ok"]
    if problems:
        first = problems[0].replace("*** in database main ***", "").strip().splitlines()[0]
        raise DatabaseDamaged(f"{path}: the database is corrupt ({first}); " + remedy(path))
    if tables and not tables & CORE_TABLES:
        raise DatabaseDamaged(
            f"{path}: an SQLite database, but not a campus-monitor one (none of its tables); check [monitor] database"
        )


def read_failure_line(exc: sqlite3.DatabaseError, what: str) -> str:
    """A command's one line when the disk or a page quick_check could not see fails it mid-read."""
    path = LAST_CHECKED[0] if LAST_CHECKED else Path("the database")
    todo = remedy(path) if "corrupt" in what else "check the disk (dmesg, df -h) and try again"
    return f"{path}: {what} ({exc}); {todo}"
