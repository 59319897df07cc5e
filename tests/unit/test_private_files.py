"""Private files in-process: rotated logs, an existing database's mode, a database held by another process."""
from __future__ import annotations
import logging
import os
import sqlite3
import stat
from pathlib import Path
import pytest
from monitor.store.core import Store, StoreError


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_rotated_schedule_log_starts_private(tmp_path):
    from monitor.schedule.state import setup_logging

    root = logging.getLogger()
    before, level, old_umask = list(root.handlers), root.level, os.umask(0o022)
    try:
        path = setup_logging(tmp_path / "logs")
        handler = next(h for h in root.handlers if h not in before and isinstance(h, logging.FileHandler))
        logging.getLogger("campus-monitor-test").info("before rotation")
        handler.doRollover()  # what RotatingFileHandler does at 5 MB
        logging.getLogger("campus-monitor-test").info("after rotation")
        handler.flush()
        assert mode(path) == mode(Path(f"{path}.1")) == 0o600
        assert "after rotation" in path.read_text(encoding="utf-8")
    finally:
        for h in [h for h in root.handlers if h not in before]:
            root.removeHandler(h)
            h.close()
        root.setLevel(level)
        os.umask(old_umask)


def test_an_existing_database_keeps_the_mode_its_owner_gave_it(tmp_path):
    db = tmp_path / "m.db"
    Store(db).close()
    os.chmod(db, 0o640)  # e.g. readable by a backup group, on purpose
    Store(db).close()
    assert mode(db) == 0o640


def test_a_database_held_by_another_process_is_named_as_such(tmp_path, monkeypatch):
    """A command (not a crawl) that cannot get at the database: say who holds it, not "check the folder"."""
    db = tmp_path / "m.db"
    Store(db).close()
    monkeypatch.setattr(Store, "BUSY_TIMEOUT_MS", 100)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as err:
            Store(db)
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    message = str(err.value)
    assert str(db) in message and "another campus-monitor process" in message and "writable" not in message

