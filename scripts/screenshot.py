"""Take README's dashboard screenshot: the demo's overview in headless Chromium at 1280×800.

    .venv/bin/python scripts/screenshot.py [OUT.png]      (default: docs/img/dashboard-overview.png)

Runs ``campus-monitor demo --serve`` (clock pinned to the test portal's day, so the picture is the same every
time), waits for its printed URL, and shoots with the system Chromium through Playwright — what the browser
tests use (tests/support/browser.py, tests/support/dashboard.py); needs the test extra and ``scripts/browser-deps.sh``.
tests/browser/test_screenshot.py runs this script, so it keeps working.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import chinese_renders, launch, missing_reason  # noqa: E402
from tests.support.dashboard import served_dashboard  # noqa: E402

DEFAULT_OUT = ROOT / "docs" / "img" / "dashboard-overview.png"
SIZE = {"width": 1280, "height": 800}
NOW = "2022-07-01"  # tests/support/cli.TODAY: the demo portal as the tests see it


def shoot(url: str, out: Path, work: Path) -> None:
    """Save a viewport-sized PNG of ``url`` to ``out``; refuse when Chinese would come out as boxes."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        context = launch(driver, work / "chromium-profile", viewport=SIZE)
        try:
            page = context.new_page()
            page.goto(url)
            page.locator("table#overview").wait_for()
            if not chinese_renders(page):
                raise SystemExit(
                    "screenshot: Chinese renders as boxes; install fonts-noto-cjk (scripts/browser-deps.sh)"
                )
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
        finally:
            context.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0]).resolve() if argv else DEFAULT_OUT
    reason = missing_reason()
    if reason:
        print(f"screenshot: {reason}", file=sys.stderr)
        return 2
    with (
        tempfile.TemporaryDirectory(prefix="campus-monitor-shot-") as tmp,
        served_dashboard("demo", "--serve", "--dir", str(Path(tmp) / "demo"), now=NOW, timeout=120) as server,
    ):
        shoot(server.url, out, Path(tmp))
    print(f"screenshot: wrote {out} ({SIZE['width']}×{SIZE['height']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
