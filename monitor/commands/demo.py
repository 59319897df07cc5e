"""campus-monitor demo: serve the bundled demo portal on 127.0.0.1, crawl it, show findings and a report."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from monitor import clock
from monitor.commands.crawl import print_summary
from monitor.commands.findings import render_table, rows
from monitor.commands.serve import port_number
from monitor.config import load_config
from monitor.errors import UsageError
from monitor.store.core import Store


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="crawl the bundled demo portal on 127.0.0.1 (no internet needed)")
    p.add_argument(
        "--dir",
        metavar="DIR",
        help="keep the demo config and database here (default: a temporary folder, removed after)",
    )
    p.add_argument(
        "--serve",
        action="store_true",
        help="after the crawl, serve the dashboard on 127.0.0.1 until Ctrl-C (prints the URL)",
    )
    p.add_argument(
        "--port", type=port_number, default=8080, help="with --serve: the dashboard's port (default: %(default)s)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # stage modules load when the command runs, so `--help` and the light commands start fast
    from monitor.crawl import run_crawl
    from monitor.demo.portal import build_portal, demo_config
    from monitor.demo.siteserver import SiteServer
    from monitor.report.data import build_full_report
    from monitor.report.stats import month_period
    from monitor.report.text import render_table as report_table

    today = clock.today()
    with tempfile.TemporaryDirectory(prefix="campus-monitor-demo-") as tmp:
        folder = Path(args.dir) if args.dir else Path(tmp)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(
                f"--dir {args.dir}: cannot create the folder ({exc.strerror}); choose a writable folder"
            ) from None
        _forget_previous_demo(folder)
        with SiteServer(build_portal(today)) as server:
            cfg_path = folder / "demo-sites.toml"
            cfg_path.write_text(demo_config(server.base, "demo.db"), encoding="utf-8")
            print(f"demo portal serving on {server.base} (2 sites, 5 columns); config {cfg_path}")
            config = load_config(cfg_path)
            summary = run_crawl(config)
        if not args.dir:
            summary["log_file"] = None  # the temporary folder, log included, is gone when the demo ends
        print()
        print_summary(summary, config.timezone)
        store = Store(config.database)
        print()
        print(render_table(rows(store), config.timezone))
        print()
        print(report_table(build_full_report(config, store, month_period(today.strftime("%Y-%m")))))
        store.close()
        if args.dir:
            print(f"\nkept: {cfg_path} and {config.database}; try: campus-monitor findings --config {cfg_path}")
        if args.serve:  # inside the with: a temporary folder must outlive the dashboard that reads it
            from monitor.dashboard.app import create_app
            from monitor.dashboard.server import serve

            print()
            serve(create_app(config), "127.0.0.1", args.port)
    return 0 if summary["status"] == "finished" else 1


def _forget_previous_demo(folder: Path) -> None:
    """A second demo in the same --dir starts afresh: the portal gets a new port, so the old posts' URLs
    would never match again and every count would double."""

    db = folder / "demo.db"
    if not db.exists():
        return
    if not (folder / "demo-sites.toml").exists():
        raise UsageError(f"--dir {folder}: holds a demo.db the demo did not make; choose another folder")
    suffixes = ("-wal", "-shm", ".lock", ".outbox.lock", ".schedule.lock")
    for path in (db, *(folder / f"demo.db{suffix}" for suffix in suffixes)):
        path.unlink(missing_ok=True)
