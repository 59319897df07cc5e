"""The alert tables in the monitor's database: what each recipient was told, the outbox, run events.

Kept apart from ``monitor.store.core`` (which owns crawl data) so the alert state can evolve on its own.
All times are ISO-8601 UTC strings from ``monitor.clock``.

- ``alert_notices``: one row per (recipient, finding key) that was mailed; drives "new", "reminder"
  (every ``remind_days``) and "resolved since the last mail".
- ``alert_outbox``: every mail / webhook message before delivery; a row stays pending until the server
  accepted it, so an SMTP outage loses nothing. Per recipient: ``delivered`` (accepted, never sent again)
  and ``refused`` (a permanent 5xx, with the server's words); a row every recipient of which refused
  permanently gets ``failed_at`` and is not retried (``monitor.delivery.outbox``).
- ``schedule_events``: things the scheduler saw go wrong (a missed or failed scheduled crawl), reported
  once in the next digest.
- ``alert_runs_reported``: crawl runs that did not finish and were already mentioned in a digest.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlite_utils

from monitor import clock
from monitor.store import schema


def ensure_schema(db: sqlite_utils.Database) -> None:
    schema.alert_tables(db)


# --- notices ----------------------------------------------------------------------------------


def notices(db: sqlite_utils.Database, recipient: str) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in db["alert_notices"].rows_where("recipient = ?", [recipient])}


def mark_notified(db: sqlite_utils.Database, recipient: str, key: str, finding_first_seen: str, now: str) -> None:
    table = db.table("alert_notices")
    existing = next(table.rows_where("recipient = ? AND key = ?", [recipient, key]), None)
    if existing and existing["finding_first_seen"] == finding_first_seen:
        table.update((recipient, key), {"last_mailed": now})
    else:
        table.upsert(
            {
                "recipient": recipient,
                "key": key,
                "first_mailed": now,
                "last_mailed": now,
                "finding_first_seen": finding_first_seen,
            },
            pk=("recipient", "key"),
        )


def forget_notice(db: sqlite_utils.Database, recipient: str, key: str) -> None:
    db.execute("DELETE FROM alert_notices WHERE recipient = ? AND key = ?", [recipient, key])


# --- outbox -----------------------------------------------------------------------------------


def enqueue(db: sqlite_utils.Database, channel: str, recipients: list[str], subject: str, body: bytes) -> int:
    table = db.table("alert_outbox")  # last_pk lives on this Table object, not on a fresh db[...] lookup
    table.insert(
        {
            "created": clock.iso(clock.now()),
            "channel": channel,
            "recipients": json.dumps(recipients, ensure_ascii=False),
            "subject": subject,
            "body": body,
            "attempts": 0,
            "last_attempt": None,
            "last_error": None,
            "sent_at": None,
        }
    )
    assert table.last_pk is not None  # set by the insert above
    return table.last_pk


def _decoded(rows) -> list[dict[str, Any]]:
    out = list(rows)
    for row in out:
        row["recipients"] = json.loads(row["recipients"] or "[]")
        row["delivered"] = json.loads(row.get("delivered") or "[]")
        row["refused"] = json.loads(row.get("refused") or "{}")
    return out


def pending(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Messages still to deliver (to at least one recipient), oldest first."""
    return _decoded(db["alert_outbox"].rows_where("sent_at IS NULL AND failed_at IS NULL", order_by="id"))


def failed(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Messages every recipient of which the server refused permanently: kept, never retried."""
    return _decoded(db["alert_outbox"].rows_where("failed_at IS NOT NULL", order_by="id"))


def mark_attempt(
    db: sqlite_utils.Database,
    outbox_id: int,
    error: str | None,
    delivered: Sequence[str] = (),
    refused: dict[str, str] | None = None,
    done: bool | None = None,
) -> None:
    """Record one delivery attempt: who accepted it now, who refused it for good, and the outcome.

    ``done``: None = decide from ``error`` (webhooks); True = nobody left to try: sent if anyone accepted
    it, else failed permanently; False = some recipients wait for the next attempt.
    """
    row = db.table("alert_outbox").get(outbox_id)
    now = clock.iso(clock.now())
    got = json.loads(row.get("delivered") or "[]")
    got += [r for r in delivered if r not in got]
    no = {**json.loads(row.get("refused") or "{}"), **(refused or {})}
    values: dict[str, Any] = {
        "attempts": (row["attempts"] or 0) + 1,
        "last_attempt": now,
        "last_error": error,
        "delivered": json.dumps(got, ensure_ascii=False),
        "refused": json.dumps(no, ensure_ascii=False),
    }
    if done is None:
        done = error is None
    if done:
        values["sent_at" if got or not no else "failed_at"] = now
    db.table("alert_outbox").update(outbox_id, values)


def refusal_reported(db: sqlite_utils.Database, address: str) -> bool:
    """True when a refusal of ``address`` is already noted and no mail reached it since (tell once)."""
    last = db.execute(
        "SELECT MAX(at) FROM schedule_events WHERE job = ? AND kind = 'refused'", [f"mail:{address}"]
    ).fetchone()[0]
    if last is None:
        return False
    accepted = db.execute(
        "SELECT 1 FROM alert_outbox, json_each(alert_outbox.delivered) d"
        " WHERE d.value = ? AND last_attempt > ? LIMIT 1",
        [address, last],
    ).fetchone()
    return accepted is None


# --- schedule events and unfinished runs ------------------------------------------------------


def record_event(db: sqlite_utils.Database, job: str, kind: str, detail: str, scheduled_for: str | None = None) -> None:
    """Note a problem for the operators' next digest: a scheduled run (kind: missed | skipped | failed) or a
    recipient the mail server refused (job ``mail:<address>``, kind ``refused``)."""
    db.table("schedule_events").insert(
        {
            "at": clock.iso(clock.now()),
            "job": job,
            "kind": kind,
            "scheduled_for": scheduled_for,
            "detail": detail,
            "reported_at": None,
        }
    )


def unreported_events(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db["schedule_events"].rows_where("reported_at IS NULL", order_by="id"))


def unreported_unfinished_runs(db: sqlite_utils.Database, current_run_id: int | None) -> list[dict[str, Any]]:
    """Crawl runs before the current one that never finished normally and were not reported yet."""
    if not db["runs"].exists():
        return []
    return list(
        db.query(
            "SELECT * FROM runs WHERE (status IS NULL OR status NOT IN ('ok', 'finished', 'done', 'partial'))"
            " AND (:current IS NULL OR id <> :current) AND status <> 'running'"
            " AND id NOT IN (SELECT run_id FROM alert_runs_reported) ORDER BY id",
            {"current": current_run_id},
        )
    )


def mark_reported(db: sqlite_utils.Database, event_ids: list[int], run_ids: list[int], now: str) -> None:
    for event_id in event_ids:
        db.table("schedule_events").update(event_id, {"reported_at": now})
    for run_id in run_ids:
        db.table("alert_runs_reported").upsert({"run_id": run_id, "reported_at": now}, pk="run_id")
