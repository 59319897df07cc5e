"""Which errors are the disk failing us (full, I/O error, corrupt, read-only): pure classification.

Why here: ``crawler.storeguard`` stops a crawl on the first one and the monitor (``monitor.store.diskfault``,
the CLI, backup) says so in one line; both need the same answer, and the crawler imports nothing from
``monitor/``.
"""

from __future__ import annotations

import errno
import sqlite3

FAULT_ERRNOS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EIO: "disk I/O error",
    errno.EFBIG: "file too large for the file system",
    errno.EROFS: "the file system became read-only",
}


def storage_fault(exc: BaseException) -> str | None:
    """A short description when ``exc`` is the disk failing us (full, I/O error, corrupt), else None.

    These end a crawl at once: every further write would fail the same way.
    """
    if isinstance(exc, sqlite3.DatabaseError):
        name = getattr(exc, "sqlite_errorname", "") or ""
        text = str(exc).lower()
        if name == "SQLITE_FULL" or "disk is full" in text:
            return "the disk is full"
        if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
            return "disk I/O error"
        if name.startswith("SQLITE_CORRUPT") or "malformed" in text or "not a database" in text:
            return "the database is corrupt"
        if name.startswith("SQLITE_READONLY") or "readonly database" in text:
            return "the database became read-only"
        return None
    if isinstance(exc, OSError) and exc.errno in FAULT_ERRNOS:
        return FAULT_ERRNOS[exc.errno]
    return None
