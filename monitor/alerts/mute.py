"""What a digest may mention: acknowledged findings and ignored link targets stay out (issue 12).

Why apart from ``digest.py``: the digest decides new / reminder / resolved from what each recipient was told
(``alert_notices``); this module only removes what people said they do not want to hear, and makes a
finding whose acknowledgement stopped applying count as news again. The rules:

- an open finding with an ack that applies (``monitor.store.acks.annotate``) is neither new nor reminded;
- an ack stops applying when what the finding says changes (reason, detail, severity), when it resolves
  and opens again, when its ``until`` date has passed, or on ``unack``; the next digest then lists it among
  the new findings, even if it had been mailed before the ack (a plain reminder would wait for
  ``remind_days`` after the old mail, and the change would go unmentioned);
- a finding that resolved while an ack covered it is not mailed as 已解决 (it was declared not a problem;
  its resolution is no news);
- a link finding whose target matches its site's ``ignore_links`` is never mailed, open or resolved (the
  next crawl of the site resolves it, ``monitor.checks.links``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from crawler.linkcheck.verdict import skip_matches
from monitor.config import Config
from monitor.store import acks

LINK_KINDS = {"broken_link", "unverified_link"}  # monitor.checks.links.KINDS: the kinds ignore_links applies to


def ignored_target(config: Config) -> Callable[[dict[str, Any]], bool]:
    """Is this a link finding whose target its site ignores (``[[sites]] ignore_links``)?"""
    patterns = {s.name: list(s.ignore_links) for s in config.sites if s.ignore_links}

    def ignored(f: dict[str, Any]) -> bool:
        mine = patterns.get(f["site"])
        return mine is not None and f["kind"] in LINK_KINDS and skip_matches(f.get("url") or "", mine)

    return ignored


def mailable(
    config: Config, db: Any, findings: list[dict[str, Any]], told: dict[str, dict[str, Any]], today: str
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """(the findings a digest may mention, the recipient's notices with lapsed acks forgotten).

    ``told`` is ``monitor.store.alerts.notices`` for one recipient; ``today`` the local ISO date. A notice
    is left out of the returned copy (so the finding counts as new) when an ack was made after the
    finding was last mailed and no longer applies.
    """
    ignored = ignored_target(config)
    acks.annotate(db, findings, today)
    rows: dict[str, list[dict[str, Any]]] = {}
    if acks.TABLE in db.table_names():
        for a in db[acks.TABLE].rows_where(order_by="id"):
            rows.setdefault(a["key"], []).append(a)
    out: list[dict[str, Any]] = []
    told = dict(told)
    for f in findings:
        if ignored(f):
            continue
        mine = [a for a in rows.get(f["key"], []) if a["first_seen"] == f["first_seen"]]
        if f["resolved_at"] is not None:
            if not any(_covered_at_resolution(a, f, config.timezone) for a in mine):
                out.append(f)
            continue
        if f["ack"] is not None:
            continue
        notice = told.get(f["key"])
        if notice is not None and any(a["acked_at"] > notice["last_mailed"] for a in mine):
            del told[f["key"]]  # muted since its last mail, and now it is back: news
        out.append(f)
    return out, told


def _covered_at_resolution(a: dict[str, Any], f: dict[str, Any], tz: str) -> bool:
    """Did ack ``a`` cover finding ``f`` at the moment it resolved?"""
    resolved = f["resolved_at"]
    day = datetime.fromisoformat(resolved).astimezone(ZoneInfo(tz)).date().isoformat()
    return (
        a["acked_at"] <= resolved
        and (a["ended_at"] is None or a["ended_at"] > resolved)
        and a["fingerprint"] == acks.fingerprint(f)
        and (a["until"] is None or day <= a["until"])
    )
