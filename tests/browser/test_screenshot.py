"""scripts/screenshot.py, which takes README's picture of the dashboard, still works (run as a user would)."""

from __future__ import annotations

import subprocess
import sys

from tests.support.cli import ROOT


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_screenshot_script_shoots_the_demo_overview_at_1280x800(playwright_driver, tmp_path):
    out = tmp_path / "overview.png"
    done = subprocess.run(
        [sys.executable, "scripts/screenshot.py", str(out)], capture_output=True, text=True, timeout=180, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"wrote {out}" in done.stdout
    data = out.read_bytes()
    assert png_size(data) == (1280, 800)
    assert len(data) > 20_000  # a page with tables and text, not a blank viewport (a white PNG is ~5 KB)


def test_readme_screenshot_is_committed_at_1280x800():
    data = (ROOT / "docs" / "img" / "dashboard-overview.png").read_bytes()
    assert png_size(data) == (1280, 800)
    assert "![仪表盘总览](docs/img/dashboard-overview.png)" in (ROOT / "README.md").read_text(encoding="utf-8")
