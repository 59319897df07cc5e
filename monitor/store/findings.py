"""Findings open, stay and resolve across crawls — only on evidence (issue 9, ``monitor.store.evidence``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from monitor import clock
from monitor.store.evidence import Finding, examined


def sync_findings(
    db: sqlite_utils.Database,
    kinds: Iterable[str],
    sites: Iterable[str],
    current: Iterable[Finding],
    run_id: int | None,
    evidence: dict[str, int] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Make the open findings of ``kinds`` on ``sites`` equal ``current``.

    New ones open (first_seen = now), still-present ones get last_seen = now and times_seen + 1, open
    ones no longer present resolve (resolved_at = now). With ``evidence`` (finding key -> run id of
    the facts it rests on, see ``monitor.store.evidence``) only a key whose evidence is newer than the finding's
    ``last_run_id`` is touched: the rest stay exactly as they are. Returns {"opened", "resolved"}.
    """
    now = clock.iso(clock.now())
    kinds, sites = list(kinds), list(sites)
    table = db.table("findings")
    opened: list[dict[str, Any]] = []
    seen_keys: set[str] = set()
    with db.conn:
        for f in current:
            if f.key in seen_keys:
                continue
            seen_keys.add(f.key)
            row = next(table.rows_where("key = ?", [f.key]), None)
            if not examined(f.key, row, evidence):
                continue
            values = {
                "reason": f.reason,
                "detail": f.detail,
                "severity": f.severity,
                "found_on": json.dumps(f.found_on, ensure_ascii=False),
                "last_seen": now,
                "last_run_id": run_id,
            }
            if row and row["resolved_at"] is None:
                values["times_seen"] = (row["times_seen"] or 0) + 1
                table.update(row["id"], values)
            else:
                values.update(
                    {
                        "key": f.key,
                        "kind": f.kind,
                        "site": f.site,
                        "section": f.section,
                        "url": f.url,
                        "first_seen": now,
                        "resolved_at": None,
                        "times_seen": 1,
                    }
                )
                if row:
                    table.update(row["id"], values)
                else:
                    table.insert(values)
                opened.append(values)
        resolved: list[dict[str, Any]] = []
        if kinds and sites:
            qk = ",".join("?" * len(kinds))
            qs = ",".join("?" * len(sites))
            for row in list(
                table.rows_where(f"resolved_at IS NULL AND kind IN ({qk}) AND site IN ({qs})", kinds + sites)
            ):
                if row["key"] not in seen_keys and examined(row["key"], row, evidence):
                    table.update(row["id"], {"resolved_at": now, "last_run_id": run_id})
                    row["resolved_at"] = now
                    resolved.append(row)
    return {"opened": opened, "resolved": resolved}
