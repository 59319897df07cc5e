"""单项否决 (issue 13): each threshold crossed and not crossed by one, over a store seeded as a crawl
stores a night, with the clock pinned; the digest's 预警 line; three nights of one site."""

from __future__ import annotations

from datetime import date

import pytest

from monitor import clock
from monitor.checks import veto
from monitor.config import Config, parse_config
from monitor.inspection import assess, verdict, warnings
from monitor.store.core import Store
from monitor.store.evidence import Finding
from monitor.store.findings import sync_findings
from tests.support.inspection import ANCIENT, COLUMNS, FRESH, FRONT, HOME, NOW, OLD, OTHER, SITE, make_config, night


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV, NOW)


def vetoes(store: Store) -> dict[str, str]:
    return {
        f["url"].split("#否决-")[1]: f["detail"]
        for f in store.findings(open_only=True)
        if f["kind"] == "inspection_veto"
    }


def counts(config: Config, store: Store) -> dict[str, tuple[int, str]]:
    return {c.rule.id: (c.count, c.state) for c in assess(config.sites[0], store.findings(open_only=True))}


def test_thresholds_follow_the_column_type(tmp_path):
    config, store = make_config(tmp_path), Store(tmp_path / "m.db")
    # 59 days: stale for news (14) and unknown (30, [monitor]); fresh for notice/policy (183) and personnel (365)
    night(config, store, {name: [OLD] for name in COLUMNS})
    stale = {f["section"] for f in store.findings() if f["kind"] == "stale_section"}
    assert stale == {"学校要闻", "新闻动态", "工作动态", "学院新闻", "学术动态", "学术讲座", "校友风采"}
    severities = {f["section"]: f["severity"] for f in store.findings() if f["kind"] == "stale_section"}
    assert severities["学校要闻"] == "high" and severities["学术讲座"] == "normal"
    # 455 days (another school): everything but the static columns
    store = Store(tmp_path / "m2.db")
    night(config, store, {name: [ANCIENT] for name in COLUMNS})
    stale = {f["section"] for f in store.findings() if f["kind"] == "stale_section"}
    assert stale == set(FRONT + OTHER)  # 学校概况/历史沿革 are never stale


def test_front_columns_four_warn_five_veto(tmp_path):
    config, store = make_config(tmp_path), Store(tmp_path / "m.db")
    night(config, store, {name: [OLD] for name in FRONT[:4]})
    assert counts(config, store)["front_stale"] == (4, "预警") and vetoes(store) == {}
    assert warnings(config.sites, store.findings()) == [
        "单项否决预警：湘江学院 4 个动态/通知类栏目未更新（5 个即否决）"
    ]
    store = Store(tmp_path / "five.db")  # another school (posts are never forgotten: a fresh one stays)
    night(config, store, {name: [OLD] for name in FRONT[:5]})
    assert counts(config, store)["front_stale"] == (5, "否决")
    assert vetoes(store) == {
        "front_stale": "单项否决：湘江学院 5 个动态/通知类栏目未更新（5 个即否决）："
        "「学校要闻」「新闻动态」「工作动态」「学院新闻」「学术动态」".replace("」「", "」、「")
    }
    veto_row = next(f for f in store.findings() if f["kind"] == "inspection_veto")
    assert veto_row["severity"] == "urgent" and veto_row["url"] == HOME + "#否决-front_stale"


def test_columns_that_should_be_updated_nine_warn_ten_veto(tmp_path):
    config, store = make_config(tmp_path), Store(tmp_path / "m.db")
    nine = {**{n: [OLD] for n in FRONT[:4]}, **{n: [ANCIENT] for n in OTHER[:5]}}
    night(config, store, nine)
    assert counts(config, store)["stale"] == (9, "预警")
    assert "stale" not in vetoes(store)
    store = Store(tmp_path / "ten.db")
    night(config, store, {**nine, OTHER[5]: [ANCIENT]})
    assert counts(config, store)["stale"] == (10, "否决")
    assert set(vetoes(store)) == {"stale"}  # still only 4 front columns
    assert "10 个应更新栏目未更新（10 个即否决）" in vetoes(store)["stale"]


def test_empty_columns_four_warn_five_veto_static_never_counts(tmp_path):
    config, store = make_config(tmp_path), Store(tmp_path / "m.db")
    empty = {n: [] for n in [*OTHER[:4], "学校概况", "历史沿革"]}  # the static ones are fixed pages
    night(config, store, empty)
    assert counts(config, store)["empty"] == (4, "预警") and vetoes(store) == {}
    night(config, store, {**empty, OTHER[4]: []})
    assert counts(config, store)["empty"] == (5, "否决")
    assert vetoes(store)["empty"].endswith("「人事信息」、「人才招聘」、「发展规划」、「工作计划」、「信息公开」")


def test_undated_posts_count_as_not_updated(tmp_path):
    config, store = make_config(tmp_path), Store(tmp_path / "m.db")
    night(config, store, {name: [None, None] for name in FRONT[:5]})
    assert counts(config, store)["front_stale"] == (5, "否决")


def test_home_page_not_updated_is_a_veto(tmp_path):
    config, store = make_config(tmp_path), Store(tmp_path / "m.db")
    night(config, store, {})
    assert counts(config, store)["home"] == (0, "正常")  # no 预警 for a rule of one
    run = store.start_run([SITE])
    store.record_fetch(run, SITE, None, "home", HOME, 200)
    sync_findings(store.db, ["stale_home"], [SITE], [Finding("stale_home", SITE, None, HOME, "20_days")], run)
    found = veto.check(config, store, run, config.sites)
    assert [(f.url, f.severity) for f in found.findings] == [(HOME + "#否决-home", "urgent")]
    assert verdict(assess(config.sites[0], store.findings())) == "否决"


def test_three_nights_and_an_unreachable_night(tmp_path):
    config, store = make_config(tmp_path), Store(tmp_path / "m.db")
    five = {name: [OLD] for name in FRONT[:5]}
    first = night(config, store, five)
    assert [f["kind"] for f in first["opened"]].count("inspection_veto") == 1
    night(config, store, five, reachable=False)  # nothing re-examined: the veto stays open
    assert set(vetoes(store)) == {"front_stale"}
    second = night(config, store, {**five, "学校要闻": [OLD, FRESH]})  # a column updated: 4 left
    assert [f["kind"] for f in second["resolved"]].count("inspection_veto") == 1
    assert vetoes(store) == {}
    third = night(config, store, {**five, "学校要闻": [OLD, FRESH]})  # unchanged
    assert third == {"opened": [], "resolved": []}
    assert counts(config, store)["front_stale"] == (4, "预警")


def test_explicit_stale_after_days_wins(tmp_path):
    sections = [
        {"name": "学校要闻", "url": HOME + "x/", "stale_after_days": 90},
        {"name": "通知公告", "url": HOME + "t/"},
        {"name": "学术讲座", "url": HOME + "j/"},
    ]
    config = parse_config(
        {"monitor": {"stale_after_days": 45}, "sites": [{"name": SITE, "url": HOME, "sections": sections}]},
        tmp_path / "s.toml",
    )
    got = [(s.type, s.type_source, s.stale_after_days, s.stale_source) for s in config.sites[0].sections]
    assert got == [
        ("news", "inferred from name 学校要闻", 90, "config"),
        ("notice", "inferred from name 通知公告", 183, "type notice"),
        (None, "default", 45, "default"),
    ]
    store = Store(tmp_path / "m.db")
    night(config, store, {"学校要闻": [OLD]})  # 59 days: within its own 90
    assert not [f for f in store.findings() if f["kind"] == "stale_section"]
    assert date.fromisoformat(OLD) < clock.today()
