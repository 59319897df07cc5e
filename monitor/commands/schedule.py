"""``campus-monitor schedule``: run crawls and the monthly report on their cron schedules."""

from __future__ import annotations

import argparse
from datetime import datetime

from monitor import clock
from monitor.config import ensure_log_dir, load_config
from monitor.errors import UsageError
from monitor.schedule import daemon as scheduler
from monitor.schedule import jobs
from monitor.schedule import state as sched_state


def register(sub, common) -> None:
    p = sub.add_parser(
        "schedule",
        parents=[common],
        help="run in the foreground: nightly crawls and the monthly report on their schedules",
        description="Runs until SIGTERM/Ctrl-C (a running crawl stops at a safe point first). "
        "SIGUSR1 starts the crawl at once. Logs go to stdout and "
        "<log_dir>/schedule.log (rotated).",
    )
    p.add_argument("--list", action="store_true", help="print the jobs and their next run times, then exit")
    p.add_argument("--count", type=int, metavar="N", help="with --list: how many next runs (default 3)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.count is not None and (not args.list or not 1 <= args.count <= 1000):
        raise UsageError(f"--count {args.count}: only with --list, from 1 to 1000 (e.g. --list --count 5)")
    config = load_config(args.config)
    if args.list:
        print_list(config, clock.now(config.timezone), args.count or 3)
        return 0
    sched_state.acquire_daemon_lock(config.database)  # held until exit; a second daemon stops here (exit 2)
    path = sched_state.setup_logging(ensure_log_dir(config))
    scheduler.log.info("config %s, database %s, log file %s", config.path, config.database, path)
    return scheduler.serve(config)


def print_list(config, now: datetime, count: int) -> None:
    tz = config.timezone
    state: dict[str, dict] = {}
    if config.database.exists():  # listing never creates the database
        db = sched_state.open_db(config.database)
        try:
            state = sched_state.load_state(db)
        finally:
            db.close()
    print(f"time zone {tz}; now {clock.local(clock.iso(now), tz)}")
    for spec in jobs.job_specs(config):
        runs = jobs.next_runs(spec, tz, now, count)
        row = state.get(spec.id) or {}
        last = (
            f"last run {clock.local(row.get('last_started'), tz)} ({row.get('last_status')})"
            if row.get("last_started")
            else "never run"
        )
        print(f'{spec.id}: {spec.describe()}, cron "{spec.cron}"; {last}')
        for when in runs:
            print(f"    next {when.strftime('%Y-%m-%d %H:%M %a')}")
    if config.email is None:
        print("report: not scheduled (no [email] table to mail the monthly report to)")
