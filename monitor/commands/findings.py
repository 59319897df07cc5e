"""campus-monitor findings: the open problems, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import sys

from monitor import clock
from monitor.commands import ack
from monitor.config import load_config
from monitor.store.core import Store, open_existing

FIELDS = ["kind", "site", "section", "url", "found_on", "reason", "detail", "severity", "first_seen", "last_seen"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("findings", parents=[common], help="list open findings")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--all", action="store_true", help="include resolved findings (with resolved_at)")
    p.set_defaults(func=run)
    actions = p.add_subparsers(dest="action", metavar="ACTION", title="actions (optional)")
    ack.register(actions)  # findings ack ID… --reason TEXT [--until DATE] / findings unack ID…


def rows(store: Store, include_resolved: bool = False) -> list[dict]:
    fields = FIELDS + (["resolved_at"] if include_resolved else [])
    return [{k: r[k] for k in fields} for r in store.findings(open_only=not include_resolved)]


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    store = open_existing(config.database, config.path)
    found = rows(store, args.all)
    # A site taken out of the config is never crawled again, so its findings would stay open forever.
    configured = {s.name for s in config.sites}
    gone = sorted({f["site"] for f in found} - configured)
    if gone:
        found = [f for f in found if f["site"] in configured]
        print(
            f"campus-monitor: not shown: findings of sites no longer in {config.path}: {', '.join(gone)}",
            file=sys.stderr,
        )
    if args.format == "json":
        print(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        print(render_table(found, config.timezone))
    return 0


def render_table(found: list[dict], tz: str) -> str:
    if not found:
        return "no open findings"
    resolved = sum(1 for f in found if f.get("resolved_at"))
    header = (
        f"{len(found)} findings ({resolved} resolved):" if "resolved_at" in found[0] else f"{len(found)} open findings:"
    )
    lines = [header]
    for f in found:
        where = f["site"] + (f" / {f['section']}" if f["section"] else "")
        urgent = " [URGENT]" if f.get("severity") == "urgent" else ""
        lines.append(f"- {f['kind']}{urgent}: {where}: {f['detail'] or f['reason']}")
        if f["url"]:
            lines.append(f"    url: {f['url']}")
        for page in f["found_on"][:5]:
            lines.append(f"    on: {page.get('url')} {page.get('text', '')}".rstrip())
        if len(f["found_on"]) > 5:
            lines.append(f"    … and {len(f['found_on']) - 5} more pages")
        lines.append(
            f"    since {clock.local(f['first_seen'], tz)}, last seen {clock.local(f['last_seen'], tz)}"
            + (f", resolved {clock.local(f['resolved_at'], tz)}" if f.get("resolved_at") else "")
        )
    return "\n".join(lines)
