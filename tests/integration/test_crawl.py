"""Crawl a real loopback portal into a real SQLite file and read it back through the CLI."""
from __future__ import annotations
import dataclasses
import json
import signal
import sqlite3
import threading
import time
from datetime import date
from tests.support.cli import TODAY, run_cli, start_cli
from tests.support.config import write_config
from monitor.demo.portal import SECTIONS, build_portal, demo_config
from monitor.demo.siteserver import Page, SiteServer, html


def crawl_json(config, *extra, now="2022-07-01"):
    result = run_cli("crawl", "--config", str(config), "--json", *extra, now=now)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def section(summary, site, name):
    s = next(s for s in summary["sites"] if s["name"] == site)
    return next(x for x in s["sections"] if x["name"] == name)


def test_first_crawl_stores_every_post_and_report_counts_june(portal_config):
    summary = crawl_json(portal_config)
    assert summary["status"] == "finished" and summary["errors"] == 0
    # 45 + (30 + 1 pinned) + 12 + 25 + 0 posts, every page of every column
    assert summary["new_posts"] == 113
    assert section(summary, "湘江学院", "学校要闻")["pages"] == 3
    assert section(summary, "湘江学院", "学校要闻")["new_posts"] == 45
    assert section(summary, "湘江职业技术学院", "学院新闻")["pages"] == 2

    report = run_cli("report", "--config", str(portal_config), "--month", "2022-06", "--format", "json")
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    assert (data["from"], data["to"]) == ("2022-06-01", "2022-06-30")
    got = {s["name"]: (s["total"], {x["name"]: (x["posts"], x["latest"]) for x in s["sections"]})
           for s in data["sites"]}
    assert got == {
        "湘江学院": (16, {"学校要闻": (10, "2022-06-30"), "通知公告": (6, "2022-07-01"),
                      "学术讲座": (0, "2022-04-17")}),
        "湘江职业技术学院": (8, {"学院新闻": (8, "2022-06-29"), "招生就业": (0, None)}),
    }


def test_report_formats_and_date_range(portal_config):
    crawl_json(portal_config)
    csv_out = run_cli("report", "--config", str(portal_config), "--from", "2022-06-25", "--to", "2022-07-01",
                      "--format", "csv")
    assert csv_out.returncode == 0, csv_out.stderr
    lines = csv_out.stdout.splitlines()
    assert lines[0].startswith("\ufeffsite,section,posts,latest,undated,")  # BOM for Excel (issue 6)
    assert any(line.startswith("湘江学院,学校要闻,2,2022-06-30,0,") for line in lines)  # 06-27, 06-30
    assert any(line.startswith("湘江学院,通知公告,2,2022-07-01,0,") for line in lines)  # 06-26, 07-01
    md = run_cli("report", "--config", str(portal_config), "--month", "2022-06", "--format", "md")
    assert "| 学校要闻 | 10 | 11 | −1 | 62.5% | 2022-06-30 | 正常 |" in md.stdout  # issue 6 columns
    table = run_cli("report", "--config", str(portal_config), "--month", "2022-06")
    assert "湘江学院: 16 posts" in table.stdout
    bad = run_cli("report", "--config", str(portal_config), "--month", "2022-13")
    assert bad.returncode == 2 and "--month '2022-13'" in bad.stderr


def test_second_crawl_counts_only_new_posts_and_stops_early(tmp_path):
    # Six days later the school has published two more 学校要闻; every other column is unchanged.
    later = [dataclasses.replace(s, posts=s.posts + 2) if s.name == "学校要闻" else s for s in SECTIONS]
    with SiteServer(build_portal(TODAY)) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, demo_config(server.base, "m.db"))
        first = crawl_json(cfg)
        assert first["new_posts"] == 113
        again = crawl_json(cfg)
        assert again["new_posts"] == 0
        # nothing new on page 1, so no older page is fetched
        assert all(sec["pages"] == 1 for site in again["sites"] for sec in site["sections"])
        server.routes = build_portal(date(2022, 7, 7), later)
        third = crawl_json(cfg, now="2022-07-07")
    assert third["new_posts"] == 2
    assert section(third, "湘江学院", "学校要闻")["new_posts"] == 2
    db = sqlite3.connect(tmp_path / "m.db")
    assert db.execute("SELECT COUNT(*) FROM posts").fetchone()[0] == 115
    assert db.execute("SELECT COUNT(*) FROM runs WHERE status = 'finished'").fetchone()[0] == 3


def _wait_for(predicate, timeout=90.0):
    """Poll a condition with a deadline (synchronise on state, not on a sleep length)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_interrupted_crawl_keeps_what_it_stored_and_concurrent_crawl_is_refused(tmp_path):
    release = threading.Event()
    routes = build_portal(TODAY)
    older = routes["/xjxy/xwzx/xxyw/2.htm"]

    def hang(request):  # page 2 of 学校要闻 hangs until the test is done
        release.wait(60)
        return older

    routes["/xjxy/xwzx/xxyw/2.htm"] = hang
    with SiteServer(routes) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, demo_config(server.base, "m.db").replace("timeout_seconds = 10", "timeout_seconds = 60"))
        proc = start_cli("crawl", "--config", str(cfg))
        try:
            db_path = tmp_path / "m.db"

            def page_one_stored():
                if not db_path.exists():
                    return False
                try:
                    with sqlite3.connect(db_path) as db:
                        return db.execute("SELECT COUNT(*) FROM posts p JOIN sections s ON p.section_id = s.id"
                                          " WHERE s.name = '学校要闻'").fetchone()[0] >= 20
                except sqlite3.OperationalError:
                    return False

            assert _wait_for(page_one_stored), "page 1 of 学校要闻 was never stored"
            second = run_cli("crawl", "--config", str(cfg))
            assert second.returncode == 2
            assert "another crawl" in second.stderr and str(db_path) in second.stderr
            assert len(second.stderr.strip().splitlines()) == 1
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
        finally:
            release.set()
            if proc.poll() is None:
                proc.kill()
    with sqlite3.connect(tmp_path / "m.db") as db:
        stored = db.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
    assert stored >= 20
    # The next crawl takes over: the dead run is marked interrupted and nothing stored is lost.
    with SiteServer(build_portal(TODAY)) as server:
        write_config(cfg, demo_config(server.base, "m.db"))
        summary = crawl_json(cfg)
    assert summary["status"] == "finished"
    with sqlite3.connect(tmp_path / "m.db") as db:
        assert db.execute("SELECT status FROM runs ORDER BY id").fetchall() == [("interrupted",), ("finished",)]
        # posts are keyed by URL, so the demo portal's new port makes new rows; the old ones stay
        assert db.execute("SELECT COUNT(*) FROM posts").fetchone()[0] == stored + 113


def test_progress_lines_and_log_file(portal_config, tmp_path):
    result = run_cli("crawl", "--config", str(portal_config))
    assert result.returncode == 0, result.stderr
    assert "[5/5]" in result.stderr and "pages fetched" in result.stderr
    assert "Scrapy log:" in result.stdout
    assert "[scrapy" not in result.stderr  # Scrapy's own log goes to the file unless --verbose
    logs = list((tmp_path / "data" / "logs").glob("crawl-*.log"))
    assert logs and "Spider closed (finished)" in logs[0].read_text()


def test_unknown_site_is_a_usage_error(portal_config):
    result = run_cli("crawl", "--config", str(portal_config), "--site", "不存在的学校")
    assert result.returncode == 2 and "no site named '不存在的学校'" in result.stderr


def test_gbk_page_without_charset_header_is_not_mojibake(tmp_path):
    body = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
    <title>通知公告</title></head><body><table class="list">
    <tr><td><a href="/show.asp?id=12">关于开展实验室安全检查的通知</a></td><td>2022-06-20</td></tr>
    <tr><td><a href="/show.asp?id=11">图书馆暑期开放时间安排</a></td><td>2022-06-10</td></tr>
    </table>共 2 条记录 页次：1/1</body></html>"""
    routes = {"/": html("<html><body>首页</body></html>"),
              "/list.asp": Page(body.encode("gbk"), 200, {"Content-Type": "text/html"})}
    with SiteServer(routes) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, f'[monitor]\ndatabase = "m.db"\n[[sites]]\nname = "老站"\nurl = "{server.base}/"\n'
                       f'[[sites.sections]]\nname = "通知公告"\nurl = "{server.base}/list.asp"\n')
        summary = crawl_json(cfg)
    assert summary["new_posts"] == 2
    with sqlite3.connect(tmp_path / "m.db") as db:
        titles = {r[0] for r in db.execute("SELECT title FROM posts")}
    assert titles == {"关于开展实验室安全检查的通知", "图书馆暑期开放时间安排"}


def test_first_crawl_reads_back_backfill_days_only(portal, tmp_path):
    # 学校要闻: a post every 3 days from 06-30, 20 a page. With a 60-day window (from 05-02) page 1 ends
    # on 05-04, so page 2 is read; page 2 ends on 03-05, before the window, so page 3 is not.
    cfg = tmp_path / "sites.toml"
    write_config(cfg, demo_config(portal.base, "m.db").replace("stale_after_days = 30",
                                                             "stale_after_days = 30\nbackfill_days = 60"))
    summary = crawl_json(cfg)
    news = section(summary, "湘江学院", "学校要闻")
    assert (news["pages"], news["new_posts"]) == (2, 40)
    # 通知公告 (a post every 5 days, 20 a page): page 1 already ends on 03-28, before the window
    assert section(summary, "湘江学院", "通知公告")["pages"] == 1
