"""campus-monitor serve: the web dashboard over the monitor's database (127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import argparse

from monitor.config import load_config
from monitor.errors import UsageError
from monitor.store.core import open_existing


def port_number(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535; 0 picks a free one)")
    return int(text)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("serve", parents=[common], help="serve the web dashboard (default http://127.0.0.1:8080/)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: %(default)s; any other address needs [dashboard] users)",
    )
    p.add_argument("--port", type=port_number, default=8080, help="port (default: %(default)s; 0: a free one)")
    p.add_argument(
        "--trusted-proxy",
        metavar="ADDR",
        help="the reverse proxy in front (e.g. 127.0.0.1): its X-Forwarded-Proto/-For are believed, so the "
        "session cookie is Secure when readers use https",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.dashboard.app import create_app
    from monitor.dashboard.server import check_exposure, serve

    config = load_config(args.config)
    check_exposure(config, args.host)
    open_existing(config.database, config.path).close()  # no database yet: the one line saying to crawl first
    try:
        app = create_app(config)
    except OSError as exc:
        raise UsageError(f"{exc}; or set CAMPUS_MONITOR_SECRET") from None
    serve(app, args.host, args.port, args.trusted_proxy)
    return 0
