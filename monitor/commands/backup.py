"""campus-monitor backup: a consistent, verified copy of the database, safe while a crawl writes (cron-friendly)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from monitor import clock
from monitor.config import load_config
from monitor.errors import BackupError, StoreError, UsageError
from monitor.store.backup import default_target, make_backup, prune


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "backup",
        parents=[common],
        help="copy the database (SQLite backup API; safe during a crawl) and print the copy's path",
    )
    p.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the copy here (default: <database>.backup-<UTC time> next to the database, "
        "or in [monitor] backup_dir)",
    )
    p.add_argument(
        "--keep", type=int, metavar="N", help="after a good copy, delete all but the newest N default-named backups"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.keep is not None and args.keep < 1:
        raise UsageError(f"--keep {args.keep}: keep at least 1 backup")
    target = Path(args.output) if args.output else default_target(config.database, config.backup_dir, clock.now())
    try:
        path = make_backup(config.database, target, make_folder=not args.output)
    except BackupError as exc:
        raise StoreError(str(exc)) from None
    print(path)
    if args.keep:
        for old in prune(config.database, config.backup_dir, args.keep):
            print(f"removed old backup {old}", file=sys.stderr)
    return 0
