"""The dashboard under test: served by waitress on a free loopback port, read with ``requests``.

``running_dashboard(config)`` serves ``create_app(config)`` in a thread (the same server ``campus-monitor
serve`` runs); ``served_dashboard(...)`` starts the real ``campus-monitor serve`` / ``demo --serve`` child
and yields it once it printed its URL. ``csrf_of(html)`` reads a page's form token, as a browser submitting
the form would send it.
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


DASHBOARD_LINE = re.compile(r"dashboard serving on (http://\S+/)")  # what serve prints first (server.serve)
LIVE: list[DashboardProcess] = []  # children running now: tests/browser/conftest.py shows their output on a failure


class DashboardProcess:
    """A dashboard child whose merged stdout and stderr a thread reads (kept in ``lines``): the child never blocks
    on a full pipe, and a failing test can show all it printed."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self.url: str | None = None
        self.ended = False  # the child closed its output (it exited)
        self._seen = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        LIVE.append(self)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._seen:
                self.lines.append(line.rstrip("\n"))
                match = DASHBOARD_LINE.search(line)
                if match and self.url is None:
                    self.url = match.group(1)
                self._seen.notify_all()
        with self._seen:
            self.ended = True  # a waiter stops waiting for a URL that will not come
            self._seen.notify_all()

    def output(self) -> str:
        with self._seen:
            return "\n".join(self.lines)

    def wait_url(self, timeout: float) -> str:
        """The URL, once the child printed it; fails at the deadline or when the child ended without it.

        No port polling: waitress binds and listens before ``serve`` prints the line, so the port answers then.
        """
        with self._seen:
            self._seen.wait_for(lambda: self.url is not None or self.ended, timeout)
            url = self.url
        if url is None:
            ended = self.ended
            code = self.stop()
            why = f"exited ({code}) before printing its URL" if ended else f"printed no URL within {timeout:g} s"
            raise AssertionError(f"the dashboard child {why}; it printed:\n{self.output()}")
        return url

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 20) -> int:
        """Signal the child (SIGTERM as systemd stops it, or SIGINT as Ctrl-C), wait, kill it past ``timeout``;
        its exit code. Safe to call again."""
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._reader.join(5)  # all it printed is in ``lines`` now
        if self in LIVE:
            LIVE.remove(self)
        return self.proc.returncode


@contextmanager
def served_dashboard(*args: str, now: str = "2022-07-01", timeout: float = 90.0) -> Iterator[DashboardProcess]:
    """``python -m monitor ARGS --port 0`` (``serve ...`` or ``demo --serve ...``) as a child with a pinned clock,
    yielded once it printed its URL (``.url``, trailing slash); stopped when the block ends, however it ends.

    The one way tests/integration, tests/browser and scripts/screenshot.py run the dashboard's child process.
    A failure inside the block carries the child's output (stdout and stderr, merged) as a note.
    """
    server = DashboardProcess(start_cli(*args, "--port", "0", now=now, merge_stderr=True))
    try:
        server.wait_url(timeout)
        try:
            yield server
        except BaseException as exc:
            server.stop()
            exc.add_note(f"dashboard child `{' '.join(args)}` printed:\n{server.output()}")
            raise
    finally:
        server.stop()


def add_user(config_path: Path, name: str, password: str) -> subprocess.CompletedProcess:
    """``campus-monitor dashboard-user add NAME --password-stdin`` with the password on stdin."""
    env = dict(os.environ)
    env.pop("CAMPUS_MONITOR_NOW", None)
    return subprocess.run([sys.executable, "-m", "monitor", "dashboard-user", "add", name, "--password-stdin",
                           "--config", str(config_path)], input=password + "\n", capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env=env)
