"""The dashboard under test: served by waitress on a free loopback port, read with ``requests``.

``running_dashboard(config)`` serves ``create_app(config)`` in a thread (the same server ``campus-monitor
serve`` runs); ``served_cli(...)`` starts the real ``campus-monitor serve`` / ``demo --serve`` child and
yields its URL. ``csrf_of(html)`` reads a page's form token, as a browser submitting the form would send it.
"""
from __future__ import annotations
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from waitress import wasyncore
from monitor.config import Config
from monitor.dashboard.app import create_app
from monitor.dashboard.server import make_server
from tests.support.cli import ROOT, start_cli

SECRET = "test-secret-0123456789abcdef0123456789abcdef"


@contextmanager
def running_dashboard(config: Config, now: Callable[[], datetime] | None = None,
                      trusted_proxy: str | None = None) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` of the dashboard for ``config``, served until the block ends."""
    app = create_app(config, now=now, secret=SECRET)
    server = make_server(app, "127.0.0.1", 0, trusted_proxy)
    stop = threading.Event()

    def loop() -> None:
        # waitress's own loop, one pass at a time, so the server thread itself closes every socket at the end
        while not stop.is_set():
            wasyncore.loop(timeout=1.0, map=server._map, count=1)
        server.task_dispatcher.shutdown()
        wasyncore.close_all(server._map)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        server.pull_trigger()  # wakes the select at once
        thread.join(timeout=10)
        assert not thread.is_alive()


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "no CSRF token in the page"
    return match.group(1)


def wait_for_url(proc: subprocess.Popen, deadline_lines: int = 400) -> tuple[str, list[str]]:
    """Read the child's stdout until "dashboard serving on URL"; returns the URL and the lines before it."""
    assert proc.stdout is not None
    seen: list[str] = []
    for _ in range(deadline_lines):
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        match = re.search(r"dashboard serving on (http://\S+/)", line)
        if match:
            return match.group(1), seen
    raise AssertionError(f"no dashboard URL in the output: {''.join(seen)}; stderr: {proc.stderr and proc.stderr.read()}")


@contextmanager
def served_cli(*args: str, now: str = "2022-07-01") -> Iterator[tuple[str, subprocess.Popen]]:
    """Start ``python -m monitor ARGS`` (serve or demo --serve) and yield (URL, process); SIGINT at the end."""
    proc = start_cli(*args, now=now)
    try:
        url, _ = wait_for_url(proc)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def add_user(config_path: Path, name: str, password: str) -> subprocess.CompletedProcess:
    """``campus-monitor dashboard-user add NAME --password-stdin`` with the password on stdin."""
    env = dict(os.environ)
    env.pop("CAMPUS_MONITOR_NOW", None)
    return subprocess.run([sys.executable, "-m", "monitor", "dashboard-user", "add", name, "--password-stdin",
                           "--config", str(config_path)], input=password + "\n", capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env=env)
