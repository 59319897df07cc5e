"""The one OS-lock helper behind ``<db>.lock`` (crawl), ``<db>.schedule.lock`` (daemon) and
``<db>.outbox.lock`` (delivery)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path

from monitor.errors import StoreError
from monitor.private import FILE_MODE, private_dir


def acquire_db_lock(db_path: Path, suffix: str, refused: Callable[[str], StoreError] | None = None) -> int:
    """Hold an exclusive OS lock (fcntl.flock) on ``<db_path>.<suffix>`` until released or this process ends.

    Why flock: the OS frees it when the holder dies, so a crash never leaves a stale lock behind. The file
    holds the holder's pid; with ``refused`` a second process gets ``refused(pid)`` raised, without it the
    call waits for the holder. Returns the fd to release later (it is not inherited by child processes).
    """
    lock_path = db_path.with_name(f"{db_path.name}.{suffix}")
    try:
        private_dir(lock_path.parent)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as exc:
        raise StoreError(
            f"{lock_path}: cannot create the lock file ({exc.strerror}); check that the database folder is writable"
        ) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (fcntl.LOCK_NB if refused else 0))
    except BlockingIOError:
        assert refused is not None
        holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise refused(holder) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd


def release_db_lock(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
