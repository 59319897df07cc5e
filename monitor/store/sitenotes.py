"""Notes about a site's columns from ``discover`` (no URL): a column that appeared in the navigation
(``new_section``) or a configured one that is gone from it (``section_vanished``).

Information, never an alert: no finding, no severity. Each note rides along in the next digest sent to
the site's recipients (``monitor.alerts.digest``) and is then marked reported.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from monitor.store import schema

KINDS = {"new_section": "导航中出现新栏目", "section_vanished": "已配置的栏目不在导航中"}


def ensure_schema(db: sqlite_utils.Database) -> None:
    schema.site_note_tables(db)


def add(db: sqlite_utils.Database, site: str, kind: str, name: str, url: str, now: str) -> bool:
    """Record a note unless the latest note about this column already says the same (run twice = once)."""
    ensure_schema(db)
    last = next(
        db.query("SELECT kind FROM site_notes WHERE site = ? AND url = ? ORDER BY id DESC LIMIT 1", [site, url]),
        None,
    )
    if last is not None and last["kind"] == kind:
        return False
    with db.conn:
        db.execute(
            "INSERT INTO site_notes (site, kind, name, url, noted_at) VALUES (?, ?, ?, ?, ?)",
            [site, kind, name, url, now],
        )
    return True


def settle(db: sqlite_utils.Database, site: str, url: str, now: str) -> None:
    """The column is where the config says again: a later change is news again."""
    ensure_schema(db)
    with db.conn:
        db.execute(
            "INSERT INTO site_notes (site, kind, name, url, noted_at, reported_at)"
            " SELECT site, 'settled', name, url, ?, ? FROM site_notes WHERE site = ? AND url = ?"
            " AND id = (SELECT MAX(id) FROM site_notes WHERE site = ? AND url = ?) AND kind <> 'settled'",
            [now, now, site, url, site, url],
        )


def unreported(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    if not db["site_notes"].exists():
        return []
    return list(db.query("SELECT * FROM site_notes WHERE reported_at IS NULL AND kind <> 'settled' ORDER BY id"))


def mark_reported(db: sqlite_utils.Database, ids: list[int], now: str) -> None:
    if ids:
        db.execute(f"UPDATE site_notes SET reported_at = ? WHERE id IN ({','.join('?' * len(ids))})", [now, *ids])


def line(note: dict[str, Any]) -> str:
    """The digest's information line (plain text; page-derived name and URL on one line)."""
    return f"{note['site']}：{KINDS.get(note['kind'], note['kind'])}「{' '.join(note['name'].split())}」{note['url']}"
