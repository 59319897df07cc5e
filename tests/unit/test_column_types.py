"""Column types (issue 13): every row of README's name→type table, and the threshold precedence."""

from __future__ import annotations

import pytest

from monitor.columntypes import THRESHOLDS, infer_type, resolve

# README "Column types" table: name → type (one example per row, plus the issue's own examples)
TABLE = [
    ("学校要闻", "news"),
    ("新闻动态", "news"),
    ("工作动态", "news"),
    ("学院新闻", "news"),
    ("学术动态", "news"),
    ("媒体要闻", "news"),
    ("校园快讯", "news"),
    ("通知公告", "notice"),
    ("公示公告", "notice"),
    ("公告", "notice"),
    ("教务通知", "notice"),
    ("政策文件", "policy"),
    ("规章制度", "policy"),
    ("政策法规", "policy"),
    ("规范性文件", "policy"),
    ("人事", "personnel"),
    ("人事信息", "personnel"),
    ("招聘", "personnel"),
    ("人才招聘", "personnel"),
    ("人才招聘公告", "personnel"),
    ("人才引进", "personnel"),
    ("发展规划", "plan"),
    ("工作计划", "plan"),
    ("信息公开", "disclosure"),
    ("信息公开年度报告", "disclosure"),
    ("依申请公开", "disclosure"),
    ("学校概况", "static"),
    ("历史沿革", "static"),
    ("学校简介", "static"),
    ("现任领导", "static"),
    ("机构设置", "static"),
    ("联系我们", "static"),
    ("学术讲座", None),
    ("list", None),
    ("", None),
]


@pytest.mark.parametrize(("name", "kind"), TABLE)
def test_name_to_type(name: str, kind: str | None) -> None:
    assert infer_type(name) == kind


def test_thresholds_follow_the_inspection_rules() -> None:
    assert THRESHOLDS == {
        "news": 14,
        "notice": 183,
        "policy": 183,
        "personnel": 365,
        "plan": 365,
        "disclosure": 365,
        "static": None,
    }


def test_explicit_days_win_over_the_type() -> None:
    r = resolve("学校要闻", None, 60, 30, "site")
    assert (r.type, r.type_source, r.stale_after_days, r.stale_source) == (
        "news",
        "inferred from name 学校要闻",
        60,
        "config",
    )


def test_type_default_wins_over_the_site() -> None:
    r = resolve("通知公告", None, None, 30, "site")
    assert (r.type, r.stale_after_days, r.stale_source) == ("notice", 183, "type notice")


def test_configured_type_wins_over_the_name() -> None:
    r = resolve("学校要闻", "static", None, 30, "site")
    assert (r.type, r.type_source, r.stale_after_days) == ("static", "config", None)


def test_unknown_name_keeps_the_site_threshold() -> None:
    r = resolve("学术讲座", None, None, 45, "site")
    assert (r.type, r.type_source, r.stale_after_days, r.stale_source) == (None, "default", 45, "site")


def test_every_word_of_the_readme_table_infers_its_type() -> None:
    """README "Column types": each word and example in a row's second cell infers that row's type, and the
    third cell states the type's threshold."""
    import re

    from tests.support.cli import ROOT

    text = (ROOT / "README.md").read_text("utf-8")
    table = text[text.index("| type | words in the name (examples) |") :].split("\n\n")[0].splitlines()[2:]
    seen = set()
    for row in table:
        cells = [c.strip() for c in row.strip("|").split("|")]
        kind = cells[0].strip("`")
        if kind not in THRESHOLDS:
            continue  # the "none" row
        seen.add(kind)
        words = re.findall(r"[\u4e00-\u9fff]+", cells[1])
        assert words, row
        for word in words:
            assert infer_type(word) == kind, (word, kind)
        days = THRESHOLDS[kind]
        assert (f"{days} days" in cells[2]) if days else cells[2].startswith("never"), row
    assert seen == set(THRESHOLDS)
