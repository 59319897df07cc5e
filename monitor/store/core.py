"""The monitor's SQLite database, through sqlite-utils.

Every write commits at once (WAL mode), so what a crawl stored survives an interrupted crawl.
Times are ISO-8601 UTC strings from ``monitor.clock``; publish dates are plain ``YYYY-MM-DD``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from crawler.extract.urls import normalise_url
from monitor import clock
from monitor.errors import CrawlLocked, DatabaseDamaged, StoreError
from monitor.private import FILE_MODE, private_dir
from monitor.store import schema
from monitor.store.dbcheck import check_contents, check_header
from monitor.store.locks import acquire_db_lock, release_db_lock


class Store:
    BUSY_TIMEOUT_MS = 10_000  # how long a write waits for another process's transaction

    def __init__(self, path: str | os.PathLike, crawl_lock: bool = False):
        """Open (creating and migrating) the database; ``crawl_lock`` takes the crawl lock first.

        Lock first: a crawl started beside another on a fresh database would otherwise race it to create
        the schema and fail with SQLite's "database is locked" instead of "another crawl is running".
        """
        self.path = Path(path)
        self._lock_fd: int | None = None
        self._site_ids: dict[str, int] = {}
        self._section_ids: dict[tuple[str, str], int] = {}
        if crawl_lock:
            self.acquire_crawl_lock()
        try:
            self._open()
        except BaseException:
            self.release_crawl_lock()
            raise

    def _open(self) -> None:
        created = not self.path.exists()
        try:
            check_header(self.path)  # before SQLite opens it: it would make a 0-byte file a new database
            private_dir(self.path.parent)
            self.db = sqlite_utils.Database(self.path)
            if created:
                os.chmod(self.path, FILE_MODE)  # before the first write: SQLite gives WAL and SHM this mode
            self.db.execute(f"PRAGMA busy_timeout={self.BUSY_TIMEOUT_MS}")
            check_contents(self.db.conn, self.path)  # quick_check: nothing is written to a damaged file
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._ensure_schema()
        except DatabaseDamaged as exc:
            if hasattr(self, "db"):
                self.db.close()
            raise StoreError(str(exc)) from None
        except (OSError, sqlite_utils.db.sqlite3.DatabaseError) as exc:
            if "database is locked" in str(exc):
                raise StoreError(
                    f"{self.path}: the database is busy: another campus-monitor process (a crawl, "
                    "or a command writing to it) holds it; wait for it to finish and try again"
                ) from exc
            raise StoreError(
                f"{self.path}: cannot open the database ({exc}); check the path in "
                "[monitor] database and that the folder is writable"
            ) from exc

    # --- schema (all of it in monitor.store.schema) -------------------------------------------
    def _ensure_schema(self) -> None:
        schema.migrate(self.db, self.path)

    # --- crawl lock -------------------------------------------------------------------------
    def acquire_crawl_lock(self) -> None:
        """Refuse a second crawl on the same database; the OS frees the lock if we die."""
        self._lock_fd = acquire_db_lock(
            self.path,
            "lock",
            lambda pid: CrawlLocked(
                f"{self.path}: another crawl (pid {pid}) is running on this database; "
                "wait for it to finish, or stop it first"
            ),
        )

    def release_crawl_lock(self) -> None:
        if self._lock_fd is not None:
            release_db_lock(self._lock_fd)
            self._lock_fd = None

    # --- runs -------------------------------------------------------------------------------
    def start_run(self, sites: list[str]) -> int:
        # A run still marked running without the lock held died without cleaning up.
        self.db.execute("UPDATE runs SET status='interrupted' WHERE status='running'")
        table = self.db.table("runs")
        run_id = table.insert(
            {
                "started": clock.iso(clock.now()),
                "status": "running",
                "pid": os.getpid(),
                "sites": json.dumps(sites, ensure_ascii=False),
                "pages": 0,
                "new_posts": 0,
                "errors": 0,
            }
        ).last_pk
        assert run_id is not None  # an insert into a rowid table always sets it
        return run_id

    def finish_run(self, run_id: int, status: str, pages: int, new_posts: int, errors: int) -> None:
        self.db.table("runs").update(
            run_id,
            {
                "finished": clock.iso(clock.now()),
                "status": status,
                "pages": pages,
                "new_posts": new_posts,
                "errors": errors,
            },
        )

    def fail_run(self, run_id: int) -> bool:
        """Mark a run ``failed`` after a storage fault; False when even that cannot be written."""
        conn = self.db.conn
        try:
            if conn.in_transaction:
                conn.rollback()  # the write that failed
            with conn:
                conn.execute(
                    "UPDATE runs SET status = 'failed', finished = ? WHERE id = ?", [clock.iso(clock.now()), run_id]
                )
            return True
        except sqlite_utils.db.sqlite3.DatabaseError:
            return False

    def run(self, run_id: int) -> dict[str, Any]:
        return self.db.table("runs").get(run_id)

    def save_run_section(self, row: dict[str, Any]) -> None:
        self.db.table("run_sections").upsert(row, pk=("run_id", "site", "section"))

    def run_sections(self, run_id: int) -> list[dict[str, Any]]:
        return list(self.db["run_sections"].rows_where("run_id = ?", [run_id]))

    def record_fetch(
        self,
        run_id: int,
        site: str,
        section: str | None,
        kind: str,
        url: str,
        status: int | None,
        reason: str = "",
        error: str = "",
    ) -> None:
        self.db.table("fetches").insert(
            {
                "run_id": run_id,
                "site": site,
                "section": section,
                "kind": kind,
                "url": url,
                "status": status,
                "reason": reason,
                "error": error,
                "fetched_at": clock.iso(clock.now()),
            }
        )

    def fetches(self, run_id: int, kind: str | None = None) -> list[dict[str, Any]]:
        if kind:
            return list(self.db["fetches"].rows_where("run_id = ? AND kind = ?", [run_id, kind]))
        return list(self.db["fetches"].rows_where("run_id = ?", [run_id]))

    # --- sites, sections, posts -------------------------------------------------------------
    def ensure_site(self, name: str, url: str) -> int:
        if name in self._site_ids:
            return self._site_ids[name]
        now = clock.iso(clock.now())
        row = next(self.db["sites"].rows_where("name = ?", [name]), None)
        if row:
            self.db.table("sites").update(row["id"], {"url": url, "last_seen": now})
            site_id = row["id"]
        else:
            site_id = (
                self.db.table("sites").insert({"name": name, "url": url, "first_seen": now, "last_seen": now}).last_pk
            )
        self._site_ids[name] = site_id
        return site_id

    def ensure_section(self, site: str, site_url: str, name: str, url: str, stale_after_days: int) -> int:
        key = (site, name)
        if key in self._section_ids:
            return self._section_ids[key]
        site_id = self.ensure_site(site, site_url)
        now = clock.iso(clock.now())
        row = next(self.db["sections"].rows_where("site_id = ? AND name = ?", [site_id, name]), None)
        if row:
            self.db.table("sections").update(
                row["id"], {"url": url, "stale_after_days": stale_after_days, "last_seen": now}
            )
            section_id = row["id"]
        else:
            section_id = (
                self.db.table("sections")
                .insert(
                    {
                        "site_id": site_id,
                        "name": name,
                        "url": url,
                        "stale_after_days": stale_after_days,
                        "first_seen": now,
                        "last_seen": now,
                    }
                )
                .last_pk
            )
        self._section_ids[key] = section_id
        return section_id

    def known_post_keys(self, site: str, section: str) -> set[str]:
        """The keys (``url_key``: normalised URL, or ``title:…`` for link-less rows) of the section's posts."""
        rows = self.db.execute(
            "SELECT p.url_key FROM posts p JOIN sections s ON p.section_id = s.id JOIN sites t ON s.site_id = t.id"
            " WHERE t.name = ? AND s.name = ?",
            [site, section],
        ).fetchall()
        return {r[0] for r in rows}

    def save_post(
        self,
        section_id: int,
        url: str,
        title: str,
        published: str | None,
        run_id: int,
        list_url: str = "",
        key: str = "",
    ) -> bool:
        """Insert or refresh one post; returns True when the post was not seen before.

        ``key`` is the post's identity (``crawler.extract.rowlinks.post_key``: the normalised URL, or
        ``title:<title>|<date>`` for a row without a link, stored with ``url`` ""); default from ``url``."""
        now = clock.iso(clock.now())
        key = key or normalise_url(url)
        with self.db.conn:
            cur = self.db.execute(
                "UPDATE posts SET url = ?, title = ?, last_seen = ?, last_run_id = ?,"
                " published = COALESCE(?, published) WHERE section_id = ? AND url_key = ?",
                [url, title, now, run_id, published, section_id, key],
            )
            if cur.rowcount:
                return False
            self.db.execute(
                "INSERT INTO posts (section_id, url, url_key, title, published, first_seen, last_seen,"
                " first_run_id, last_run_id, list_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [section_id, url, key, title, published, now, now, run_id, run_id, list_url],
            )
        return True

    def section_stats(self, as_of: str = "9999-12-31") -> list[dict[str, Any]]:
        """Per stored section: post count, undated count, newest publish date on or before ``as_of``.

        A date after ``as_of`` is a typo on the page (2062 for 2026), and must not keep a column "fresh".
        """
        return list(
            self.db.query(
                "SELECT t.name AS site, s.name AS section, s.url, s.stale_after_days,"
                " COUNT(p.id) AS posts, SUM(p.id IS NOT NULL AND p.published IS NULL) AS undated,"
                " MAX(CASE WHEN p.published <= :as_of THEN p.published END) AS latest,"
                " SUM(p.published > :as_of) AS future"
                " FROM sections s JOIN sites t ON s.site_id = t.id LEFT JOIN posts p ON p.section_id = s.id"
                " GROUP BY s.id ORDER BY t.id, s.id",
                {"as_of": as_of},
            )
        )

    def post_counts(self, start: str, end: str, sites: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Per section: distinct posts published in [start, end] (inclusive dates), newest date, undated."""
        rows = list(
            self.db.query(
                "SELECT t.name AS site, s.name AS section, s.id AS section_id,"
                " COUNT(DISTINCT CASE WHEN p.published BETWEEN :start AND :end THEN p.url_key END) AS posts,"
                " MAX(p.published) AS latest,"
                " SUM(p.id IS NOT NULL AND p.published IS NULL) AS undated"
                " FROM sections s JOIN sites t ON s.site_id = t.id LEFT JOIN posts p ON p.section_id = s.id"
                " GROUP BY s.id ORDER BY t.id, s.id",
                {"start": start, "end": end},
            )
        )
        if sites is not None:
            wanted = set(sites)
            rows = [r for r in rows if r["site"] in wanted]
        return rows

    def posts(self, site: str | None = None, section: str | None = None) -> Iterator[dict[str, Any]]:
        sql = (
            "SELECT t.name AS site, s.name AS section, p.* FROM posts p JOIN sections s ON p.section_id = s.id"
            " JOIN sites t ON s.site_id = t.id WHERE (:site IS NULL OR t.name = :site)"
            " AND (:section IS NULL OR s.name = :section) ORDER BY p.published DESC, p.id"
        )
        return self.db.query(sql, {"site": site, "section": section})

    def newest_posts(self, until: str | None = None) -> dict[tuple[str, str], dict[str, Any]]:
        """Per (site, section): the newest post published on or before ``until`` (any date without it).

        The one place reports and alert wording ask "when did this column last post?". SQLite takes the
        bare title/url columns from the row that holds MAX(published).
        """
        rows = self.db.execute(
            "SELECT t.name, s.name, MAX(p.published), p.title, p.url FROM sections s"
            " JOIN sites t ON s.site_id = t.id LEFT JOIN posts p ON p.section_id = s.id"
            " AND (:until IS NULL OR p.published <= :until) GROUP BY s.id",
            {"until": until},
        ).fetchall()
        return {
            (site, section): {"date": newest, "title": title, "url": url} for site, section, newest, title, url in rows
        }

    # --- findings ---------------------------------------------------------------------------
    def findings(self, open_only: bool = True) -> list[dict[str, Any]]:
        where = "resolved_at IS NULL" if open_only else "1"
        rows = list(self.db["findings"].rows_where(where, order_by="site, kind, section, url"))
        for row in rows:
            row["found_on"] = json.loads(row["found_on"] or "[]")
        return rows

    def close(self) -> None:
        self.release_crawl_lock()
        self.db.close()


def open_existing(path: str | os.PathLike, config_path: str | os.PathLike) -> Store:
    """Open the database for a command that only reads it; a missing file is a wrong path or no crawl yet.

    Creating an empty database here would hide a mistyped ``--config`` behind "no open findings".
    """
    if not Path(path).exists():
        raise StoreError(
            f"{path}: no database yet; run 'campus-monitor crawl --config {config_path}' first, "
            "or check [monitor] database"
        )
    return Store(path)
