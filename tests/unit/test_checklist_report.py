"""The checklist report over a seeded store (real SQLite, no server): statuses, mapping, thresholds, renderers."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from datetime import date

import pytest
from openpyxl import load_workbook

from monitor.config import parse_config
from monitor.report.checklist import build_checklist, fresh, judge, stale_threshold
from monitor.report.checklist_render import render_bytes, render_html
from monitor.report.stats import Period, year_period
from monitor.store.core import Store
from tests.support.config import write_config

SITE = '=HYPERLINK("http://evil.example/")大学'  # a site name that is a formula: CSV/XLSX must keep it text
HOSTILE = "<img src=x onerror=alert(1)>拟录取名单"
BASE = "http://127.0.0.1:9/"


def _column(stored: int, newest: str | None, limit: int | None) -> dict:
    return {"stored_posts": stored, "newest": newest, "stale_after_days": limit}


def test_judge_statuses():
    today = date(2026, 11, 10)
    assert judge([], today) == "missing"
    assert judge([_column(0, None, 30)], today) == "blank"
    assert judge([_column(3, "2026-10-11", 30)], today) == "ok"  # 30 days: still within
    assert judge([_column(3, "2026-10-10", 30)], today) == "stale"  # 31 days
    assert judge([_column(3, None, 30)], today) == "stale"  # only undated posts count as not updated
    assert judge([_column(3, "2026-10-10", 30), _column(1, "2026-11-01", 30)], today) == "ok"  # any fresh column
    assert judge([_column(0, None, 30), _column(2, "2020-01-01", 30)], today) == "stale"
    assert fresh(_column(1, None, None), today)  # a never-stale (static) column with content
    assert not fresh(_column(0, None, None), today)


@pytest.fixture
def seeded(tmp_path, monkeypatch):
    monkeypatch.setenv("CAMPUS_MONITOR_NOW", "2026-11-10T02:00:00")
    db = tmp_path / "monitor.db"
    sections = [
        # inferred 1; undated posts only → 未更新 (its own threshold: a static 学校概况 type would never be stale)
        {"name": "学校概况", "url": BASE + "xxgk/", "stale_after_days": 30},
        {"name": HOSTILE, "url": BASE + "nlq/"},  # inferred 13, never crawled → 空白
        {"name": "招生信息", "url": BASE + "zsxx/", "checklist": [7, 8], "stale_after_days": 100},
        {"name": "研究生招生", "url": BASE + "yjs/", "checklist": [12]},  # not 11: explicit wins
        {"name": "研招快讯", "url": BASE + "yzkx/"},  # infers 11 → shown 推断
        {"name": "财务", "url": BASE + "cw/", "checklist": [19]},  # exact 财务 would be 15: config wins
        {"name": "预算公开", "url": BASE + "ys/"},  # infers 19, dropped: 财务 says 19
    ]
    cfg = write_config(
        tmp_path / "sites.toml",
        monitor={"database": str(db), "stale_after_days": 30},
        sites=[{"name": SITE, "url": BASE, "sections": sections}],
    )
    config = parse_config(tomllib.loads(cfg.read_text("utf-8")), cfg)
    store = Store(db)
    run = store.start_run([SITE])

    def add(name: str, dates: list[str | None]) -> None:
        sec = next(s for s in config.sites[0].sections if s.name == name)
        sid = store.ensure_section(SITE, BASE, name, sec.url, sec.stale_after_days)
        for i, d in enumerate(dates):
            store.save_post(sid, f"{sec.url}{i}.htm", f"{name}{i}", d, run)

    add("学校概况", [None, None])
    add("招生信息", ["2026-08-05", "2026-03-01", "2025-12-30"])  # 97 days before 11-10: ok at 100
    add("研究生招生", ["2026-11-09"])
    add("研招快讯", ["2026-05-01", "2026-12-20"])  # a post after the period end does not keep it fresh
    add("财务", ["2026-10-20"])
    add("预算公开", ["2026-11-01"])
    store.finish_run(run, "ok", 0, 0, 0)
    return config, store


def _items(report: dict) -> dict[int, dict]:
    return {i["no"]: i for i in report["items"]}


def test_build_over_a_store(seeded):
    config, store = seeded
    report = build_checklist(config, store, year_period(2026))
    items = _items(report)
    assert report["judged_on"] == "2026-11-10" and report["generated"].startswith("2026-11-10")  # injected clock
    assert items[1]["status"] == "stale" and items[1]["inferred"] and items[1]["newest"] is None
    assert items[13]["status"] == "blank" and items[13]["columns"][0]["crawled"] is False
    assert (items[7]["status"], items[7]["posts"], items[7]["newest"]) == ("ok", 2, "2026-08-05")
    assert items[8]["columns"][0]["section"] == "招生信息" and not items[8]["inferred"]
    assert [c["section"] for c in items[12]["columns"]] == ["研究生招生"]
    assert [(c["section"], c["how"], c["matched"]) for c in items[11]["columns"]] == [("研招快讯", "inferred", "研招")]
    assert items[11]["newest"] == "2026-05-01" and items[11]["posts"] == 2  # 12-20 counts in 2026, is not "newest"
    assert items[11]["status"] == "stale"
    assert [c["section"] for c in items[19]["columns"]] == ["财务"] and items[15]["status"] == "missing"
    assert report["summary"] == {"items": 50, "mapped": 7, "missing": 43, "blank": 1, "stale": 2, "ok": 4}
    assert [(c["section"], c["line"]) for c in report["confirm"]] == [
        ("学校概况", "checklist = [1]"),
        (HOSTILE, "checklist = [13]"),
        ("研招快讯", "checklist = [11]"),
    ]


def test_staleness_is_judged_at_the_period_end(seeded):
    config, store = seeded
    # 2026-08-31: 招生信息's 08-05 is 26 days old; 研招快讯's 05-01 is 122 days old (> 30)
    report = build_checklist(config, store, Period(date(2026, 1, 1), date(2026, 8, 31)), today=date(2030, 1, 1))
    items = _items(report)
    assert report["judged_on"] == "2026-08-31"
    # 研究生招生 and 财务 have posts, none dated by 08-31: not updated (空白 is for a column with no post at all)
    assert items[7]["status"] == "ok" and items[12]["status"] == "stale" and items[19]["status"] == "stale"
    assert items[12]["newest"] is None and items[12]["posts"] == 0


def test_threshold_comes_from_one_function(seeded):
    config, _ = seeded
    by_name = {s.name: s for s in config.sites[0].sections}
    assert stale_threshold(by_name["招生信息"]) == 100
    assert stale_threshold(by_name["研招快讯"]) == by_name["研招快讯"].stale_after_days


def test_renderers_keep_hostile_names_inert(seeded):
    config, store = seeded
    report = build_checklist(config, store, year_period(2026))
    page = render_html(report)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;拟录取名单" in page
    assert 'href="http://127.0.0.1:9/nlq/"' in page and '<span class="how">未采集</span>' in page

    raw = render_bytes(report, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1][3] == "'" + f"{SITE}/学校概况（推断）"  # formula-like cell gets a leading '
    assert rows[1][7] == "未更新" and rows[3][5] == "" and rows[3][7] == "缺失"

    ws = load_workbook(io.BytesIO(render_bytes(report, "xlsx")))["信息公开清单"]
    cell = ws.cell(row=2, column=4)
    assert cell.data_type == "s" and cell.value == f"{SITE}/学校概况（推断）"

    doc = json.loads(render_bytes(report, "json"))
    assert doc["summary_line"] == "50 项中已对应 7 项，缺失 43 项，空白 1 项，未更新 2 项"
    md = render_bytes(report, "md").decode()
    assert "<img" not in md and "&lt;img" in md
    table = render_bytes(report, "table").decode()
    assert "（推断，未采集）" in table


def test_every_format_carries_the_datas_caveat_and_none_without_one(seeded):
    """Items 22-50 are not yet checked against the notice: whoever pastes the table into a signed report
    reads so under it, in every format; once the data file drops ``caveat`` the note goes."""
    config, store = seeded
    report = build_checklist(config, store, year_period(2026))
    assert "第22–50项" in report["caveat"]
    for fmt in ("table", "md", "csv", "html", "json"):
        assert "第22–50项" in render_bytes(report, fmt).decode("utf-8-sig"), fmt
    sheet = load_workbook(io.BytesIO(render_bytes(report, "xlsx"))).active
    assert any("第22–50项" in str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    quiet = {**report, "caveat": ""}
    for fmt in ("table", "md", "csv", "html"):
        assert "第22–50项" not in render_bytes(quiet, fmt).decode("utf-8-sig"), fmt
