"""What every dashboard request reads: the config, the injected clock, this thread's database connection.

Apart from ``app`` so that the page modules can import it while ``app`` imports them (no cycle).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app

from monitor.config import Config
from monitor.store.core import Store


@dataclass
class Dashboard:
    """What every request needs: the config, the clock, and one database connection per server thread."""

    config: Config
    now: Callable[[], datetime]
    _local: threading.local = field(default_factory=threading.local)

    def store(self) -> Store:
        """This thread's Store (sqlite3 connections stay in the thread that opened them)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.config.database)
        return store


def dashboard() -> Dashboard:
    return current_app.extensions["campus_monitor"]
