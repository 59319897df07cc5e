"""Serving the dashboard: waitress (a production WSGI server, pure Python, well kept), loopback by default.

Why the rule about ``--host``: the pages show every finding and let readers acknowledge them; on any
address other than loopback anyone on the network could, so exposing it needs ``[dashboard] users``.
SIGINT and SIGTERM (systemd's stop) end the server quietly with exit 0.
"""

from __future__ import annotations

import ipaddress
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from waitress.server import create_server

from monitor.config import Config
from monitor.errors import UsageError

THREADS = 4  # a handful of readers at once; SQLite reads are fast


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any address


def check_exposure(config: Config, host: str) -> None:
    """Refuse a non-loopback address without dashboard users (one line naming the key and the command)."""
    if not is_loopback(host) and not config.dashboard.users:
        raise UsageError(
            f"{config.path}: --host {host} exposes the dashboard beyond this machine and needs [dashboard] users; "
            f"add one with: campus-monitor dashboard-user add NAME --config {config.path}"
        )


def make_server(app: Flask, host: str, port: int, trusted_proxy: str | None = None) -> Any:
    """A bound waitress server (``port`` 0: a free one); an address in use is one UsageError line."""
    options: dict[str, Any] = {"threads": THREADS, "ident": "campus-monitor"}
    if trusted_proxy:  # take the client address and https from this reverse proxy's X-Forwarded-* headers
        options.update(
            trusted_proxy=trusted_proxy,
            trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto"},
            clear_untrusted_proxy_headers=True,
        )
    try:
        return create_server(app, host=host, port=port, **options)
    except OSError as exc:
        raise UsageError(
            f"--host {host} --port {port}: cannot listen there ({exc.strerror or exc}); choose another port with --port"
        ) from None


def urls(server: Any) -> list[str]:
    listen = getattr(server, "effective_listen", None) or [(server.effective_host, server.effective_port)]
    out = []
    for host, port in listen:
        host = f"[{host}]" if ":" in host else host
        out.append(f"http://{host}:{port}/")
    return out


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """SIGTERM behaves like Ctrl-C: waitress's loop ends on KeyboardInterrupt and closes its sockets."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    # a crawl run in this process (demo --serve) leaves Scrapy's SIGINT handler behind: Ctrl-C is ours again
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


def serve(app: Flask, host: str, port: int, trusted_proxy: str | None = None) -> None:
    """Serve until SIGINT / SIGTERM; the first line on stdout names the URL (tests and users read it)."""
    server = make_server(app, host, port, trusted_proxy)
    print(f"dashboard serving on {' '.join(urls(server))} (Ctrl-C stops it)", flush=True)
    with _stop_on_sigterm():
        try:
            server.run()  # returns after KeyboardInterrupt (waitress catches it and shuts its threads down)
        except KeyboardInterrupt:
            pass
        finally:
            try:
                server.close()
            except Exception:  # already closed by waitress on the interrupt
                pass
    print("dashboard stopped", file=sys.stderr, flush=True)
