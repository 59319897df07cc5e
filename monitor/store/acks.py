"""Acknowledged findings (issue 12): "known, not a problem" — with who, when, why and until when.

An acknowledgement belongs to one finding as it stood when it was acknowledged: its identity (``key``),
the opening it belongs to (``first_seen``: a finding that resolved and opened again is news) and a
fingerprint of what it says (reason, detail, severity). It stops applying when any of those change, when
its ``until`` date has passed (dates are local dates in the configured zone), or when it is withdrawn
(``unack``). Rows are never deleted: the table is the history of every ack and unack.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

TABLE = "finding_acks"


class UnknownFinding(LookupError):
    """An id that names no finding."""


def ensure(db: Any) -> None:
    """Create the table on first use (the schema's owner-creates pattern, ``monitor.store.schema``)."""
    db[TABLE].create(
        {
            "id": int,
            "finding_id": int,
            "key": str,
            "first_seen": str,
            "fingerprint": str,
            "reason": str,
            "who": str,
            "acked_at": str,
            "until": str,  # YYYY-MM-DD (local), NULL = until the finding changes
            "ended_at": str,
            "ended_by": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db[TABLE].create_index(["key"], if_not_exists=True)


# a stale column's reason and detail count days ("45_days", "45 days ago"): they grow every night without
# anything changing; its dates (the newest post) stay in the fingerprint
COUNTS = re.compile(r"(?<![\d-])\d+(?![\d-])")
GROWING = {"stale_section", "stale_home"}


def fingerprint(finding: dict[str, Any]) -> str:
    """What the finding says; an ack is for this content, not for whatever the finding says later (a
    count of days that grows each night is not a change)."""
    text = "\x1f".join(str(finding.get(k) or "") for k in ("reason", "detail", "severity"))
    if finding.get("kind") in GROWING:
        text = COUNTS.sub("N", text)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _finding(db: Any, finding_id: int) -> dict[str, Any]:
    row = next(db["findings"].rows_where("id = ?", [finding_id]), None)
    if row is None:
        raise UnknownFinding(finding_id)
    return row


def ack(db: Any, finding_ids: Iterable[int], reason: str, who: str, until: str | None, now: str) -> list[dict]:
    """Acknowledge findings; an earlier open ack of the same finding is ended (superseded) first.

    Raises ``UnknownFinding`` (before writing anything) for an id that names no finding."""
    ensure(db)
    rows = [_finding(db, int(i)) for i in finding_ids]
    made = []
    with db.conn:
        for row in rows:
            _end(db, row["key"], who, now)
            values = {
                "finding_id": row["id"],
                "key": row["key"],
                "first_seen": row["first_seen"],
                "fingerprint": fingerprint(row),
                "reason": reason,
                "who": who,
                "acked_at": now,
                "until": until,
                "ended_at": None,
                "ended_by": None,
            }
            db[TABLE].insert(values)
            made.append(values)
    return made


def unack(db: Any, finding_ids: Iterable[int], who: str, now: str) -> list[int]:
    """Withdraw the open acks of these findings; returns the ids that had one."""
    ensure(db)
    rows = [_finding(db, int(i)) for i in finding_ids]
    ended = []
    with db.conn:
        for row in rows:
            if _end(db, row["key"], who, now):
                ended.append(row["id"])
    return ended


def _end(db: Any, key: str, who: str, now: str) -> int:
    cur = db.execute(
        f"UPDATE {TABLE} SET ended_at = ?, ended_by = ? WHERE key = ? AND ended_at IS NULL", [now, who, key]
    )
    return cur.rowcount


def applies(a: dict[str, Any], finding: dict[str, Any], today: str) -> bool:
    """Does this (not ended) ack still cover the finding as it is now, on local date ``today``?"""
    return (
        a["ended_at"] is None
        and a["first_seen"] == finding.get("first_seen")
        and a["fingerprint"] == fingerprint(finding)
        and (a["until"] is None or today <= a["until"])
    )


def annotate(db: Any, findings: list[dict[str, Any]], today: str) -> list[dict[str, Any]]:
    """Set ``f["ack"]`` on each finding: its ack that still applies (who, acked_at, reason, until) or None."""
    open_acks: dict[str, dict[str, Any]] = {}
    if TABLE in db.table_names():
        for a in db[TABLE].rows_where("ended_at IS NULL"):
            open_acks[a["key"]] = a
    for f in findings:
        a = open_acks.get(f["key"])
        f["ack"] = (
            {k: a[k] for k in ("who", "acked_at", "reason", "until")}
            if a is not None and applies(a, f, today)
            else None
        )
    return findings


def history(db: Any, key: str) -> list[dict[str, Any]]:
    """Every ack of one finding, oldest first (who, when, why, until, when and by whom it ended)."""
    if TABLE not in db.table_names():
        return []
    return list(db[TABLE].rows_where("key = ?", [key], order_by="id"))
