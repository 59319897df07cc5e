"""Which errors count as storage faults (pure)."""
from __future__ import annotations
import sqlite3


def test_which_errors_are_storage_faults():
    import errno

    from monitor.store.diskfault import storage_fault

    assert storage_fault(sqlite3.OperationalError("database or disk is full")) == "the disk is full"
    assert storage_fault(sqlite3.OperationalError("disk I/O error")) == "disk I/O error"
    assert storage_fault(sqlite3.DatabaseError("database disk image is malformed")) == "the database is corrupt"
    assert storage_fault(OSError(errno.ENOSPC, "No space left on device")) == "the disk is full"
    # not the disk: these keep their usual handling
    assert storage_fault(sqlite3.OperationalError("database is locked")) is None
    assert storage_fault(sqlite3.OperationalError("no such table: posts")) is None
    assert storage_fault(OSError(errno.ECONNREFUSED, "Connection refused")) is None
    assert storage_fault(ValueError("x")) is None

