"""``campus-monitor findings ack`` / ``unack``: "known, not a problem" for findings, with who, when and why.

Why a sub-action of ``findings``: the ids come from its listing (``findings --all``). The acknowledgement is
stored by ``monitor.store.acks`` (the dashboard uses the same functions with its user as ``who``); an ack
mutes the finding in digests and reminders (``monitor.alerts.mute``) until its content changes or ``--until``
passes. Every check happens before anything is written: an unknown id writes nothing.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sqlite3
from datetime import date

from monitor import clock
from monitor.config import load_config
from monitor.errors import StoreError, UsageError
from monitor.store import acks
from monitor.store.core import open_existing

MAX_REASON = 500  # characters: a reason is a note, not a document


def register(actions: argparse._SubParsersAction) -> None:
    """``ack`` and ``unack`` under ``findings`` (``monitor.commands.findings.register`` calls this)."""
    # --config/--now again, but only when given: a subparser's defaults would overwrite the value given
    # before the action (``findings --config X ack 3``)
    here = argparse.ArgumentParser(add_help=False)
    here.add_argument("--config", default=argparse.SUPPRESS, metavar="FILE", help="config file")
    here.add_argument("--now", default=argparse.SUPPRESS, metavar="DATETIME", help="pretend it is this date/time")
    p = actions.add_parser(
        "ack",
        parents=[here],
        help="acknowledge findings: not mailed or reminded until they change or --until passes",
        description="Acknowledge findings by id (see 'campus-monitor findings --all'). An acknowledged "
        "finding stays listed (marked) but is not mailed or reminded until what it says changes, it "
        "resolves and opens again, or the --until date has passed.",
    )
    p.add_argument("ids", nargs="+", metavar="ID", help="finding ids")
    p.add_argument("--reason", metavar="TEXT", help="why it is not a problem (required, one line)")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="mute until this local date (inclusive)")
    p.set_defaults(func=run_ack)
    u = actions.add_parser("unack", parents=[here], help="withdraw acknowledgements: the findings are mailed again")
    u.add_argument("ids", nargs="+", metavar="ID", help="finding ids")
    u.set_defaults(func=run_unack)


def who_am_i() -> str:
    """The OS user who acknowledged (the dashboard passes its login name instead)."""
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers) and no LOGNAME/USER
        return os.environ.get("USER") or "unknown"


def parse_ids(action: str, values: list[str]) -> list[int]:
    ids = []
    for value in values:
        text = value.strip().lstrip("#")
        if not text.isdigit():
            raise UsageError(
                f"findings {action}: {value!r} is not a finding id; ids are numbers, see campus-monitor findings --all"
            )
        if int(text) not in ids:
            ids.append(int(text))
    return ids


def parse_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise UsageError('findings ack: --reason is required: say why, e.g. --reason "校内网链接，校外无法访问"')
    if "\n" in text or "\r" in text:
        raise UsageError("findings ack: --reason must be one line")
    if len(text) > MAX_REASON:
        raise UsageError(f"findings ack: --reason is {len(text)} characters; keep it under {MAX_REASON}")
    return text


def parse_until(value: str | None, today: date) -> str | None:
    """A local date, today or later (an ack that ends before it starts would mute nothing)."""
    if value is None:
        return None
    try:
        until = date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"findings ack: --until {value!r}: not a date; give YYYY-MM-DD such as 2026-12-31") from None
    if until < today:
        raise UsageError(
            f"findings ack: --until {until.isoformat()} is in the past (today is {today.isoformat()}); "
            "give today or a later date"
        )
    return until.isoformat()


def _unknown(action: str, exc: acks.UnknownFinding) -> UsageError:
    return UsageError(
        f"findings {action}: no finding with id {exc.args[0]}; run campus-monitor findings --all to see ids"
    )


def _write(action: str, store, fn):
    """One short transaction beside a running crawl (WAL + busy_timeout); a crawl holding the write lock
    longer than that is one line, not a traceback."""
    try:
        return fn()
    except acks.UnknownFinding as exc:
        raise _unknown(action, exc) from None
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc):
            raise
        raise StoreError(
            f"{store.path}: the database is busy (a crawl is writing); nothing was {action}ed, try again"
        ) from None


def run_ack(args: argparse.Namespace) -> int:
    ids = parse_ids("ack", args.ids)
    reason = parse_reason(args.reason)
    config = load_config(args.config)
    until = parse_until(args.until, clock.today(config.timezone))
    store = open_existing(config.database, config.path)
    try:
        now = clock.iso(clock.now(config.timezone))
        made = _write("ack", store, lambda: acks.ack(store.db, ids, reason, who_am_i(), until, now))
    finally:
        store.close()
    note = f"（原因：{reason}" + (f"，至 {until}" if until else "，直到问题内容变化") + "）"
    print(f"已确认 {len(made)} 条：{'、'.join(f'#{i}' for i in ids)} {note}")
    return 0


def run_unack(args: argparse.Namespace) -> int:
    ids = parse_ids("unack", args.ids)
    config = load_config(args.config)
    store = open_existing(config.database, config.path)
    try:
        now = clock.iso(clock.now(config.timezone))
        ended = _write("unack", store, lambda: acks.unack(store.db, ids, who_am_i(), now))
    finally:
        store.close()
    line = f"已取消确认 {len(ended)} 条：{'、'.join(f'#{i}' for i in ended)}" if ended else "已取消确认 0 条"
    missing = [i for i in ids if i not in ended]
    if missing:
        line += f"（未确认过：{'、'.join(f'#{i}' for i in missing)}）"
    print(line)
    return 0
