"""campus-monitor inspect --site: what stale_home judged the home page by, over the nights of one site.

A WebPlus-style school home served in GBK (学校要闻 with full dates, 通知公告 with calendar badges), real
crawls into a real SQLite file, the clock injected (UTC times given, shown in Asia/Shanghai). Night 1
(12-02): newest 11-27, fresh. Night 2 (12-10): a new notice (12-09) whose title carries an ANSI escape
and a bidi override. Night 3 (12-30): unchanged page, 21 days → stale, the same detail as the finding.
Night 4 (12-31): the home page fails; inspect still shows night 3's reading and says why.
"""

from __future__ import annotations

import json
from datetime import date

from monitor.demo.siteserver import SiteServer, html
from tests.support.cli import run_cli
from tests.support.config import write_config
from tests.support.homepages import NEWS, NOTICES, news_listing, school_home

NEW = ("关于寒假安全工作的通知", "/2026/1209/c2a3002/page.htm", date(2026, 12, 9))
LISTING = html(news_listing())


def gbk_home(notices, today: date):
    page = school_home(NEWS, notices, today).replace('charset="utf-8"', 'charset="gbk"')
    # hostile text in the new notice's title: an escape that clears the screen, a right-to-left override
    page = page.replace(f">{NEW[0]}<", f">{NEW[0]}\x1b[2J&#x202e;txt.exe<")
    return html(page, charset="gbk")


def crawl(cfg, now: str) -> None:
    result = run_cli("crawl", "--config", str(cfg), "--quiet", now=now)
    assert result.returncode == 0, result.stderr[-3000:]


def home(cfg, now: str, *extra: str) -> dict:
    result = run_cli("inspect", "--config", str(cfg), "--site", "甲校", "--json", *extra, now=now)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["home"]


def text(cfg, now: str, *args: str) -> str:
    result = run_cli("inspect", "--config", str(cfg), *args, now=now)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    return result.stdout


def test_inspect_shows_the_home_pages_newest_item_over_four_nights(tmp_path):
    with SiteServer({"/": gbk_home(NOTICES, date(2026, 12, 2)), "/xxyw/list.htm": LISTING}) as jia:
        cfg = write_config(
            tmp_path / "sites.toml",
            f'[monitor]\ndatabase = "m.db"\ntimeout_seconds = 5\ncheck_links = false\n\n[[sites]]\nname = "甲校"\n'
            f'url = "{jia.base}/"\n\n[[sites.sections]]\nname = "学校要闻"\nurl = "{jia.base}/xxyw/list.htm"\n',
        )
        before = text(cfg, "2026-12-02T11:00:00Z", "--site", "甲校")
        assert "no database yet" in before and not (tmp_path / "m.db").exists()  # inspect creates nothing

        # night 1: 20:00 in Shanghai, given in UTC
        crawl(cfg, "2026-12-02T12:00:00Z")
        got = home(cfg, "2026-12-02T12:05:00Z")
        assert got["read"] and got["run_id"] == 1 and got["read_at"] == "2026-12-02T20:00:00+08:00"
        assert got["timezone"] == "Asia/Shanghai" and got["limit_days"] == 14
        assert (got["dated_items"], got["blocks"]) == (4, 2)
        assert got["newest"] == {
            "title": NOTICES[0][0],
            "date": "2026-11-27",
            "url": jia.url(NOTICES[0][1]),
            "year_guessed": False,
        }
        assert (got["days"], got["verdict"], got["finding"]) == (5, "fresh", None)
        out = text(cfg, "2026-12-02T12:05:00Z", "--site", "甲校")
        assert f"home:     甲校  {jia.base}/  (read by run #1 at 2026-12-02 20:00 Asia/Shanghai)" in out
        assert "4 dated items in 2 blocks; newest 2026-11-27" in out and NOTICES[0][0] in out
        assert "verdict:  fresh (5 days old on 2026-12-02, limit 14)" in out

        # night 2: the home page gets a newer notice (hostile title)
        jia.routes["/"] = gbk_home([NEW, *NOTICES], date(2026, 12, 10))
        crawl(cfg, "2026-12-10T12:00:00Z")
        got = home(cfg, "2026-12-10T12:05:00Z")
        assert got["run_id"] == 2 and got["dated_items"] == 5 and got["newest"]["date"] == "2026-12-09"
        assert got["newest"]["title"].startswith(NEW[0]) and "\x1b" not in got["newest"]["title"]
        assert "\u202e" not in got["newest"]["title"] and got["newest"]["url"] == jia.url(NEW[1])
        assert (got["days"], got["verdict"]) == (1, "fresh")
        out = text(cfg, "2026-12-10T12:05:00Z", "--site", "甲校")
        assert "5 dated items in 2 blocks; newest 2026-12-09" in out and NEW[0] in out

        # night 3: nothing changed but the clock: 21 days → stale, as the finding says
        crawl(cfg, "2026-12-30T12:00:00Z")
        got = home(cfg, "2026-12-30T12:05:00Z")
        assert got["run_id"] == 3 and got["newest"]["date"] == "2026-12-09" and got["days"] == 21
        assert got["verdict"] == "stale"
        found = run_cli("findings", "--config", str(cfg), "--format", "json", now="2026-12-30T12:05:00Z")
        stale = [f for f in json.loads(found.stdout) if f["kind"] == "stale_home"]
        assert [f["detail"] for f in stale] == [got["finding"]["detail"]]
        assert got["finding"]["detail"] == "首页最新信息 2026-12-09，已 21 天未更新（上限 14 天）"
        # the list page and its site's home page in one look (--section implies the site)
        out = text(cfg, "2026-12-30T12:05:00Z", jia.url("/xxyw/list.htm"), "--section", "甲校/学校要闻")
        assert "items:    2 (0 undated)" in out and "read by run #3 at 2026-12-30 20:00" in out
        assert "verdict:  stale → stale_home (21 days old on 2026-12-30, limit 14)" in out
        listed = json.loads(
            run_cli(
                "inspect",
                jia.url("/xxyw/list.htm"),
                "--config",
                str(cfg),
                "--section",
                "甲校/学校要闻",
                "--json",
                now="2026-12-30T12:05:00Z",
            ).stdout
        )
        assert listed["home"]["run_id"] == 3 and len(listed["items"]) == 2

        # night 4: the home page fails; what stale_home rests on is still night 3's reading
        jia.routes["/"] = html("<html><body>Service Unavailable</body></html>", status=503)
        crawl(cfg, "2026-12-31T12:00:00Z")
        got = home(cfg, "2026-12-31T12:05:00Z")
        assert got["run_id"] == 3 and got["later_run_without_home"] == 4 and got["days"] == 21
        out = text(cfg, "2026-12-31T12:05:00Z", "--site", "甲校")
        assert "note:     run #4 could not read the home page" in out


def test_inspect_site_errors_are_one_line(tmp_path):
    cfg = write_config(tmp_path / "sites.toml", '[[sites]]\nname = "甲校"\nurl = "http://127.0.0.1:9/"\n')
    unknown = run_cli("inspect", "--config", str(cfg), "--site", "乙校")
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1 and "no site '乙校'" in unknown.stderr
    nothing = run_cli("inspect", "--config", str(cfg))
    assert nothing.returncode == 2 and "--site NAME" in nothing.stderr and "Traceback" not in nothing.stderr
