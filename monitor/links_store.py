"""Link facts of crawls (issue 4): pages and their links, check verdicts, footers, hidden links.

Tables live in the monitor database next to ``monitor.store``'s; only the latest crawl's facts of a
site are kept (older ones are pruned after the checks ran), since findings carry the history.
"""
from __future__ import annotations

import json
from typing import Any, Iterable

from monitor.store import Store


class LinkStore:
    def __init__(self, store: Store):
        self.store = store
        self.db = store.db
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        db = self.db
        db["link_pages"].create({"id": int, "run_id": int, "site": str, "page_url": str, "kind": str,
                                 "status": int, "reason": str}, pk="id", if_not_exists=True)
        db["link_pages"].create_index(["run_id", "site"], if_not_exists=True)
        db["link_refs"].create({"run_id": int, "site": str, "page_url": str, "url": str, "text": str,
                                "tag": str}, if_not_exists=True)
        db["link_refs"].create_index(["run_id", "url"], if_not_exists=True)
        db["link_refs"].create_index(["run_id", "site", "page_url"], if_not_exists=True)
        db["link_results"].create({"run_id": int, "url": str, "ok": int, "reason": str, "status": int,
                                   "method": str, "final_url": str, "detail": str, "attempts": int},
                                  pk=("run_id", "url"), if_not_exists=True)
        db["footers"].create({"run_id": int, "site": str, "page_url": str, "found": int, "how": str,
                              "text": str, "links": str}, pk=("run_id", "site"), if_not_exists=True)
        db["hidden_links"].create({"run_id": int, "site": str, "page_url": str, "url": str, "text": str,
                                   "method": str, "where_": str, "severity": str, "matched": str},
                                  if_not_exists=True)
        db["hidden_links"].create_index(["run_id", "site"], if_not_exists=True)

    # --- writes (the pipeline) -----------------------------------------------------------------
    def save_pages(self, run_id: int, pages: Iterable[Any]) -> None:
        """Pages (PageLinksItem-like: site, page_url, kind, status, reason, links) in one transaction."""
        with self.db.conn:
            for p in pages:
                self.db.execute("INSERT INTO link_pages (run_id, site, page_url, kind, status, reason)"
                                " VALUES (?, ?, ?, ?, ?, ?)", [run_id, p.site, p.page_url, p.kind, p.status, p.reason])
                self.db.conn.executemany(
                    "INSERT INTO link_refs (run_id, site, page_url, url, text, tag) VALUES (?, ?, ?, ?, ?, ?)",
                    [(run_id, p.site, p.page_url, url, text, tag) for url, text, tag in p.links])

    def save_results(self, run_id: int, rows: list[dict[str, Any]]) -> None:
        with self.db.conn:
            self.db["link_results"].upsert_all([dict(r, run_id=run_id, ok=int(r["ok"])) for r in rows],
                                               pk=("run_id", "url"))

    def save_footer(self, run_id: int, site: str, page_url: str, found: bool, how: str, text: str,
                    links: list[str]) -> None:
        with self.db.conn:
            self.db["footers"].upsert({"run_id": run_id, "site": site, "page_url": page_url, "found": int(found),
                                       "how": how, "text": text, "links": json.dumps(links, ensure_ascii=False)},
                                      pk=("run_id", "site"))

    def save_hidden(self, run_id: int, site: str, page_url: str, hidden: list[dict[str, Any]]) -> None:
        with self.db.conn:
            self.db.conn.executemany(
                "INSERT INTO hidden_links (run_id, site, page_url, url, text, method, where_, severity, matched)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, site, page_url, h["url"], h["text"], h["method"], h["where"], h["severity"],
                  h.get("matched", "")) for h in hidden])

    # --- reads (the checks) --------------------------------------------------------------------
    def pages(self, run_id: int, site: str, kind: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM link_pages WHERE run_id = ? AND site = ?"
        args: list[Any] = [run_id, site]
        if kind:
            sql += " AND kind = ?"
            args.append(kind)
        return list(self.db.query(sql, args))

    def refs_of_page(self, run_id: int, site: str, page_url: str) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM link_refs WHERE run_id = ? AND site = ? AND page_url = ?",
                                  [run_id, site, page_url]))

    def bad_refs(self, run_id: int, site: str) -> list[dict[str, Any]]:
        """Every place (page, link text) a target that failed its check sits on."""
        return list(self.db.query(
            "SELECT r.url, r.page_url, r.text, r.tag, x.reason, x.status, x.detail, x.final_url, x.method"
            " FROM link_refs r JOIN link_results x ON x.run_id = r.run_id AND x.url = r.url"
            " WHERE r.run_id = ? AND r.site = ? AND x.ok = 0 ORDER BY r.url, r.rowid", [run_id, site]))

    def footer(self, run_id: int, site: str) -> dict[str, Any] | None:
        row = next(self.db["footers"].rows_where("run_id = ? AND site = ?", [run_id, site]), None)
        if row:
            row["links"] = json.loads(row["links"] or "[]")
        return row

    def hidden(self, run_id: int, site: str) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM hidden_links WHERE run_id = ? AND site = ? ORDER BY rowid",
                                  [run_id, site]))

    def results(self, run_id: int) -> list[dict[str, Any]]:
        return list(self.db["link_results"].rows_where("run_id = ?", [run_id]))

    def prune(self, keep_run_id: int, sites: Iterable[str]) -> None:
        """Drop the link facts of older crawls of these sites (findings keep the history)."""
        sites = list(sites)
        if not sites:
            return
        q = ",".join("?" * len(sites))
        with self.db.conn:
            for table in ("link_pages", "link_refs", "hidden_links", "footers"):
                self.db.execute(f"DELETE FROM {table} WHERE run_id < ? AND site IN ({q})", [keep_run_id, *sites])
            self.db.execute("DELETE FROM link_results WHERE run_id < ? AND url NOT IN"
                            " (SELECT url FROM link_refs WHERE run_id < ?)", [keep_run_id, keep_run_id])


def carry_over(store: Store, kinds: Iterable[str], site: str) -> list:
    """The open findings of ``kinds`` on ``site``, re-stated: when a crawl could not see the facts
    (home page unreachable), a finding stays open rather than resolving on no evidence."""
    from monitor.store import Finding

    kinds = set(kinds)
    return [Finding(r["kind"], r["site"], r["section"], r["url"], reason=r["reason"], detail=r["detail"],
                    severity=r["severity"], found_on=r["found_on"])
            for r in store.findings(open_only=True) if r["site"] == site and r["kind"] in kinds]
