"""What every dashboard request reads: the config, the injected clock, and a database connection.

Apart from ``app`` so that the page modules can import it while ``app`` imports them (no cycle).

Why one connection per request, closed when the request ends, and not one per server thread: a crawl in
another process runs beside the dashboard for hours. When the crawl closes the database last, SQLite
checkpoints and deletes ``-wal`` / ``-shm``; a connection this process kept open across that (its POSIX locks
silently dropped whenever anything in the process opens and closes the database file, e.g. the header check
``Store`` does) reads the deleted files and fails with "disk I/O error". A fresh connection per request
always sees the files as they are. The full open checks (header, ``quick_check``, schema) run once, when
``serve`` starts (``open_existing``); a request only connects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils
from flask import current_app, g

from monitor.config import Config
from monitor.errors import StoreError
from monitor.store.core import Store


class RequestStore(Store):
    """A Store on a database already checked at start: a plain connection, no header / quick_check / schema."""

    def _open(self) -> None:
        if not self.path.exists():  # moved away while serving: never create an empty database here
            raise StoreError(f"{self.path}: the database is gone; restart campus-monitor serve after restoring it")
        self.db = sqlite_utils.Database(self.path)
        self.db.execute(f"PRAGMA busy_timeout={self.BUSY_TIMEOUT_MS}")


@dataclass
class Dashboard:
    """What every request needs: the config and the clock (``now`` returns an aware time)."""

    config: Config
    now: Callable[[], datetime]

    def store(self) -> Store:
        """This request's Store, opened on first use and closed when the request ends (``close_store``)."""
        store = g.get("store")
        if store is None:
            store = g.store = RequestStore(self.config.database)
        return store


def close_store(exc: BaseException | None = None) -> None:
    """``teardown_appcontext``: close the request's connection, if it opened one."""
    store = g.pop("store", None)
    if store is not None:
        store.close()


def dashboard() -> Dashboard:
    return current_app.extensions["campus_monitor"]
