"""The daemon's own table (``schedule_state``: per job the last due, started and finished run), its lock
and its log files.

Why our own table instead of APScheduler's SQLAlchemyJobStore: see ``monitor.schedule.daemon``. Kept
apart so the daemon module holds only the running of jobs.
"""

from __future__ import annotations

import logging
import logging.handlers
import sqlite3
import sys
from pathlib import Path

import sqlite_utils

from monitor.errors import SchedulerRunning
from monitor.private import PrivateRotatingFileHandler, private_dir
from monitor.store import schema
from monitor.store.core import Store
from monitor.store.locks import acquire_db_lock


def ensure_state(db) -> None:
    schema.schedule_tables(db)
    schema.alert_tables(db)


def load_state(db) -> dict[str, dict]:
    ensure_state(db)
    return {r["job"]: r for r in db["schedule_state"].rows}


def save_state(db, job: str, **values) -> None:
    db["schedule_state"].upsert({"job": job, **values}, pk="job")


def acquire_daemon_lock(database: Path) -> int:
    """One daemon per database: two would run every crawl and mail every report twice.

    Same OS lock as a crawl's (``monitor.store.core.acquire_db_lock``), on ``<database>.schedule.lock``; held
    until the process exits (the OS frees it even after a crash). Returns the lock's fd.
    """
    return acquire_db_lock(
        database,
        "schedule.lock",
        lambda pid: SchedulerRunning(
            f"{database}: another campus-monitor schedule (pid {pid}) is already running on this database; "
            f"stop it first (kill {pid}) or give this config its own database"
        ),
    )


def open_db(path: Path) -> sqlite_utils.Database:
    """A connection the scheduler's threads may share (they serialise on Daemon._db_lock)."""
    Store(path).close()  # create / migrate the monitor's schema first
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    ensure_state(db)
    return db


# --- logging ------------------------------------------------------------------------------------


def setup_logging(log_dir: Path) -> Path:
    """Log to stdout (journald) and to a rotating file, so months of nights stay readable and bounded."""
    path = private_dir(log_dir) / "schedule.log"
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    for handler in (
        logging.StreamHandler(sys.stdout),  # each log file is 0600, rotated ones too
        PrivateRotatingFileHandler(path, maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8"),
    ):
        handler.setFormatter(fmt)
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # our own lines say what runs when
    return path


# --- the daemon ---------------------------------------------------------------------------------
