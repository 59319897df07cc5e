"""The browser harness itself, against a trivial page on a loopback http.server: if these fail, the dashboard
tests' failures say nothing about the dashboard."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support.browser import chinese_renders, launch

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试页</title>
<style>body{font:16px sans-serif;margin:0}</style></head>
<body><h1 id="t">湘江学院 网站监测</h1><a id="go" href="second.html">下一页</a></body></html>"""
SECOND = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>第二页</title></head>
<body><p id="ok">已到达</p></body></html>"""


@pytest.fixture
def static_site(tmp_path):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "second.html").write_text(SECOND, encoding="utf-8")
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_chromium_loads_a_chinese_page_and_follows_a_link(page, static_site):
    page.goto(static_site + "/index.html")
    assert page.title() == "测试页"
    assert page.locator("#t").inner_text() == "湘江学院 网站监测"
    page.click("#go")
    page.wait_for_url("**/second.html")
    assert page.locator("#ok").is_visible()


def test_chinese_glyphs_render_with_a_cjk_font(page, static_site):
    page.goto(static_site + "/index.html")
    assert chinese_renders(page), "Chinese renders as boxes: install fonts-noto-cjk (scripts/browser-deps.sh)"


def test_each_browser_gets_a_fresh_profile(page, static_site, playwright_driver, tmp_path):
    page.goto(static_site + "/index.html")
    page.evaluate("document.cookie = 'seen=1; path=/; max-age=3600'")
    assert "seen=1" in page.evaluate("document.cookie")
    other = launch(playwright_driver, tmp_path / "second-profile")
    try:
        fresh = other.new_page()
        fresh.goto(static_site + "/index.html")
        assert fresh.evaluate("document.cookie") == ""
    finally:
        other.close()


def test_screenshot_is_a_png_of_the_viewport(page, static_site, tmp_path):
    page.goto(static_site + "/index.html")
    out = tmp_path / "shot.png"
    page.screenshot(path=str(out))
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 800)
