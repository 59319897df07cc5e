"""stale_home across three nights (issue 13: 首页超过 2 周未更新 = 网站不更新), real servers, real SQLite.

甲校: a WebPlus-style home served in GBK (学校要闻 dates, 通知公告 badges). 乙校: a home page with no dated item.
Night 1 (12-02): 甲校 fresh; 乙校 stale_home (no dated item), high. Night 2 (12-20, the clock moved, nothing
changed): 甲校's newest (11-27) is 23 days old → stale_home; 乙校's home fails (503) → its finding stays as it
was (not re-examined). Night 3 (12-21): 甲校's home has a new item, 乙校's home gets dated items → both resolve.
"""

from __future__ import annotations

import json
from datetime import date

from monitor.demo.siteserver import SiteServer, html
from tests.support.cli import run_cli
from tests.support.config import write_config
from tests.support.homepages import NEWS, NOTICES, news_listing, school_home, undated_home

LISTING = html(news_listing())


NEWEST: list[dict] = []  # per night, crawl --json's home_newest per site


def config(jia: SiteServer, yi: SiteServer) -> str:
    sites = ""
    for name, server in (("甲校", jia), ("乙校", yi)):
        sites += f'\n[[sites]]\nname = "{name}"\nurl = "{server.base}/"\n\n[[sites.sections]]\nname = "学校要闻"\n'
        sites += f'url = "{server.base}/xxyw/list.htm"\n'
    return f'[monitor]\ndatabase = "m.db"\ntimeout_seconds = 5\ncheck_links = false\n{sites}'


def night(cfg, now: str) -> dict[str, dict]:
    result = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", now=now)
    assert result.returncode == 0, result.stderr[-3000:]
    NEWEST.append({s["name"]: s["home_newest"] for s in json.loads(result.stdout)["sites"]})
    result = run_cli("findings", "--config", str(cfg), "--format", "json", "--all", now=now)
    assert result.returncode == 0, result.stderr
    return {f["site"]: f for f in json.loads(result.stdout) if f["kind"] == "stale_home"}


def test_stale_home_three_nights_with_the_clock_injected(tmp_path):
    jia_home = school_home(NEWS, NOTICES, date(2026, 12, 2)).replace('charset="utf-8"', 'charset="gbk"')
    jia_routes = {"/": html(jia_home, charset="gbk"), "/xxyw/list.htm": LISTING}
    with SiteServer(jia_routes) as jia, SiteServer({"/": html(undated_home()), "/xxyw/list.htm": LISTING}) as yi:
        cfg = write_config(tmp_path / "sites.toml", config(jia, yi))

        # night 1: 甲校's newest item is 5 days old; 乙校 shows no date at all
        found = night(cfg, "2026-12-02T20:00:00+08:00")
        assert set(found) == {"乙校"}
        assert found["乙校"]["severity"] == "high" and found["乙校"]["reason"] == "no_dates"
        assert found["乙校"]["detail"].startswith("首页没有带日期的信息")
        assert found["乙校"]["url"] == f"{yi.base}/"
        first_seen = found["乙校"]["last_seen"]

        # night 2: nothing changed on 甲校 but the clock; 乙校's home fails
        yi.routes["/"] = html("<html><body>Service Unavailable</body></html>", status=503)
        found = night(cfg, "2026-12-20T20:00:00+08:00")
        assert found["甲校"]["detail"] == "首页最新信息 2026-11-27，已 23 天未更新（上限 14 天）"
        assert found["甲校"]["severity"] == "high" and found["甲校"]["reason"] == "23_days"
        assert found["甲校"]["resolved_at"] is None
        assert found["乙校"]["resolved_at"] is None and found["乙校"]["last_seen"] == first_seen  # not re-examined

        # night 3: a new notice on 甲校's home; 乙校 is back, now with a dated news block
        fresh = [("关于寒假安全工作的通知", "/2026/1221/c2a3002/page.htm", date(2026, 12, 21)), *NOTICES]
        jia.routes["/"] = html(school_home(NEWS, fresh, date(2026, 12, 21)), charset="gbk")
        yi.routes["/"] = html(school_home(NEWS, [], date(2026, 12, 21)).replace("2026-11-20", "2026-12-18"))
        found = night(cfg, "2026-12-21T20:00:00+08:00")
        assert found["甲校"]["resolved_at"] and found["乙校"]["resolved_at"]

        assert NEWEST == [{"甲校": "2026-11-27", "乙校": None}, {"甲校": "2026-11-27", "乙校": None},
                          {"甲校": "2026-12-21", "乙校": "2026-12-18"}]
        text = run_cli("findings", "--config", str(cfg), "--all", now="2026-12-21T20:00:00+08:00")
        assert "首页未更新" in text.stdout  # the kind's Chinese name in the findings table
