"""campus-monitor report: post counts per site and section over a month, a year, an academic year or a range."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date

from monitor.config import load_config
from monitor.errors import UsageError
from monitor.report.stats import Period, academic_year_period, month_period, year_period
from monitor.store.core import open_existing

FORMATS = ["table", "json", "csv", "md", "html", "xlsx"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="post counts per site and section")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", metavar="YYYY-MM", help="one calendar month, compared with the month before")
    when.add_argument("--from", dest="date_from", metavar="DATE", help="with --to: an inclusive date range")
    when.add_argument("--year", metavar="YYYY", help="a calendar year, with the disclosure paragraph")
    when.add_argument(
        "--academic-year", metavar="YYYY", help="1 September YYYY to 31 August YYYY+1, with the disclosure paragraph"
    )
    p.add_argument("--to", dest="date_to", metavar="DATE")
    p.add_argument("--site", action="append", metavar="NAME", help="only this site (repeatable)")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: table; xlsx needs --output or a redirected stdout)",
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument(
        "--checklist",
        action="store_true",
        help="the 高等学校信息公开事项清单 table instead: each of the 50 items with its columns, posts in the "
        "period, newest date and status (缺失/空白/未更新/正常)",
    )
    p.add_argument(
        "--email",
        action="store_true",
        help="mail the report (HTML body, XLSX attached) to [email] recipients and each site's "
        "recipients; if SMTP fails it waits in the outbox (exit 1; campus-monitor alerts send)",
    )
    p.set_defaults(func=run)


FIRST_YEAR, LAST_YEAR = 1990, 2100  # report dates outside this are typos (and 0001-01 has no month before)


def _year(flag: str, text: str) -> int:
    if not (text.isdigit() and len(text) == 4 and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise UsageError(f"{flag} {text!r}: expected a four-digit year such as 2021")
    return int(text)


def parse_period(args: argparse.Namespace) -> Period:
    """The period the options ask for, within FIRST_YEAR..LAST_YEAR; bad input is one UsageError line."""
    period = _parse_period(args)
    if not (period.start.year >= FIRST_YEAR and period.end.year <= LAST_YEAR):
        raise UsageError(f"{period.start} to {period.end}: report dates must lie between {FIRST_YEAR} and {LAST_YEAR}")
    return period


def _parse_period(args: argparse.Namespace) -> Period:
    if args.date_to and not args.date_from:
        raise UsageError("--to needs --from (both YYYY-MM-DD, inclusive)")
    if args.month:
        try:
            return month_period(args.month)
        except ValueError:
            raise UsageError(f"--month {args.month!r}: expected YYYY-MM, e.g. 2022-06") from None
    if args.year:
        return year_period(_year("--year", args.year))
    if args.academic_year:
        return academic_year_period(_year("--academic-year", args.academic_year))
    if not args.date_to:
        raise UsageError("--from needs --to (both YYYY-MM-DD, inclusive)")
    try:
        start, end = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to)
    except ValueError:
        raise UsageError(f"--from/--to {args.date_from!r}/{args.date_to!r}: expected YYYY-MM-DD dates") from None
    if end < start:
        raise UsageError(f"--to {end} is before --from {start}")
    return Period(start, end, "range")


def render_bytes(report: dict, fmt: str) -> bytes:
    """The report in ``fmt`` as the bytes to write (text formats in UTF-8, CSV with a BOM)."""
    # openpyxl and the renderers load only when a report is written (CLI start stays fast)
    from monitor.report import html as report_html
    from monitor.report import text as report_text
    from monitor.report import xlsx as report_xlsx

    if fmt == "xlsx":
        return report_xlsx.render_xlsx(report)
    if fmt == "csv":
        return report_text.render_csv(report)
    text = {
        "json": report_text.render_json,
        "md": report_text.render_md,
        "html": report_html.render_html,
        "table": report_text.render_table,
    }[fmt](report)
    return text.encode("utf-8")


def _write(args: argparse.Namespace, fmt: str, data: bytes) -> int:
    """The rendered report to --output or stdout (xlsx never to a terminal)."""
    if args.output:
        try:
            with open(args.output, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise UsageError(f"--output {args.output}: cannot write ({exc.strerror}); check the folder") from exc
        print(f"report written to {args.output}", file=sys.stderr)
    elif fmt == "xlsx" and sys.stdout.isatty():
        raise UsageError("--format xlsx writes a binary file; add --output report.xlsx")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def run(args: argparse.Namespace) -> int:
    # stage modules load when the command runs, so `--help` and the light commands start fast
    from monitor.report.data import build_full_report
    from monitor.report.mail import send_period_report

    config = load_config(args.config)
    period = parse_period(args)
    known = {s.name for s in config.sites}
    for name in args.site or []:
        if name not in known:
            raise UsageError(f"{config.path}: no site named {name!r}; configured: {', '.join(sorted(known))}")
    if args.checklist and args.email:
        raise UsageError("--checklist cannot be mailed; write it with --output FILE (e.g. --format xlsx)")
    store = open_existing(config.database, config.path)
    fmt = args.format or "table"
    if args.checklist:
        from monitor.report.checklist import build_checklist
        from monitor.report.checklist_render import render_bytes as render_checklist

        return _write(args, fmt, render_checklist(build_checklist(config, store, period, args.site), fmt))
    if args.output or not args.email or args.format:
        _write(args, fmt, render_bytes(build_full_report(config, store, period, args.site), fmt))
    if args.email:
        # the outbox logs one warning per waiting mail; here the single line below says it for all of them
        logging.getLogger("monitor.alerts").addHandler(logging.NullHandler())
        mails = send_period_report(config, store, period, args.site)
        for mail in mails:
            if mail["sent"]:
                got = [r for r in mail["recipients"] if r not in mail["refused"]]
                print(f"report mailed to {', '.join(got)} ({', '.join(mail['sites'])})", file=sys.stderr)
            for address, why in mail["refused"].items():
                print(
                    f"campus-monitor: the mail server refused {address} ({why}); not retried for that address, "
                    "check it in the config",
                    file=sys.stderr,
                )
        waiting = [m for m in mails if not m["sent"] and not m["failed"]]
        if waiting:  # kept in the outbox: nothing lost, but not delivered yet → exit 1
            ids = ", ".join(f"#{m['outbox_id']}" for m in waiting)
            why = (waiting[0]["error"] or "").removesuffix("; the mail was not sent")
            print(
                f"campus-monitor: report mail not sent now ({why}); queued in the outbox as {ids}, "
                f"resend with: campus-monitor alerts send --config {config.path}",
                file=sys.stderr,
            )
            return 1
        if any(m["failed"] for m in mails):  # reached nobody
            return 1
    return 0
