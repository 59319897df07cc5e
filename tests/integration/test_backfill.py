"""Resumable backfill over several nights: kill the first crawl at chosen moments, crawl again, and the
posts table is exactly the site's (0 lost, 0 duplicated); short counts heal; complete columns stay cheap.

Real loopback server (``tests/support/backfill.py``: WebPlus and TRS columns, 8–12 pages each), real
SQLite, the CLI in a child process. A crawl is stopped at a moment chosen by holding list-page requests
on the server (``Gate``) and signalling the child once every held request has arrived.
"""
from __future__ import annotations

import dataclasses
import json
import re
import signal
import sqlite3
from datetime import date
from urllib.parse import urlsplit

import pytest

from monitor.demo.portal import SECTIONS, build_portal, demo_config
from monitor.demo.siteserver import Page, SiteServer
from tests.support.backfill import COLUMNS, Gate, build_site, config_text, page_path, posts_of
from tests.support.cli import TODAY, run_cli, start_cli
from tests.support.config import write_config


def crawl(cfg, now="2022-07-01"):
    result = run_cli("crawl", "--config", str(cfg), "--json", now=now)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def stored_posts(db_path) -> list[tuple]:
    """The posts table as (section, path, title, published), sorted; URLs without the test server's port."""
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT s.name, p.url, p.title, p.published FROM posts p"
                          " JOIN sections s ON p.section_id = s.id").fetchall()
    return sorted((sec, urlsplit(url).path, title, published) for sec, url, title, published in rows)


def site_posts(today: date, extra: dict[str, int] | None = None) -> list[tuple]:
    """What the site shows: every post of every column (the truth an uninterrupted crawl stores)."""
    return sorted((col.name, path, title, d.isoformat())
                  for col in COLUMNS for path, title, d in posts_of(col, today, (extra or {}).get(col.name, 0)))


def sections(summary) -> dict[str, dict]:
    return {s["name"]: s for s in summary["sites"][0]["sections"]}


def progress(db_path) -> dict[str, dict]:
    with sqlite3.connect(db_path) as db:
        db.row_factory = sqlite3.Row
        return {r["section"]: dict(r) for r in db.execute("SELECT * FROM section_progress")}


def walked(summary: dict) -> dict[str, int]:
    """List pages the column walk read per column. Not the server's hits: the link inventory's rolling
    re-verification (recheck_days) re-reads a share of known pages, older list pages included, each night."""
    return {name: s["pages"] for name, s in sections(summary).items()}


def kill_at_gate(gate: Gate, cfg, never: str, now: str = "2022-07-01") -> None:
    """Start a crawl of ``cfg``, SIGKILL it once it asked for the gate's held pages, then release them.

    ``never`` completes "the crawl never ..." when the pages are not asked for within the deadline.
    """
    proc = start_cli("crawl", "--config", str(cfg), "--quiet", now=now)
    try:
        assert gate.reached.wait(90), f"the crawl never {never}"
        proc.send_signal(signal.SIGKILL)
        proc.wait(60)
    finally:
        gate.release.set()
        if proc.poll() is None:
            proc.kill()
            proc.wait(60)


def interrupted_first_crawl(tmp_path, sig: int, page_no: int):
    """Start the first crawl, hold page ``page_no`` of every column, signal the crawl, then release."""
    routes = build_site(TODAY)
    gate = Gate(routes, [page_path(col, page_no) for col in COLUMNS])
    server = SiteServer(routes).start()
    cfg = tmp_path / "sites.toml"
    write_config(cfg, config_text(server.base))
    proc = start_cli("crawl", "--config", str(cfg), "--quiet")
    try:
        assert gate.reached.wait(90), "the crawl never reached the held pages"
        proc.send_signal(sig)
        if sig == signal.SIGKILL:
            proc.wait(60)
        gate.release.set()
        proc.wait(90)
    finally:
        gate.release.set()
        if proc.poll() is None:
            proc.kill()
    return server, cfg, proc


@pytest.mark.parametrize("sig,page_no", [(signal.SIGKILL, 2), (signal.SIGKILL, 7), (signal.SIGTERM, 4),
                                         (signal.SIGINT, 3)],
                         ids=["kill9-page2", "kill9-page7", "term-page4", "int-page3"])
def test_interrupted_first_crawl_is_finished_by_the_next_crawl(tmp_path, sig, page_no):
    server, cfg, proc = interrupted_first_crawl(tmp_path, sig, page_no)
    try:
        assert proc.returncode != 0
        db_path = tmp_path / "m.db"
        before = stored_posts(db_path)
        assert 0 < len(before) < len(site_posts(TODAY))  # the walk was cut short
        walks = progress(db_path)
        for col in COLUMNS:  # each column's frontier covers what is not stored yet
            row = walks[col.name]
            assert row["complete"] == 0 and row["frontier_page"] >= page_no
            assert sum(1 for p in before if p[0] == col.name) >= (row["frontier_page"] - 1) * col.per_page
        if sig == signal.SIGKILL:  # killed while page_no was held: nothing beyond it was stored
            assert all(walks[c.name]["frontier_page"] == page_no for c in COLUMNS)
            assert len(before) == sum((page_no - 1) * c.per_page for c in COLUMNS)

        summary = crawl(cfg)
    finally:
        server.stop()
    assert summary["status"] == "finished"
    after = stored_posts(tmp_path / "m.db")
    assert after == site_posts(TODAY)  # 0 lost, 0 duplicated
    assert summary["new_posts"] == len(after) - len(before)
    for col in COLUMNS:
        sec = sections(summary)[col.name]
        assert sec["history_complete"] is True and sec["history_why"] == "last_page"
        assert sec["stored_posts"] == col.posts and sec["stated_gap"] == 0
    assert sections(summary)["工会活动"]["stated_total"] == 190
    assert sections(summary)["通知公告"]["stated_pages"] == 12


def test_new_posts_at_the_top_and_an_unfinished_history_both_complete_then_an_unchanged_night_is_cheap(tmp_path):
    server, cfg, _ = interrupted_first_crawl(tmp_path, signal.SIGKILL, 5)
    try:
        # The next night the school has posted more than a page of 工会活动 and a few 通知公告: every
        # older post moved down, so the stored frontier page now starts with posts already stored.
        extra = {"工会活动": 25, "通知公告": 3}
        server.routes = build_site(TODAY, extra)  # new posts dated the day the first crawl ran
        second = crawl(cfg, now="2022-07-02")
        assert stored_posts(tmp_path / "m.db") == site_posts(TODAY, extra)
        assert all(s["history_complete"] for s in sections(second).values())
        assert sections(second)["工会活动"]["stored_posts"] == sections(second)["工会活动"]["stated_total"] == 215

        server.hits.clear()
        third = crawl(cfg, now="2022-07-03")
        assert third["new_posts"] == 0
        assert walked(third) == {col.name: 1 for col in COLUMNS}
        assert all(s["history_complete"] for s in sections(third).values())
    finally:
        server.stop()


def test_an_uninterrupted_crawl_stores_the_whole_site_and_states_its_totals(tmp_path):
    with SiteServer(build_site(TODAY)) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, config_text(server.base))
        summary = crawl(cfg)
    assert stored_posts(tmp_path / "m.db") == site_posts(TODAY)
    got = {name: (s["history_complete"], s["stated_total"], s["stated_pages"], s["page_size"], s["stored_posts"])
           for name, s in sections(summary).items()}
    # TRS states pages only (共12页, createPageHTML(12, …)); its page size is read from page 1
    assert got == {"工会活动": (True, 190, 11, 18, 190), "科研快讯": (True, 120, 8, 15, 120),
                   "通知公告": (True, None, 12, 20, 230)}


def test_a_column_with_fewer_posts_stored_than_stated_is_walked_again(tmp_path):
    with SiteServer(build_site(TODAY)) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, config_text(server.base))
        crawl(cfg)
        with sqlite3.connect(tmp_path / "m.db") as db:  # 40 older posts went missing (an older version's loss)
            db.execute("DELETE FROM posts WHERE id IN (SELECT p.id FROM posts p JOIN sections s ON"
                       " p.section_id = s.id WHERE s.name = '工会活动' ORDER BY p.published LIMIT 40 OFFSET 60)")
        server.hits.clear()
        summary = crawl(cfg, now="2022-07-02")
        assert sections(summary)["工会活动"]["new_posts"] == 40
        assert stored_posts(tmp_path / "m.db") == site_posts(TODAY)
        assert walked(summary) == {"工会活动": 11, "科研快讯": 1, "通知公告": 1}  # only the short column is re-read
        server.hits.clear()
        assert walked(crawl(cfg, now="2022-07-03")) == {col.name: 1 for col in COLUMNS}


def test_a_site_that_overstates_its_total_is_recorded_not_rewalked_every_night(tmp_path):
    routes = build_site(TODAY, claim={"科研快讯": 125})  # the pager says 125, the pages hold 120
    with SiteServer(routes) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, config_text(server.base))
        first = crawl(cfg)
        news = sections(first)["科研快讯"]
        assert (news["history_complete"], news["stated_total"], news["stored_posts"], news["stated_gap"]) == (
            True, 125, 120, 5)
        assert "125" in news["discrepancy"] and "120" in news["discrepancy"]
        for night in ("2022-07-02", "2022-07-03"):
            server.hits.clear()
            assert walked(crawl(cfg, now=night))[COLUMNS[1].name] == 1

        report = run_cli("report", "--config", str(cfg), "--month", "2022-06", "--format", "json")
        assert report.returncode == 0, report.stderr
        secs = {s["name"]: s for s in json.loads(report.stdout)["sites"][0]["sections"]}
        assert secs["科研快讯"]["stated_total"] == 125 and secs["科研快讯"]["stored_posts"] == 120
        assert secs["科研快讯"]["history_complete"] is True
        table = run_cli("report", "--config", str(cfg), "--month", "2022-06")
        line = next(x for x in table.stdout.splitlines() if "科研快讯" in x)
        assert "站点称125条" in line


def test_report_and_crawl_text_mark_an_unfinished_history(tmp_path):
    server, cfg, _ = interrupted_first_crawl(tmp_path, signal.SIGKILL, 3)
    server.stop()
    report = run_cli("report", "--config", str(cfg), "--month", "2022-06", "--format", "json")
    assert report.returncode == 0, report.stderr
    secs = {s["name"]: s for s in json.loads(report.stdout)["sites"][0]["sections"]}
    assert all(s["history_complete"] is False for s in secs.values())
    assert secs["工会活动"]["stored_posts"] == 36 and secs["工会活动"]["stated_total"] == 190
    table = run_cli("report", "--config", str(cfg), "--month", "2022-06")
    assert all("历史未读完" in x for x in table.stdout.splitlines() if any(c.name in x for c in COLUMNS))
    md = run_cli("report", "--config", str(cfg), "--month", "2022-06", "--format", "md")
    assert "历史未读完" in md.stdout


def test_inspect_shows_what_the_pager_states(tmp_path):
    with SiteServer(build_site(TODAY)) as server:
        out = run_cli("inspect", server.url("/24792/list.htm"))
        trs = run_cli("inspect", server.url("/tzgg/index.html"), "--json")
    assert out.returncode == 0, out.stderr
    assert "pager says 190 in all, 11 pages, 18 a page" in out.stdout
    data = json.loads(trs.stdout)
    assert (data["total_claimed"], data["page_count"], data["page_size"]) == (None, 12, None)


def without_totals(routes: dict) -> dict:
    """The same site with its pagers' "共N条" removed (only the renumbering check can notice a skip)."""
    return {path: dataclasses.replace(page, body=re.sub("共\\d+条".encode(), b"", page.body))
            if isinstance(page, Page) else page for path, page in routes.items()}


def test_a_vsb_list_renumbered_between_crawls_is_read_again_from_the_top(tmp_path):
    # 博达 VSB numbers pages from the oldest (xxyw.htm, xxyw/3.htm, xxyw/2.htm, xxyw/1.htm): when new
    # posts add a page, every stored URL points one page further down, and resuming there would skip
    # the posts in between. The pagers state no total here, so the stated-total check cannot help.
    specs = [dataclasses.replace(s, posts=75) if s.name == "学校要闻" else s for s in SECTIONS]
    routes = without_totals(build_portal(TODAY, specs))
    gate = Gate(routes, ["/xjxy/xwzx/xxyw/2.htm"])  # page 3 of 4
    with SiteServer(routes) as server:
        cfg = tmp_path / "sites.toml"
        # no link checks: they would fetch the held pager page too
        write_config(cfg, demo_config(server.base, "m.db").replace("timeout_seconds = 10", "timeout_seconds = 60")
                       .replace("check_external = false", "check_links = false"))
        kill_at_gate(gate, cfg, "reached page 3 of 学校要闻")
        assert progress(tmp_path / "m.db")["学校要闻"]["frontier_url"].endswith("/xxyw/2.htm")
        # 6 new posts: 81 posts make 5 pages, so /xxyw/2.htm is now the fourth page
        grown = [dataclasses.replace(s, posts=81) if s.name == "学校要闻" else s for s in SECTIONS]
        server.routes = without_totals(build_portal(TODAY, grown))
        summary = crawl(cfg)
        ref_cfg = tmp_path / "ref.toml"
        write_config(ref_cfg, demo_config(server.base, "ref.db"))
        crawl(ref_cfg)
    got = {p[:2] for p in stored_posts(tmp_path / "m.db")}
    assert got == {p[:2] for p in stored_posts(tmp_path / "ref.db")}  # 0 lost
    assert sum(1 for p in got if p[0] == "学校要闻") == 81
    assert sections(summary)["学校要闻"]["history_complete"] is True


def test_raising_backfill_days_continues_the_walk_where_it_stopped(tmp_path):
    with SiteServer(build_site(TODAY)) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, config_text(server.base).replace("backfill_days = 3650", "backfill_days = 60"))
        first = crawl(cfg)
        union = sections(first)["工会活动"]  # a post a day, 18 a page: page 4 ends before 05-02
        assert (union["pages"], union["history_complete"], union["history_why"]) == (4, True, "backfill_days")
        assert union["stated_gap"] == 0  # part of the column was read: no claim against its total
        write_config(cfg, config_text(server.base))  # back to 3650 days
        server.hits.clear()
        second = crawl(cfg, now="2022-07-02")
        hits = [n for n in range(1, 12) if server.hits.get(page_path(COLUMNS[0], n))]
    assert hits == [1, 5, 6, 7, 8, 9, 10, 11]  # new posts at the top, then on from page 5
    assert sections(second)["工会活动"]["history_why"] == "last_page"
    assert stored_posts(tmp_path / "m.db") == site_posts(TODAY)


def test_a_read_of_new_posts_cut_short_after_page_one_is_finished_next_time(tmp_path):
    with SiteServer(build_site(TODAY)) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, config_text(server.base))
        crawl(cfg)
        # 25 new 通知公告 fill page 1 and 5 rows of page 2; the crawl dies while page 2 is fetched. (TRS
        # states only its pages, 13 × 20: the 250 stored are within it, so only top_pending can tell.)
        extra = {"通知公告": 25}
        routes = build_site(TODAY, extra)
        gate = Gate(routes, ["/tzgg/index_1.html"])
        server.routes = routes
        kill_at_gate(gate, cfg, "asked for page 2", now="2022-07-02")
        assert progress(tmp_path / "m.db")["通知公告"]["top_pending"] == 1
        server.routes = build_site(TODAY, extra)
        summary = crawl(cfg, now="2022-07-03")
    assert stored_posts(tmp_path / "m.db") == site_posts(TODAY, extra)  # page 2's 5 new posts too
    assert sections(summary)["通知公告"]["history_complete"] is True
