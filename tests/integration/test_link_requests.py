"""What the link checks cost (issue 14): one request per distinct target, none for a page the crawl reads
itself, and per-host concurrency counted per host:port.

Real loopback sites (tests/support/inventory.py logs every request with its method), real crawls as
child processes, real SQLite.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter

import pytest

from monitor.demo.siteserver import Page, Request, SiteServer
from tests.support.cli import run_cli
from tests.support.config import config_toml, write_config
from tests.support.inventory import BROKEN, World, config_text, start


def crawl(cfg, when: str = "2022-07-01 02:00") -> dict:
    result = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", now=when)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture
def site():
    world = World()
    # article 1 links to article 8 (listed only on the second list page, read later by the walk), an
    # attachment whose server refuses HEAD, and an image
    world.extra[1] = ('<a href="/info/8.htm">相关：关于第8项工作的通知</a> <a href="/files/plan.pdf">实施方案.pdf</a>'
                      ' <img src="/img/photo.jpg" alt="照片">')
    world.no_head.add("/files/plan.pdf")
    server = start(world)
    try:
        yield world, server.base
    finally:
        server.stop()


def test_each_target_costs_one_request_and_pages_the_crawl_reads_cost_none(site, tmp_path):
    world, base = site
    cfg = tmp_path / "sites.toml"
    write_config(cfg, config_text(base, None, recheck_days=7))
    crawl(cfg)
    asked = Counter(path for _, _, path, _, _ in world.log)
    twice = {path: [m for m, _, _ in world.requests(1, path)] for path, n in asked.items() if n > 1}
    # only a HEAD that failed is asked again, with GET (the method the verdict rests on)
    assert twice == {"/files/plan.pdf": ["HEAD", "GET"], "/files/missing.pdf": ["HEAD", "GET"],
                     "/files/old.doc": ["HEAD", "GET"], "/files/removed.pdf": ["HEAD", "GET"]}
    assert [(m, s) for m, s, _ in world.requests(1, "/ok.html")] == [("GET", 200)]  # a page: GET, no HEAD first
    assert [m for m, _, _ in world.requests(1, "/img/photo.jpg")] == ["HEAD"]
    assert [m for m, _, _ in world.requests(1, "/gone-home.html")] == ["GET"]
    db = sqlite3.connect(tmp_path / "m.db")
    verdicts = {url.removeprefix(base): (ok, method, status, run)
                for url, ok, method, status, run in db.execute(
                    "SELECT url, ok, method, status, checked_run FROM inv_targets WHERE checked_run IS NOT NULL")}
    # the list walk's own read of page 2 and the post read of article 8 are their verdicts
    assert verdicts["/tzgg/2.htm"] == (1, "GET", 200, 1)
    assert verdicts["/info/8.htm"] == (1, "GET", 200, 1)
    assert verdicts["/files/plan.pdf"] == (1, "GET", 200, 1)
    assert {u for u, v in verdicts.items() if v[0] == 0} == BROKEN
    found = json.loads(run_cli("findings", "--config", str(cfg), "--format", "json").stdout)
    assert {f["url"].removeprefix(base) for f in found if f["kind"] == "broken_link"} == BROKEN
    on8 = db.execute("SELECT links FROM inv_pages WHERE url = ?", [f"{base}/info/8.htm"]).fetchone()
    assert on8 is not None  # article 8 was read as a post (its links stored), once


def test_per_host_concurrency_counts_host_and_port(tmp_path):
    """Two sites on one address, different ports, per_host_concurrency = 1: each home page answers only
    once the other's request has arrived, so they must be in flight together."""
    both = threading.Barrier(2, timeout=8)
    met: list[bool] = []

    def home(req: Request) -> Page:
        try:
            both.wait()
            met.append(True)
        except threading.BrokenBarrierError:
            met.append(False)
        return Page(b"<html><head><title>home</title></head><body><a href='/list.htm'>list</a></body></html>",
                    200, {"Content-Type": "text/html; charset=utf-8"})

    listing = Page("<html><head><meta charset='utf-8'><title>通知</title></head><body><ul></ul></body></html>"
                   .encode(), 200, {"Content-Type": "text/html; charset=utf-8"})
    with SiteServer({"/": home, "/list.htm": listing}) as a, SiteServer({"/": home, "/list.htm": listing}) as b:
        cfg = write_config(tmp_path, config_toml(
            monitor={"database": "m.db", "timeout_seconds": 20, "concurrency": 8, "per_host_concurrency": 1},
            sites=[{"name": f"学校{i}", "url": f"{s.base}/", "sections": [{"name": "通知", "url": f"{s.base}/list.htm"}]}
                   for i, s in enumerate((a, b))]))
        crawl(cfg)
    assert met == [True, True]
