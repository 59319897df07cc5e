"""The schema lives in monitor.store.schema: the version is read and written, a newer database is refused."""
from __future__ import annotations

import sqlite3

import pytest

from monitor.errors import StoreError
from monitor.store import schema
from monitor.store.core import Store


def test_a_new_database_records_the_current_schema_version(tmp_path):
    db = tmp_path / "m.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == \
            str(schema.SCHEMA_VERSION)


def test_an_older_database_is_brought_up_to_date(tmp_path):
    db = tmp_path / "m.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    store = Store(db)
    try:
        assert schema.stored_version(store.db) == schema.SCHEMA_VERSION
    finally:
        store.close()


def test_a_database_from_a_newer_campus_monitor_is_refused_with_one_line(tmp_path):
    db = tmp_path / "m.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(schema.SCHEMA_VERSION + 1)])
    with pytest.raises(StoreError) as err:
        Store(db)
    message = str(err.value)
    assert str(db) in message and "newer than this campus-monitor" in message and "\n" not in message
    with sqlite3.connect(db) as conn:  # refused before anything was written
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == \
            str(schema.SCHEMA_VERSION + 1)
