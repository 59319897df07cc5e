"""campus-monitor findings: the findings, most pressing first, as a Chinese table or JSON (issue 12).

Order and filters are ``monitor.findingsview``'s, the same as the digest's and the dashboard's. Acknowledged
findings (``monitor.store.acks``) are left out unless ``--all``, which also shows resolved ones, each marked.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import Any

from monitor import clock
from monitor.commands import ack
from monitor.config import Config, load_config
from monitor.errors import UsageError
from monitor.findingstext import render_table
from monitor.findingsview import select
from monitor.kinds import NAMES
from monitor.severity import LEVELS
from monitor.store import acks
from monitor.store.core import Store, open_existing

FIELDS = [
    "id",
    "kind",
    "site",
    "section",
    "url",
    "found_on",
    "reason",
    "detail",
    "severity",
    "first_seen",
    "last_seen",
]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("findings", parents=[common], help="list findings, most pressing first")
    add_list_options(p)
    p.set_defaults(func=run)
    actions = p.add_subparsers(dest="action", metavar="ACTION", title="actions (optional)")
    ack.register(actions)  # findings ack ID… --reason TEXT [--until DATE] / findings unack ID…


def add_list_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--all", action="store_true", help="also resolved and acknowledged findings, marked as such")
    p.add_argument("--site", action="append", default=[], metavar="NAME", help="only this site (repeatable)")
    p.add_argument("--kind", action="append", default=[], metavar="KIND", help="only this kind (repeatable)")
    p.add_argument(
        "--severity",
        action="append",
        default=[],
        metavar="LEVEL",
        help="only these levels: urgent, high, normal, low (repeatable or comma-separated)",
    )
    p.add_argument("--since", metavar="DATE", help="only findings first seen on or after this local date (YYYY-MM-DD)")


def _values(given: list[str]) -> list[str]:
    return [v.strip() for item in given for v in item.split(",") if v.strip()]


def filters(args: argparse.Namespace, config: Config) -> dict[str, Any]:
    """The filters as ``findingsview.select`` takes them; a value that can never match is a usage error."""
    levels = _values(args.severity)
    for level in levels:
        if level not in LEVELS:
            raise UsageError(f"--severity {level!r}: not a severity; use {', '.join(LEVELS)}")
    kinds = _values(args.kind)
    for kind in kinds:
        if kind not in NAMES:
            raise UsageError(f"--kind {kind!r}: not a finding kind; use one of {', '.join(NAMES)}")
    sites = [s.strip() for s in args.site]
    configured = [s.name for s in config.sites]
    for site in sites:
        if site not in configured:
            raise UsageError(f"--site {site!r}: no such site in {config.path}; sites: {', '.join(configured)}")
    since = args.since.strip() if args.since else None
    if since is not None:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
                raise ValueError(since)
            date.fromisoformat(since)
        except ValueError:
            raise UsageError(f"--since {args.since!r}: not a date; give YYYY-MM-DD such as 2022-07-01") from None
    return {"sites": sites, "kinds": kinds, "severities": levels, "since": since}


def row(f: dict[str, Any], include_resolved: bool = False) -> dict[str, Any]:
    """A finding as ``--format json`` shows it (English keys, for scripts)."""
    out = {k: f.get(k) for k in FIELDS}
    out["ack"] = f.get("ack")
    if include_resolved:
        out["resolved_at"] = f.get("resolved_at")
    return out


def rows(store: Store, include_resolved: bool = False) -> list[dict]:
    """Open (or all) findings, acknowledgements not looked at: what the demo prints right after its crawl."""
    return [row(f, include_resolved) for f in select(store.findings(open_only=not include_resolved))]


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    wanted = filters(args, config)
    store = open_existing(config.database, config.path)
    found = store.findings(open_only=not args.all)
    # A site taken out of the config is never crawled again, so its findings would stay open forever.
    configured = {s.name for s in config.sites}
    gone = sorted({f["site"] for f in found} - configured)
    if gone:
        found = [f for f in found if f["site"] in configured]
        print(
            f"campus-monitor: not shown: findings of sites no longer in {config.path}: {', '.join(gone)}",
            file=sys.stderr,
        )
    today = clock.today(config.timezone)
    acks.annotate(store.db, found, today.isoformat())
    found = select(found, tz=config.timezone, **wanted)
    if not args.all:
        acked = sum(1 for f in found if f["ack"])
        found = [f for f in found if not f["ack"]]
        if acked:
            print(f"{acked} 条已确认的问题未显示；--all 显示全部", file=sys.stderr)
    if args.format == "json":
        print(json.dumps([row(f, args.all) for f in found], ensure_ascii=False, indent=2))
    else:
        latest = {key: post["date"] for key, post in store.newest_posts().items()}
        print(render_table(found, config.timezone, latest, today, everything=args.all))
    return 0
