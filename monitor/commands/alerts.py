"""``campus-monitor alerts``: see waiting mails, send a test mail, or send the digest now."""

from __future__ import annotations

import argparse
import json
import sys

from monitor import clock
from monitor.alerts import digest as alerts
from monitor.config import load_config
from monitor.delivery.webhooks import hook_label
from monitor.errors import ConfigError, MailError
from monitor.store import alerts as alerts_store
from monitor.store.core import open_existing


def register(sub, common) -> None:
    p = sub.add_parser(
        "alerts",
        parents=[common],
        help="e-mail / webhook alerts: list waiting mails, send a test mail, send the digest now",
        description="Without an action: same as --pending. 'send' queues the digest of what "
        "changed since the last mail and delivers everything waiting; 'test' sends "
        "a test mail to every recipient.",
    )
    p.add_argument("action", nargs="?", choices=["send", "test"], help="send | test")
    p.add_argument("--pending", action="store_true", help="list mails kept in the outbox, waiting for delivery")
    p.add_argument(
        "--json",
        action="store_true",
        help="machine-readable output (the list, the send counts, or the test mail's outcome)",
    )
    p.set_defaults(func=run)


PENDING_FIELDS = (
    "id",
    "created",
    "channel",
    "recipients",
    "subject",
    "attempts",
    "last_attempt",
    "last_error",
    "status",
    "delivered",
    "refused",
    "failed_at",
)
FAILED_SHOWN = 20  # the newest messages refused for good, listed under the waiting ones


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.action == "test":
        return send_test(config, args.json)
    if args.action == "send" and config.email is None:
        raise ConfigError(f"{config.path}: no [email] table; add host, sender and recipients to send alerts")
    store = open_existing(config.database, config.path)
    try:
        alerts_store.ensure_schema(store.db)
        if args.action == "send":
            return send_now(config, store, args.json)
        return list_pending(config, store, args.json)
    finally:
        store.close()


def send_test(config, as_json: bool = False) -> int:
    """``alerts test``: one mail to every recipient (and every webhook) now, not through the outbox.

    With --json: ``{"sent": true, "recipients": [...]}`` or ``{"sent": false, "error": "..."}`` on stdout.
    """
    try:
        reached = alerts.send_test(config)
    except MailError as exc:
        if as_json:
            print(json.dumps({"sent": False, "recipients": [], "error": str(exc)}, ensure_ascii=False))
        print(f"campus-monitor: test mail not sent: {exc}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps({"sent": True, "recipients": reached, "error": None}, ensure_ascii=False))
    else:
        print(f"test mail sent to {', '.join(reached)}")
    return 0


def send_now(config, store, as_json: bool) -> int:
    """``alerts send``: queue the digest as after a crawl and deliver the outbox; exit 1 while mail waits."""
    result = alerts.after_crawl(config, store, None)
    if as_json:
        print(json.dumps(result))
    else:
        print(f"queued {result['queued']}, sent {result['sent']}, still waiting {result['failed']}")
    return 1 if result["failed"] else 0


def list_pending(config, store, as_json: bool) -> int:
    """``alerts [--pending]``: the outbox (status ``waiting``), then the newest mails every recipient refused
    for good (status ``failed``, never retried); webhooks are named without their tokens."""
    rows = alerts_store.pending(store.db)
    gone = alerts_store.failed(store.db)[-FAILED_SHOWN:]
    for r in rows + gone:
        r["status"] = "failed" if r["failed_at"] else "waiting"
        if r["channel"] == "webhook":
            r["recipients"] = [hook_label(x) for x in r["recipients"]]
    if as_json:
        print(json.dumps([{k: r[k] for k in PENDING_FIELDS} for r in rows + gone], ensure_ascii=False, indent=2))
        return 0
    tz = config.timezone
    for r in rows + gone:
        print(
            f"#{r['id']}  {clock.local(r['created'], tz)}  {r['channel']}  to {', '.join(r['recipients'])}"
            f"  attempts {r['attempts']}"
            + (f"  FAILED for good {clock.local(r['failed_at'], tz)}" if r["failed_at"] else "")
        )
        print(f"    {r['subject']}")
        if r["delivered"]:
            print(f"    delivered to: {', '.join(r['delivered'])}")
        for address, why in r["refused"].items():
            print(f"    refused by the server, not retried: {address} ({why})")
        if r["last_error"] and not r["failed_at"]:
            print(f"    last error: {r['last_error']}")
    if not rows:
        print("no alerts waiting")
    else:
        print(
            f"{len(rows)} waiting; they are sent at the next crawl, by the scheduler's retry, "
            "or now with: campus-monitor alerts send"
        )
    if gone:
        print(f"{len(gone)} refused by every recipient (5xx), not retried: check those addresses in the config")
    return 0
