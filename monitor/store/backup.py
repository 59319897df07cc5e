"""Consistent copies of the monitor database with SQLite's online backup API, and keeping the last N.

Why the backup API and not ``cp``: a crawl writes through the WAL, so the main file alone is not the
database; copying it (and the WAL) while a crawl writes can give a torn copy. ``Connection.backup`` copies
every page inside one read transaction: a snapshot of one moment, taken without stopping the crawl (WAL
readers never block the writer). The copy is written as ``<name>.part``, turned into a single
self-contained file (journal_mode DELETE), checked with ``quick_check``, and only then renamed into place.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from monitor.errors import BackupError
from monitor.store.dbcheck import check_header
from monitor.store.diskfault import storage_fault

STAMP = "%Y%m%dT%H%M%SZ"


def default_target(database: Path, folder: Path | None, now: datetime) -> Path:
    """``<db>.backup-<UTC time>`` in ``folder`` (default: next to the database)."""
    stamp = now.astimezone(UTC).strftime(STAMP)
    return (folder or database.parent) / f"{database.name}.backup-{stamp}"


def backups(database: Path, folder: Path | None) -> list[Path]:
    """The default-named backups of ``database`` in ``folder``, oldest first (the names sort by time)."""
    pattern = re.compile(re.escape(database.name) + r"\.backup-\d{8}T\d{6}Z")
    where = folder or database.parent
    if not where.is_dir():
        return []
    return sorted(p for p in where.iterdir() if pattern.fullmatch(p.name) and p.is_file())


def prune(database: Path, folder: Path | None, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` default-named backups; returns the deleted files."""
    old = backups(database, folder)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink(missing_ok=True)
    return old


def make_backup(database: Path, target: Path, make_folder: bool = False) -> Path:
    """Copy ``database`` to ``target`` (replacing it), verified; raises BackupError with one line.

    ``make_folder``: create a missing folder (the configured ``backup_dir``; a mistyped --output is an error).
    """
    if not database.exists():
        raise BackupError(
            f"{database}: no database yet; nothing to back up (run a crawl first, or check [monitor] database)"
        )
    try:
        check_header(database)
    except Exception as exc:  # DatabaseDamaged: its line already says what to do
        raise BackupError(str(exc)) from None
    if target.resolve() in {
        database.resolve(),
        *(database.resolve().with_name(database.name + s) for s in ("-wal", "-shm", ".lock")),
    }:
        raise BackupError(f"{target}: that is the database itself; give the copy another name")
    part = target.with_name(target.name + ".part")
    try:
        if make_folder:
            target.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))  # private, like the database
        _copy(database, part)
        os.replace(part, target)
    except BackupError:
        part.unlink(missing_ok=True)
        raise
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        what = storage_fault(exc) or "cannot write it"
        if what == "the database is corrupt":  # the source: its pages could not be read
            raise BackupError(f"{database}: {what} ({exc}); a copy would be too, keep your last good backup") from exc
        raise BackupError(
            f"{target}: {what} ({getattr(exc, 'strerror', None) or exc}); choose a folder with "
            "space that you can write (--output, or [monitor] backup_dir)"
        ) from None
    return target


def _copy(database: Path, part: Path) -> None:
    source = sqlite3.connect(database, timeout=30)
    copy = sqlite3.connect(part)
    try:
        source.execute("PRAGMA busy_timeout = 30000")
        source.backup(copy)  # all pages in one step: one consistent snapshot
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        problems = [r[0] for r in copy.execute("PRAGMA quick_check") if r[0] != "ok"]
    finally:
        copy.close()
        source.close()
    if problems:
        raise BackupError(
            f"{database}: the copy fails quick_check ({problems[0].splitlines()[-1]}): the "
            "database itself is damaged; keep your last good backup"
        )


def backup_child(python: str, config_path: Path, keep: int) -> tuple[int, list[str]]:
    """Run ``campus-monitor backup --keep N`` as a child (the scheduler's nightly copy): exit code, lines."""
    cmd = [python, "-m", "monitor", "backup", "--config", str(config_path), "--keep", str(keep)]
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, errors="replace", stdin=subprocess.DEVNULL, timeout=3600
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 127, [str(exc)]
    return done.returncode, [line for line in (done.stdout + done.stderr).splitlines() if line]
