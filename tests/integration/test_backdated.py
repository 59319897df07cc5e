"""Backdated posts over three nights (issue 13: 旧稿新发, 突击更新), real server, real SQLite, the CLI.

通知公告 (WebPlus-style list): night 1 stores ten posts dated June–November (a first crawl: nothing is
backdated); night 2 adds at the top a post of today, one dated 4 days before the newest (within
``backdate_days`` 7), one dated October (旧稿新发) and a newly pinned old 学生手册 (置顶: never). 工作动态, whose
newest post is June, gets on night 3 six posts dated July–November (after its newest, but all before its
previous crawl): 突击更新. The report counts them by their stated dates and says how many were backdated.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zlib
from datetime import date, timedelta

import openpyxl

from monitor.demo.siteserver import Page, SiteServer, html
from tests.support.backfill import build_site, config_text
from tests.support.cli import TODAY, run_cli
from tests.support.config import write_config

START = date(2026, 6, 1)
OLD = [(f"关于做好第{k}期校园安全检查工作的通知", START + timedelta(days=18 * k)) for k in range(10)]  # 06-01 … 11-12
OLD[-1] = ("关于2026年冬季学期教学安排的通知", date(2026, 11, 30))  # the column's newest before night 2


def listing(name: str, rows: list[tuple[str, date]], pinned: tuple[str, date] | None = None) -> Page:
    def li(title: str, d: date, pid: str, pin: str = "") -> str:
        return (
            f'<li class="news clearfix"><p class="news_title">{pin}<a href="/{pid}/page.htm" title="{title}">'
            f'{title}</a><span class="news_meta">{d.isoformat()}</span></p></li>'
        )

    items = [li(t, d, f"c{zlib.crc32((name + t).encode()) % 10**8}a{d:%m%d}") for t, d in rows]
    if pinned:
        items.insert(0, li(pinned[0], pinned[1], "c1a0001", "<b>【置顶】</b>"))
    return html(
        f'<html><head><meta charset="utf-8"><title>{name}</title></head><body><h2>{name}</h2>'
        f'<ul class="news_list list2">{"".join(items)}</ul>'
        '<div class="footer">版权所有 湘江大学</div></body></html>'
    )


def newest_first(rows: list[tuple[str, date]]) -> list[tuple[str, date]]:
    return sorted(rows, key=lambda r: r[1], reverse=True)


QUIET = [(f"学院召开第{k}次工作例会", date(2026, 6, 30) - timedelta(days=20 * k)) for k in range(4)]  # 工作动态
BURST = [(f"学院开展主题党日活动（{m}月）", date(2026, m, 5 + m)) for m in range(7, 12)] + [
    ("学院召开年度总结大会", date(2026, 11, 20))
]


def config(server: SiteServer) -> str:
    return f"""[monitor]
database = "m.db"
timeout_seconds = 5
check_links = false

[[sites]]
name = "湘江大学"
url = "{server.base}/"

[[sites.sections]]
name = "通知公告"
url = "{server.base}/tzgg/list.htm"

[[sites.sections]]
name = "工作动态"
url = "{server.base}/gzdt/list.htm"
"""


def night(cfg, now: str) -> list[dict]:
    result = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", now=now)
    assert result.returncode == 0, result.stderr[-3000:]
    result = run_cli("findings", "--config", str(cfg), "--format", "json", "--all", now=now)
    assert result.returncode == 0, result.stderr
    return [f for f in json.loads(result.stdout) if f["kind"] == "backdated_posts"]


def marked(db) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT title, backdated FROM posts WHERE backdated > 0").fetchall())


def test_backdated_posts_across_three_nights_and_the_report(tmp_path):
    routes = {
        "/": html('<html><body><ul class="news"><li><a href="/a.htm">要闻一</a><span>2026-11-30</span></li>'
                  '<li><a href="/b.htm">要闻二</a><span>2026-11-29</span></li></ul></body></html>'),
        "/tzgg/list.htm": listing("通知公告", newest_first(OLD)),
        "/gzdt/list.htm": listing("工作动态", QUIET),
    }
    with SiteServer(routes) as server:
        cfg = write_config(tmp_path / "sites.toml", config(server))
        db = tmp_path / "m.db"

        # night 1: a first crawl stores posts dated over six months: none is backdated
        assert night(cfg, "2026-12-01T21:00:00+08:00") == []
        assert marked(db) == {}

        # night 2: new posts at the top of 通知公告
        top = [("关于寒假放假安排的通知", date(2026, 12, 2)), ("关于期末考试安排的通知", date(2026, 11, 26)),
               ("关于2026年国庆节放假的通知", date(2026, 10, 8))]
        server.routes["/tzgg/list.htm"] = listing(
            "通知公告", [*top, *newest_first(OLD)], pinned=("学生手册（2024年修订版）", date(2024, 9, 1)))
        found = night(cfg, "2026-12-02T21:00:00+08:00")
        assert marked(db) == {"关于2026年国庆节放假的通知": 1}  # not 11-26 (4 days), not today, not 置顶
        assert len(found) == 1 and found[0]["section"] == "通知公告" and found[0]["severity"] == "normal"
        assert found[0]["reason"] == "backdated"
        lines = found[0]["detail"].split("\n")
        assert lines[0] == "新发现 1 篇文章的发布日期早于栏目此前已有的内容（旧稿新发）"
        assert lines[1].startswith("2026-10-08 关于2026年国庆节放假的通知 http://127.0.0.1:")

        # night 3: 工作动态 (newest 06-30) fills July–November in one night: 突击更新
        server.routes["/gzdt/list.htm"] = listing("工作动态", [*newest_first(BURST), *QUIET])
        found = night(cfg, "2026-12-03T21:00:00+08:00")
        burst = next(f for f in found if f["section"] == "工作动态")
        assert burst["reason"] == "burst" and "（集中补发：突击更新）" in burst["detail"]
        assert {t: v for t, v in marked(db).items() if v == 2} == {t: 2 for t, _ in BURST}
        assert next(f for f in found if f["section"] == "通知公告")["resolved_at"] is None  # still listed

        report = run_cli("report", "--config", str(cfg), "--from", "2026-07-01", "--to", "2026-11-30",
                         "--format", "json", now="2026-12-03T21:00:00+08:00")
        assert report.returncode == 0, report.stderr
        site = json.loads(report.stdout)["sites"][0]
        counts = {s["name"]: (s["posts"], s["backdated"]) for s in site["sections"]}
        assert counts["工作动态"] == (6, 6) and counts["通知公告"][1] == 2 - 1  # by stated date: 10-08 counted
        assert site["backdated"] == 7 and "其中 7 篇为补发的旧稿" in site["backdated_note"]
        text = run_cli("report", "--config", str(cfg), "--from", "2026-07-01", "--to", "2026-11-30",
                       now="2026-12-03T21:00:00+08:00")
        assert "其中 7 篇为补发的旧稿" in text.stdout
        period = ("--from", "2026-07-01", "--to", "2026-11-30")
        page = run_cli("report", "--config", str(cfg), *period, "--format", "html", now="2026-12-03T21:00:00+08:00")
        assert '<p class="note">注：以上按文章标注的发布日期统计，其中 7 篇为补发的旧稿' in page.stdout
        book = run_cli("report", "--config", str(cfg), *period, "--format", "xlsx", now="2026-12-03T21:00:00+08:00",
                       text=False)
        cells = [c.value for ws in openpyxl.load_workbook(io.BytesIO(book.stdout)) for row in ws.iter_rows()
                 for c in row]
        assert any(isinstance(v, str) and "其中 7 篇为补发的旧稿" in v for v in cells)


def test_older_pages_read_by_a_continuing_history_walk_are_never_backdated(tmp_path):
    """Night 1 walks 工会活动 back 60 days only (pages 1–4); night 2 (backfill_days raised, three new posts at
    the top) reads pages 5–11 for the first time: posts dated months before the newest, found by the history
    walk, not at the top of the list."""
    with SiteServer(build_site(TODAY)) as server:
        cfg = write_config(tmp_path / "sites.toml", config_text(server.base).replace("3650", "60"))
        assert night(cfg, "2022-07-01") == []
        write_config(cfg, config_text(server.base))
        server.routes = build_site(TODAY, {"工会活动": 3})
        assert night(cfg, "2022-07-02") == []
        with sqlite3.connect(tmp_path / "m.db") as conn:
            late = conn.execute(
                "SELECT COUNT(*) FROM posts WHERE first_run_id = 2 AND published < '2022-05-01'").fetchone()[0]
            assert late > 100  # the walk did read old pages on night 2
            assert conn.execute("SELECT COUNT(*) FROM posts WHERE backdated > 0").fetchone()[0] == 0
