"""The link inventory (issue 9): every page read and every link target checked, kept across crawls.

Why: a nightly crawl re-reads only what changed plus a rolling share of the rest (``monitor.store.recheck``),
so findings must be computed from everything known, not from one night's pages, and may only resolve
on evidence re-examined since they were last confirmed (``monitor.checks``).

Compact by design (issue 14 wants a 20k-page world under 40 MB): one row per page, its links one small
BLOB of target ids (``monitor.store.linkpack``; ``[id, "text"]`` only where the link text differs from
the target's usual text), one row per target; an unchanged night updates rows in place and adds none.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from monitor import clock
from monitor.store import linkpack, schema
from monitor.store.core import Store

LINK_KINDS = ("home", "list", "article")


class Inventory:
    def __init__(self, store: Store):
        self.store = store
        self.db = store.db
        self._targets: dict[str, tuple[int, str]] | None = None  # url -> (id, usual text)
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        schema.link_tables(self.db)

    # --- targets -----------------------------------------------------------------------------
    def _target_map(self) -> dict[str, tuple[int, str]]:
        if self._targets is None:
            self._targets = {
                url: (tid, text or "")
                for tid, url, text in self.db.execute("SELECT id, url, text FROM inv_targets").fetchall()
            }
        return self._targets

    def target_id(self, url: str, text: str = "", tag: str = "", run_id: int | None = None) -> int:
        """The id of ``url``, inserting the target (with its first link text) when it is new."""
        targets = self._target_map()
        known = targets.get(url)
        if known is not None:
            return known[0]
        tid = self.db.execute(
            "INSERT INTO inv_targets (url, text, tag, first_run) VALUES (?, ?, ?, ?)", [url, text, tag, run_id]
        ).lastrowid
        assert tid is not None  # an INSERT always sets it
        targets[url] = (tid, text)
        return tid

    def encode_links(self, links: Iterable[tuple[str, str, str]], run_id: int | None) -> bytes:
        out: list[Any] = []
        targets = self._target_map()
        for url, text, tag in links:
            tid = self.target_id(url, text or "", tag or "", run_id)
            out.append(tid if (text or "") == targets[url][1] else [tid, text or ""])
        return linkpack.pack(out)

    # --- writes (the pipeline) ---------------------------------------------------------------
    def save_pages(self, run_id: int, items: Iterable[Any]) -> None:
        """PageLinksItem-likes: a page read (links, hidden, footer), re-read unchanged (304), gone, or failed."""
        now = clock.iso(clock.now())
        with self.db.conn:
            for p in items:
                where = [p.site, p.page_url]
                if getattr(p, "gone", False):
                    self.db.execute(
                        "UPDATE inv_pages SET gone_at = COALESCE(gone_at, ?), status = ?, reason = ?,"
                        " tried_run = ? WHERE site = ? AND url = ?",
                        [now, p.status, p.reason or "gone", run_id, *where],
                    )
                elif getattr(p, "unchanged", False):
                    self.db.execute(
                        "UPDATE inv_pages SET read_at = ?, read_run = ?, tried_run = ?, status = 304,"
                        " reason = '', not_modified = 1, gone_at = NULL WHERE site = ? AND url = ?",
                        [now, run_id, run_id, *where],
                    )
                elif p.reason:  # fetched in vain: what is stored stays, unexamined
                    self.db.execute(
                        "UPDATE inv_pages SET status = ?, reason = ?, tried_run = ? WHERE site = ? AND url = ?",
                        [p.status, p.reason, run_id, *where],
                    )
                else:
                    self._save_read(run_id, now, p)

    def _save_read(self, run_id: int, now: str, p: Any) -> None:
        hidden = json.dumps(p.hidden, ensure_ascii=False, separators=(",", ":")) if p.hidden else None
        footer = json.dumps(p.footer, ensure_ascii=False, separators=(",", ":")) if p.footer else None
        self.db.execute(
            "INSERT INTO inv_pages (site, url, kind, first_run, read_at, read_run, tried_run, status, reason,"
            " not_modified, etag, last_modified, links, hidden, footer, gone_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 0, ?, ?, ?, ?, ?, NULL)"
            " ON CONFLICT (site, url) DO UPDATE SET kind = excluded.kind, read_at = excluded.read_at,"
            " read_run = excluded.read_run, tried_run = excluded.tried_run, status = excluded.status, reason = '',"
            " not_modified = 0, etag = excluded.etag, last_modified = excluded.last_modified,"
            " links = excluded.links, hidden = excluded.hidden, footer = excluded.footer, gone_at = NULL",
            [
                p.site,
                p.page_url,
                p.kind,
                run_id,
                now,
                run_id,
                run_id,
                p.status,
                p.etag or None,
                p.last_modified or None,
                self.encode_links(p.links, run_id),
                hidden,
                footer,
            ],
        )

    def save_results(self, run_id: int, rows: list[dict[str, Any]]) -> None:
        """Check verdicts (LinkResultItem as dicts); ``failing_since`` keeps the first failing check."""
        now = clock.iso(clock.now())
        with self.db.conn:
            for r in rows:
                self.target_id(r["url"], run_id=run_id)
                ok = int(bool(r["ok"]))
                self.db.execute(
                    "UPDATE inv_targets SET ok = ?, reason = ?, status = ?, method = ?, detail = ?, final_url = ?,"
                    " attempts = ?, checked_at = ?, checked_run = ?,"
                    " failing_since = CASE WHEN ? THEN NULL ELSE COALESCE(failing_since, ?) END WHERE url = ?",
                    [
                        ok,
                        r["reason"],
                        r.get("status"),
                        r.get("method"),
                        r.get("detail", ""),
                        r.get("final_url", ""),
                        r.get("attempts", 1),
                        now,
                        run_id,
                        ok,
                        now,
                        r["url"],
                    ],
                )

    # --- reads (plan, checks, summary) -------------------------------------------------------
    def pages(
        self,
        sites: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
        live: bool = False,
        columns: str = "*",
    ) -> list[sqlite3.Row]:
        """Page rows (``live``: read at least once and not gone), oldest read first; ``columns`` to leave
        the large ones (links, hidden, footer) out when they are not read."""
        sql, args = f"SELECT {columns} FROM inv_pages WHERE read_run IS NOT NULL", []
        if sites is not None:
            sites = list(sites)
            sql += f" AND site IN ({','.join('?' * len(sites))})"
            args += sites
        if kinds is not None:
            kinds = list(kinds)
            sql += f" AND kind IN ({','.join('?' * len(kinds))})"
            args += kinds
        if live:
            sql += " AND gone_at IS NULL"
        return list(self._rows(sql + " ORDER BY read_at, id", args))

    def live_links(self, sites: Iterable[str]) -> Iterator[sqlite3.Row]:
        """(site, links) of every live page whose links count, one row at a time: a province's pages'
        link lists are read once here instead of held in memory with the rest of each row."""
        sites = list(sites)
        yield from self._rows(
            f"SELECT site, links FROM inv_pages WHERE read_run IS NOT NULL AND gone_at IS NULL"
            f" AND kind IN ({','.join('?' * len(LINK_KINDS))}) AND site IN ({','.join('?' * len(sites))})",
            [*LINK_KINDS, *sites],
        )

    def _rows(self, sql: str, args: Iterable[Any] = ()) -> Iterator[sqlite3.Row]:
        """Rows as ``sqlite3.Row``: read by column name like a dict, a fraction of its memory."""
        cursor = self.db.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return iter(cursor.execute(sql, list(args)))

    def targets(self, where: str = "", args: Iterable[Any] = (), columns: str = "*") -> dict[int, sqlite3.Row]:
        """Targets by id (with their last verdict): every one, or those ``where`` selects; ``columns`` (with
        ``id``) to read only what is needed. Rows are ``sqlite3.Row`` (read by column name like a dict, a
        third of its memory: 320,000 targets of a 100,000-page world cost ~1 GB as dicts)."""
        sql = f"SELECT {columns} FROM inv_targets" + (f" WHERE {where}" if where else "")
        return {r["id"]: r for r in self._rows(sql, args)}

    def iter_targets(self, columns: str = "*") -> Iterator[sqlite3.Row]:
        """Every target, one row at a time, in id order."""
        return self._rows(f"SELECT {columns} FROM inv_targets ORDER BY id")

    def targets_by_url(self, urls: Iterable[str]) -> dict[str, sqlite3.Row]:
        """The targets with these URLs (unknown ones are left out), in chunks SQLite's variable limit allows."""
        urls = list(dict.fromkeys(urls))
        out: dict[str, sqlite3.Row] = {}
        for i in range(0, len(urls), 500):
            chunk = urls[i : i + 500]
            out.update({r["url"]: r for r in self.targets(f"url IN ({','.join('?' * len(chunk))})", chunk).values()})
        return out

    @staticmethod
    def page_links(page: Any, targets: Any) -> Iterator[tuple[int, str]]:
        """(target id, link text) of each distinct target on a page row (``targets`` gives the usual text)."""
        for tid, text in Inventory.page_link_ids(page):
            yield tid, (targets[tid]["text"] or "") if text is None else text

    @staticmethod
    def page_link_ids(page: Any) -> Iterator[tuple[int, str | None]]:
        """(target id, link text or None where it is the target's usual text) on a page row: no target
        rows needed."""
        for entry in linkpack.unpack(page["links"]):
            yield (entry, None) if isinstance(entry, int) else (entry[0], entry[1])

    @staticmethod
    def facts(page: Any, column: str) -> Any:
        """A page's hidden links (list) or footer (dict), decoded."""
        return json.loads(page[column]) if page[column] else None
