"""campus-monitor report: post counts per site and section over a month or a date range."""
from __future__ import annotations

import argparse
from datetime import date

from monitor.config import load_config
from monitor.report import build_report, month_range, render
from monitor.store import Store


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="post counts per site and section")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", metavar="YYYY-MM")
    when.add_argument("--from", dest="date_from", metavar="DATE", help="with --to: an inclusive date range")
    p.add_argument("--to", dest="date_to", metavar="DATE")
    p.add_argument("--site", action="append", metavar="NAME", help="only this site (repeatable)")
    p.add_argument("--format", choices=["table", "json", "csv", "md"], default="table")
    p.set_defaults(func=run)


def parse_range(args: argparse.Namespace) -> tuple[date, date]:
    from monitor.cli import UsageError

    if args.month:
        try:
            return month_range(args.month)
        except ValueError:
            raise UsageError(f"--month {args.month!r}: expected YYYY-MM, e.g. 2022-06")
    if not args.date_to:
        raise UsageError("--from needs --to (both YYYY-MM-DD, inclusive)")
    try:
        start, end = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to)
    except ValueError:
        raise UsageError(f"--from/--to {args.date_from!r}/{args.date_to!r}: expected YYYY-MM-DD dates")
    if end < start:
        raise UsageError(f"--to {end} is before --from {start}")
    return start, end


def run(args: argparse.Namespace) -> int:
    from monitor.cli import UsageError

    if args.date_to and not args.date_from:
        raise UsageError("--to needs --from")
    config = load_config(args.config)
    start, end = parse_range(args)
    known = {s.name for s in config.sites}
    for name in args.site or []:
        if name not in known:
            raise UsageError(f"{config.path}: no site named {name!r}; configured: {', '.join(sorted(known))}")
    report = build_report(config, Store(config.database), start, end, args.site)
    print(render(report, args.format), end="" if args.format == "csv" else "\n")
    return 0
