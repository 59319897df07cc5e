"""campus-monitor command line.

Each subcommand lives in ``monitor/commands/<name>.py`` with ``register(subparsers)``; adding a command is
one new module and one line in ``COMMANDS``. Errors the user can fix end as one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys

from monitor import clock
from monitor.errors import ConfigError, StoreError, UsageError
from monitor.store.dbcheck import read_failure_line
from monitor.store.diskfault import storage_fault

COMMANDS = [
    "crawl",
    "findings",
    "report",
    "demo",
    "alerts",
    "schedule",
    "inspect",
    "backup",
    "serve",
    "dashboard_user",
    "discover",
]

DEFAULT_CONFIG = os.environ.get("CAMPUS_MONITOR_CONFIG", "config/sites.toml")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="campus-monitor", description="Crawl and monitor campus and education-bureau websites."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        default=DEFAULT_CONFIG,
        metavar="FILE",
        help="config file (default: %(default)s, or $CAMPUS_MONITOR_CONFIG)",
    )
    common.add_argument(
        "--now",
        metavar="DATETIME",
        help="pretend it is this date/time (ISO, in the configured zone); for tests and re-runs",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        module = importlib.import_module(f"monitor.commands.{name}")
        module.register(sub, common)
    return parser


def _check_now(source: str, text: str) -> None:
    try:
        clock.check_pinned(text)
    except clock.ClockRangeError:
        low, high = clock.YEARS
        raise UsageError(f"{source} {text!r}: give a date between {low} and {high} such as 2022-07-01") from None
    except ValueError:
        raise UsageError(f"{source} {text!r}: not an ISO date or date-time such as 2022-07-01") from None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "now", None):
            _check_now("--now", args.now)
            os.environ[clock.ENV] = args.now  # child processes (crawls) see the same clock
        elif os.environ.get(clock.ENV):
            _check_now(clock.ENV, os.environ[clock.ENV])
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a reader that went away (``| head``) shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return 0  # the reader had what it wanted: not an error, and nothing to say
    except (ConfigError, StoreError, UsageError) as exc:
        print(f"campus-monitor: {exc}", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as exc:  # the disk or a damaged page failing a command part-way
        what = storage_fault(exc)
        if what is None:
            raise
        print(f"campus-monitor: {read_failure_line(exc, what)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("campus-monitor: interrupted", file=sys.stderr)
        return 130


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so Python's flush at exit does not raise again (Python docs, "Note on
    SIGPIPE"): ``campus-monitor findings | head -1`` ends without a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
