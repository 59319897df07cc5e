"""Helpers for the storage tests: damage a real SQLite file page by page, mount a small file system."""
from __future__ import annotations
import hashlib
import os
import random
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def page_of(db: Path, name: str, pagetype: str = "leaf") -> int:
    """A page number of table or index ``name`` (SQLite's dbstat virtual table)."""
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY pageno LIMIT 1",
                           [name, pagetype]).fetchone()
    conn.close()
    assert row, f"no {pagetype} page of {name} in {db}"
    return row[0]


def page_size(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()


def smash_page(db: Path, pageno: int, start: int = 0) -> None:
    """Overwrite page ``pageno`` from byte ``start`` to its end with seeded garbage (a torn write)."""
    size = page_size(db)
    rng = random.Random(pageno)
    with open(db, "r+b") as fh:
        fh.seek((pageno - 1) * size + start)
        fh.write(bytes(rng.randrange(256) for _ in range(size - start)))


def checkpoint(db: Path) -> None:
    """Fold the WAL into the main file, so page offsets in the file are the live pages."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def small_fs(path: Path, size: str) -> Iterator[bool]:
    """A tmpfs of ``size`` mounted at ``path`` (root only); yields False when it cannot be mounted."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
                             capture_output=True).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path, leave: int) -> Path:
    """Fill the file system of ``folder`` up to ``leave`` free bytes with a filler file."""
    st = os.statvfs(folder)
    filler = folder / "filler"
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(0, st.f_bavail * st.f_frsize - leave))
    return filler
