"""Headless Chromium for the browser tests (tests/browser/) and scripts/screenshot.py.

Playwright drives the system's Chromium (Debian's ``chromium`` package, installed by scripts/browser-deps.sh)
through ``executable_path``: nothing is downloaded, ``playwright install`` is never needed. Each launch gets
its own fresh profile folder, so no cookie or cache leaks from one test into the next.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

from tests.support.cli import start_cli

# No sandbox (CI containers run as root, where Chromium refuses its sandbox), no GPU, and nothing that would
# reach past 127.0.0.1 on its own (QUIC probes, component updates, sync, first-run pings).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Where Debian and Ubuntu put the browser; CHROMIUM=/path overrides.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """The Chromium binary to drive, or None when none is installed."""
    if os.environ.get("CHROMIUM"):
        path = os.environ["CHROMIUM"]
        return path if os.access(path, os.X_OK) else None
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def missing_reason() -> str | None:
    """Why the browser tests cannot run here (one line saying what to install), or None when they can."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Python package 'playwright' missing: pip install -e '.[test]' (or ./scripts/setup.sh)"
    if os.environ.get("CHROMIUM") and not find_chromium():
        return f"CHROMIUM={os.environ['CHROMIUM']} is not an executable file"
    if not find_chromium():
        return "no Chromium found: ./scripts/browser-deps.sh (apt-get install chromium fonts-noto-cjk) or set CHROMIUM=/path"
    return None


def launch(playwright, profile: Path, **context):
    """A headless Chromium with a fresh profile in ``profile``: a persistent context (its own --user-data-dir).

    ``context`` goes to the context (viewport, locale, accept_downloads, ...).
    """
    context.setdefault("locale", "zh-CN")
    context.setdefault("accept_downloads", True)
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS, **context
    )


# Draws two different Hanzi on a canvas and compares the pixels: without a CJK font both become the same
# "tofu" box, so equal pixels mean Chinese would not be readable on the page or in a screenshot.
GLYPHS_DIFFER = """() => {
  const draw = (ch) => { const c = document.createElement('canvas'); c.width = c.height = 40;
    const g = c.getContext('2d'); g.font = '32px sans-serif'; g.fillText(ch, 2, 32);
    return Array.from(g.getImageData(0, 0, 40, 40).data).join(','); };
  const a = draw('仪'), b = draw('表'), blank = draw(' ');
  return a !== b && a !== blank && b !== blank;
}"""


def chinese_renders(page) -> bool:
    """True when the page's browser draws Chinese with a real CJK font (fonts-noto-cjk), not boxes."""
    return bool(page.evaluate(GLYPHS_DIFFER))


URL_RE = re.compile(r"https?://127\.0\.0\.1:\d+\S*")


class ServerProcess:
    """A child process that prints the URL it serves on; ``url`` is known once it said so and the port answers.

    Its output is read by a thread (kept in ``lines``), so the child never blocks on a full pipe and a failing
    test can show what it printed.
    """

    def __init__(self, proc: subprocess.Popen, marker: str = "") -> None:
        self.proc = proc
        self.marker = marker  # only a line containing this text announces the dashboard's URL
        self.lines: list[str] = []
        self.url: str | None = None
        self._seen = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._seen:
                self.lines.append(line.rstrip("\n"))
                match = URL_RE.search(line)
                if match and self.url is None and self.marker in line:
                    self.url = match.group(0).rstrip(".,;)）")
                self._seen.notify_all()
        with self._seen:
            self._seen.notify_all()

    def output(self) -> str:
        with self._seen:
            return "\n".join(self.lines)

    def wait_url(self, timeout: float = 60.0) -> str:
        """Wait (deadline-bound, on the printed line, not a sleep) for the URL, then until its port accepts."""
        deadline = time.monotonic() + timeout
        with self._seen:
            self._seen.wait_for(lambda: self.url is not None or self.proc.poll() is not None, timeout)
            url = self.url
        if url is None:
            raise AssertionError(f"the server printed no URL (exit {self.proc.poll()}):\n{self.output()}")
        wait_port(url, deadline)
        return url

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._reader.join(5)


def wait_port(url: str, deadline: float) -> None:
    """Poll the URL's port until it accepts a connection; fail at the deadline."""
    host, port = re.match(r"https?://([^/:]+):(\d+)", url).groups()  # type: ignore[union-attr]
    while True:
        try:
            with socket.create_connection((host, int(port)), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"{url}: nothing listens on port {port}") from None
        time.sleep(0.05)  # a poll interval with a deadline, not a synchronisation sleep


DASHBOARD_LINE = "dashboard serving on"  # what `serve` and `demo --serve` print before the URL (DASHBOARD.md)


def start_dashboard(*args: str, now: str = "2022-07-01") -> ServerProcess:
    """``campus-monitor ARGS --port 0`` (``serve`` or ``demo --serve``) as a child process with a pinned clock;
    ``.wait_url()`` gives its address once it printed it and the port answers."""
    return ServerProcess(start_cli(*args, "--port", "0", now=now, merge_stderr=True), marker=DASHBOARD_LINE)
