"""Run the CLI as a user would: ``python -m monitor`` in a child process, cwd at the repo root.

Scrapy's reactor runs once per process, so every crawl a test makes is its own child process.
"""
from __future__ import annotations
import os
import subprocess
import sys
from datetime import date
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent.parent  # the repo root (tests/support/cli.py → ../../..)
TODAY = date(2022, 7, 1)  # the injected "today" of the fixture portal


def run_cli(*args: str, now: str | None = "2022-07-01", timeout: float = 90,
            env: dict[str, str] | None = None, text: bool = True) -> subprocess.CompletedProcess:
    """Run ``python -m monitor ARGS`` in a child process (Scrapy's reactor runs once per process).

    The clock is pinned to ``now`` (None: the wall clock); ``text=False`` keeps stdout as bytes (xlsx).
    """
    full_env = dict(os.environ)
    full_env.pop("CAMPUS_MONITOR_NOW", None)
    if now:
        full_env["CAMPUS_MONITOR_NOW"] = now
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True, text=text,
                          timeout=timeout, cwd=ROOT, env=full_env)


def start_cli(*args: str, now: str = "2022-07-01", merge_stderr: bool = False) -> subprocess.Popen:
    """Start ``python -m monitor ARGS`` without waiting (to signal it, or to read its lines as they come)."""
    env = dict(os.environ, CAMPUS_MONITOR_NOW=now, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "monitor", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE, text=True, cwd=ROOT,
                            env=env)
