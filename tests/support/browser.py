"""Headless Chromium for the browser tests (tests/browser/) and scripts/screenshot.py.

The dashboard they open runs through ``tests.support.dashboard.served_dashboard``, as the integration tests run it.

Playwright drives the system's Chromium (Debian's ``chromium`` package, installed by scripts/browser-deps.sh)
through ``executable_path``: nothing is downloaded, ``playwright install`` is never needed. Each launch gets
its own fresh profile folder, so no cookie or cache leaks from one test into the next.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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
