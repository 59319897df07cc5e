"""Where the 单项否决 counts show (issue 13): the digest's 预警 line, the report's inspection block in every
format, and each column's type and its source in the report."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from monitor import clock
from monitor.alerts import digest
from monitor.report.data import build_full_report
from monitor.report.html import render_html
from monitor.report.stats import month_period
from monitor.report.text import render_json, render_md, render_table
from monitor.report.xlsx import render_xlsx
from monitor.store import alerts as alerts_store
from monitor.store.core import Store
from tests.support.inspection import FRONT, NOW, OLD, SITE, make_config, night

WARNING = "单项否决预警：湘江学院 4 个动态/通知类栏目未更新（5 个即否决）"


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV, NOW)


def test_digest_carries_the_warning_line_in_text_and_html(tmp_path):
    email = {"host": "127.0.0.1", "sender": "monitor@x.edu.cn", "recipients": ["it@x.edu.cn"]}
    config, store = make_config(tmp_path, email=email), Store(tmp_path / "m.db")
    night(config, store, {name: [OLD] for name in FRONT[:4]})
    alerts_store.ensure_schema(store.db)
    d = digest.compute_digest(config, store.db, "it@x.edu.cn", [SITE], store.findings(open_only=False), [], [])
    assert d.warnings == [WARNING]
    _, text, page = digest.render(config, d, {})
    assert WARNING in text.splitlines() and WARNING in page
    # one more stale column: a veto finding (urgent, in the subject) and no 预警 for that rule any more
    store = Store(tmp_path / "five.db")
    night(config, store, {name: [OLD] for name in FRONT[:5]})
    alerts_store.ensure_schema(store.db)
    d = digest.compute_digest(config, store.db, "it@x.edu.cn", [SITE], store.findings(open_only=False), [], [])
    assert d.warnings == []
    subject, text, _ = digest.render(config, d, {})
    assert "【紧急】1项单项否决" in subject
    assert "单项否决：湘江学院 5 个动态/通知类栏目未更新（5 个即否决）：「学校要闻」" in text


def test_report_inspection_block_and_column_types(tmp_path):
    config, store = make_config(tmp_path), Store(tmp_path / "m.db")
    night(config, store, {name: [OLD] for name in FRONT[:5]})
    report = build_full_report(config, store, month_period("2026-02"), today=date(2026, 3, 1))
    site = report["sites"][0]
    block = json.loads(render_json(report))["sites"][0]["inspection"]
    assert block["state"] == "否决"
    assert [(r["rule"], r["count"], r["threshold"], r["state"]) for r in block["rules"]] == [
        ("front_stale", 5, 5, "否决"),
        ("stale", 5, 10, "正常"),
        ("empty", 0, 5, "正常"),
        ("home", 0, 1, "正常"),
    ]
    assert block["rules"][0]["columns"] == FRONT[:5]
    cols = {s["name"]: s for s in site["sections"]}
    assert (cols["学校要闻"]["type"], cols["学校要闻"]["type_source"], cols["学校要闻"]["stale_after_days"]) == (
        "news",
        "inferred from name 学校要闻",
        14,
    )
    assert cols["学校概况"]["type"] == "static" and cols["学校概况"]["stale_after_days"] is None
    assert not cols["学校概况"]["stale"]  # never stale, even with no post at all
    text = render_table(report)
    assert "inspection (单项否决, open findings as of the latest crawl): 否决" in text
    assert "学校要闻、新闻动态、工作动态、学院新闻、学术动态" in text and "news (name)" in text
    assert "单项否决检查（截至最近一次巡检）：**否决**" in render_md(report)
    page = render_html(report)
    assert "单项否决检查（截至最近一次巡检）" in page and 'title="inferred from name 学校要闻">news</span>' in page
    wb = load_workbook(io.BytesIO(render_xlsx(report)))
    rows = [[c.value for c in row][:6] for row in wb["汇总"].iter_rows()]
    assert [SITE, "动态/通知类栏目未更新", 5, 5, "否决", "学校要闻、新闻动态、工作动态、学院新闻、学术动态"] in rows
    assert [c.value for c in wb[SITE][1]][-2:] == ["栏目类型", "类型来源"]
