"""``report --checklist`` over three real crawls of a 信息公开网 fixture (loopback server, CLI as a child).

Night 1: every status appears (缺失, 空白, 未更新, 正常), explicit ``checklist = [...]`` beats name inference,
inferred items are marked for confirmation. Night 2: the blank 学生资助 column posts → item 37 turns 正常.
Night 3: nothing changed on the site → the same table.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from openpyxl import load_workbook

from monitor.demo.portal import post_dates
from monitor.demo.siteserver import SiteServer
from tests.support import disclosure as fx
from tests.support.cli import run_cli


def _crawl(cfg, day: date) -> None:
    done = run_cli("crawl", "--config", str(cfg), "--quiet", now=f"{day.isoformat()}T02:00:00")
    assert done.returncode == 0, done.stderr[-2000:]


def _report(cfg, day: date, fmt: str, *extra: str, text: bool = True):
    out = run_cli(
        "report",
        "--config",
        str(cfg),
        "--year",
        "2026",
        "--checklist",
        "--format",
        fmt,
        *extra,
        now=f"{day.isoformat()}T02:00:00",
        text=text,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def _statuses(report: dict) -> dict[int, str]:
    return {i["no"]: i["status"] for i in report["items"]}


def _posts_2026(name: str, night: int) -> int:
    spec = next(s for s, _ in fx.COLUMNS if s.name == name)
    if night >= 2:
        spec = fx.NIGHT2_POSTS.get(name, spec)
    return sum(d.year == 2026 for d in post_dates(spec, fx.NIGHT1))


def test_checklist_report_three_nights(tmp_path):
    day1, day2, day3 = fx.NIGHT1, date(2026, 11, 11), date(2026, 11, 12)
    with SiteServer(fx.routes(1)) as server:
        cfg = fx.write(tmp_path, server.base)
        _crawl(cfg, day1)
        night1 = json.loads(_report(cfg, day1, "json"))
        items = {i["no"]: i for i in night1["items"]}
        assert [i["no"] for i in night1["items"]] == list(range(1, 51))
        expected = {n: fx.NIGHT1_STATUS.get(n, "missing") for n in range(1, 51)}
        assert _statuses(night1) == expected
        assert {"missing", "blank", "stale", "ok"} <= set(expected.values())
        assert night1["summary_line"] == "50 项中已对应 17 项，缺失 33 项，空白 2 项，未更新 2 项"
        assert {n for n, i in items.items() if i["inferred"]} == fx.INFERRED
        # explicit mapping wins: 公告栏 (checklist = [18]) is item 18's only column, 招标采购's guess is dropped;
        # 学风建设 says [41, 42], so 40 (its name's item) stays 缺失
        assert [(c["section"], c["how"]) for c in items[18]["columns"]] == [("公告栏", "config")]
        assert items[40]["status"] == "missing" and items[41]["columns"][0]["section"] == "学风建设"
        assert [c["section"] for c in items[19]["columns"]] == ["财务信息"]
        # posts in the period and newest date, against the generator's truth
        assert items[25]["posts"] == _posts_2026("人才招聘", 1) > 0
        assert items[25]["newest"] == post_dates(fx.COLUMNS[9][0], fx.NIGHT1)[0].isoformat()
        assert items[11]["newest"] == "2026-04-24" and items[11]["status"] == "stale"  # 200 days > 90
        assert items[13]["posts"] == 0 and items[13]["newest"] is None
        confirm = {c["section"]: c["line"] for c in night1["confirm"]}
        assert confirm["研究生招生"] == "checklist = [11]" and confirm[fx.HOSTILE_SCRIPT] == "checklist = [49]"
        assert "招标采购" not in confirm and "公告栏" not in confirm  # nothing left to confirm there

        table = _report(cfg, day1, "table")
        assert "50 项中已对应 17 项，缺失 33 项，空白 2 项，未更新 2 项" in table
        assert "一、基本信息（6项）" in table and "十、其他（2项）" in table
        row11 = next(line for line in table.splitlines() if line.startswith("11 "))
        assert "未更新" in row11 and "湘江学院/研究生招生（推断）" in row11 and "2026-04-24" in row11
        assert "湘江学院/研究生招生：在该栏目的 [[sites.sections]] 下写 checklist = [11]" in table

        raw = _report(cfg, day1, "csv", text=False)
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows[0][:8] == ["序号", "类别", "事项", "对应栏目", "对应方式", "本期发布", "最新发布", "状态"]
        assert len(rows) == 53 and rows[-2] == ["合计", night1["summary_line"]]
        assert rows[-1] == ["注", night1["caveat"]]  # items 22-50 not yet checked against the notice
        formula_row = next(r for r in rows[1:51] if r[0] == "50")
        assert formula_row[3] == f"湘江学院/{fx.HOSTILE_FORMULA}（推断）"  # starts with 湘: not formula-like
        assert rows[13][7] == "空白" and rows[21][7] == "未更新" and rows[3][7] == "缺失"

        page = _report(cfg, day1, "html")
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;巡视整改" in page
        assert '<span class="tag stale">未更新</span>' in page and "缺失 33 项" in page

        xlsx = tmp_path / "checklist.xlsx"
        _report(cfg, day1, "xlsx", "--output", str(xlsx))
        ws = load_workbook(xlsx)["信息公开清单"]
        assert [c.value for c in ws[1]][:3] == ["序号", "类别", "事项"]
        assert ws.cell(row=12, column=1).value == 11 and ws.cell(row=12, column=8).value == "未更新"
        assert ws.cell(row=12, column=7).value.date() == date(2026, 4, 24)

        # night 2: 学生资助 starts posting → item 37 from 空白 to 正常
        server.routes = fx.routes(2)
        _crawl(cfg, day2)
        night2 = json.loads(_report(cfg, day2, "json"))
        assert _statuses(night2) == {n: fx.NIGHT2_STATUS.get(n, "missing") for n in range(1, 51)}
        item37 = night2["items"][36]
        assert item37["posts"] == _posts_2026("学生资助", 2) == 3 and item37["newest"] == fx.NIGHT1.isoformat()
        assert night2["summary_line"] == "50 项中已对应 17 项，缺失 33 项，空白 1 项，未更新 2 项"

        # night 3: the same site → the same table
        _crawl(cfg, day3)
        night3 = json.loads(_report(cfg, day3, "json"))
        assert night3["items"] == night2["items"] and night3["summary"] == night2["summary"]


def test_checklist_cannot_be_mailed(tmp_path):
    cfg = fx.write(tmp_path, "http://127.0.0.1:9")
    out = run_cli("report", "--config", str(cfg), "--year", "2026", "--checklist", "--email")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines() == [
        "campus-monitor: --checklist cannot be mailed; write it with --output FILE (e.g. --format xlsx)"
    ]
