"""The dashboard's pure parts on a seeded store: column states, counts, runs, the next run, periods, users."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from monitor import clock
from monitor.dashboard import queries
from monitor.dashboard.app import kind_label
from monitor.dashboard.auth import MAX_FAILURES, Throttle, hash_password, verify
from monitor.dashboard.reports import parse_period
from monitor.dashboard.server import check_exposure, is_loopback
from monitor.dashboard.users import lines_to_add, name_problem, with_user
from monitor.errors import UsageError
from monitor.store.evidence import Finding
from monitor.store.findings import sync_findings
from tests.support.report import SITE_A, SITE_B, build_dataset

NOW = clock.parse_now("2022-06-30T09:00", "Asia/Shanghai")


@pytest.fixture
def data(tmp_path, monkeypatch):
    ds = build_dataset(tmp_path, monkeypatch)
    yield ds
    ds.store.close()


def test_overview_counts_states_and_runs(data):
    june = date(2022, 6, 1), date(2022, 6, 30)
    view = queries.overview(data.config, data.store, NOW)
    assert [s["name"] for s in view["sites"]] == [SITE_A, SITE_B]  # config order
    school = view["sites"][1]
    assert school["month_posts"] == sum(data.count(SITE_B, sec, *june) for sec in ("校园动态", "党建工作", "视频新闻"))
    assert school["newest"] == max(d for d in data.posts[(SITE_B, "校园动态")] if d).isoformat()
    states = {c["name"]: c["state"] for c in school["columns"]}
    # no findings yet: every stored column is ok, the configured-but-never-crawled one says so
    assert states == {"校园动态": "ok", "党建工作": "ok", "视频新闻": "never"}
    assert view["width"] == 4 and view["latest_run"]["status"] == "ok" and view["latest_run"]["id"] == 1


def test_states_follow_the_open_findings(data):
    sync_findings(data.store.db, ["stale_section", "empty_section", "site_unreachable"], [SITE_A, SITE_B], [
        Finding("stale_section", SITE_B, "党建工作", "u", reason="107_days"),
        Finding("site_unreachable", SITE_A, None, "u", reason="timeout"),
    ], None)
    states = queries.column_states(data.config, data.store, date(2022, 6, 30))
    assert states[(SITE_B, "党建工作")]["state"] == "stale"
    assert states[(SITE_B, "党建工作")]["label"] == "107天未更新"  # 2022-03-15 → 2022-06-30
    assert {states[(SITE_A, s)]["state"] for s in ("通知公告", "学院要闻", "学术活动", "招生就业")} == {"unreachable"}
    assert states[(SITE_B, "校园动态")]["state"] == "ok"


def test_site_detail_groups_findings_by_severity_and_charts_each_column(data):
    sync_findings(data.store.db, ["broken_link", "hidden_link"], [SITE_B], [
        Finding("broken_link", SITE_B, None, "http://x/a.pdf", reason="http_404", severity="normal"),
        Finding("hidden_link", SITE_B, None, "http://spam/", reason="offscreen", severity="urgent"),
    ], None)
    detail = queries.site_detail(data.config, data.store, SITE_B, NOW)
    assert list(detail["findings"]) == ["urgent", "normal"]
    months = {c["name"]: c["months"] for c in detail["columns"]}
    assert [m["month"] for m in months["党建工作"]][-1] == "2022-06" and len(months["党建工作"]) == 12
    assert sum(m["posts"] for m in months["党建工作"]) == 3  # 2021-10-12, 2022-01-05, 2022-03-15: 2021-07..2022-06
    assert months["党建工作"][8] == {"month": "2022-03", "posts": 1}
    assert detail["months"][-1]["posts"] == sum(m[-1]["posts"] for m in months.values())
    assert queries.site_detail(data.config, data.store, "no such site", NOW) is None
    assert [r["id"] for r in detail["runs"]] == [1]


def test_next_run_in_the_configured_zone(data):
    assert queries.next_run(data.config, clock.parse_now("2022-06-30T09:00"))["at"] == "2022-07-01 02:00"
    assert queries.next_run(data.config, clock.parse_now("2022-06-30T01:59"))["at"] == "2022-06-30 02:00"


def test_small_formatters_and_periods():
    assert queries.duration_text(87) == "1分27秒" and queries.duration_text(3725) == "1小时2分"
    periods = [p["period"] for p in queries.report_periods(date(2022, 7, 1))]
    assert periods[:3] == ["2022-07", "2022-06", "2022-05"] and periods[11] == "2021-08"
    assert periods[12:] == ["2022", "2021", "academic-2021", "academic-2020"]
    assert parse_period("2022-06").kind == "month" and parse_period("academic-2021").start == date(2021, 9, 1)
    for bad in ("2022-13", "0001", "academic-9999", "../x", "2022-6"):
        assert parse_period(bad) is None
    assert kind_label("hidden_link") == "暗链" and kind_label("missing_footer_text") == "页脚信息缺失"


def test_passwords_and_throttle():
    users = {"wang": hash_password("right password")}
    assert verify(users, "wang", "right password")
    assert not verify(users, "wang", "wrong") and not verify(users, "li", "right password")
    assert not verify({"bad": "not-a-hash"}, "bad", "x")  # a hand-written value is refused, not a crash
    throttle = Throttle()
    for _ in range(MAX_FAILURES - 1):
        throttle.failed("10.0.0.1")
    assert throttle.blocked("10.0.0.1") == 0
    throttle.failed("10.0.0.1")
    assert throttle.blocked("10.0.0.1") > 0 and throttle.blocked("10.0.0.2") == 0


def test_exposure_rule(tmp_path, data):
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("monitor.example.edu.cn")
    check_exposure(data.config, "127.0.0.1")
    with pytest.raises(UsageError, match=r"\[dashboard\] users.*dashboard-user add NAME"):
        check_exposure(data.config, "0.0.0.0")


def test_with_user_adds_the_table_where_there_was_none():
    text = '# top\n[monitor]\ndatabase = "m.db"  # here\n\n[[sites]]\nname = "a"\nurl = "http://a.test/"\n'
    out, existed = with_user(text, "张老师", "scrypt:1$2$3")
    assert not existed and out.startswith(text)
    assert tomllib.loads(out)["dashboard"]["users"] == {"张老师": "scrypt:1$2$3"}
    again, existed = with_user(out, "张老师", "scrypt:4$5$6")
    assert existed and tomllib.loads(again)["dashboard"]["users"] == {"张老师": "scrypt:4$5$6"}
    assert tomllib.loads(lines_to_add("a b", "h"))["dashboard"]["users"] == {"a b": "h"}
    assert name_problem("wang") is None and name_problem("") and name_problem("a b") and name_problem("x" * 65)
