"""``discover --write`` merges into a commented config (monitor.discover.writeconfig.merge): comments, order and
existing columns untouched, a second run adds nothing, repeated names made unique."""

from __future__ import annotations

import tomllib
from pathlib import Path

from monitor.config import parse_config
from monitor.discover.run import Proposal, SiteDiscovery
from monitor.discover.writeconfig import merge

CONFIG = """# 学校网站巡检配置 (kept verbatim)
[monitor]
database = "data/monitor.db"   # relative to this file

# the university's portal
[[sites]]
name = "示范大学"
url = "http://www.example.edu.cn/"

[[sites.sections]]
name = "学校要闻"   # hand-written
url = "http://www.example.edu.cn/xwzx/xxyw.htm"
stale_after_days = 10

# the college, configured by hand
[[sites]]
name = "示范学院"
url = "http://college.example.edu.cn/"
"""


def prop(name: str, url: str, type_: str | None = "notice") -> Proposal:
    return Proposal(name, url, type_, "name", [], 12, "2022-06-29", 44, "breadcrumb", 1, name)


def discovery(*cols: Proposal, home: str = "http://www.example.edu.cn/", name: str = "示范大学") -> SiteDiscovery:
    return SiteDiscovery(url=home, name=name, home=home, columns=list(cols))


def test_new_columns_are_added_to_the_existing_site_and_nothing_else_changes():
    found = discovery(
        prop("学校要闻", "http://www.example.edu.cn/xwzx/xxyw.htm", "news"),
        prop("通知公告", "http://www.example.edu.cn/tzgg.htm"),
    )
    text, result = merge(CONFIG, found)
    assert result.added == ["通知公告"] and not result.site_added
    assert result.skipped == [("学校要闻", "already configured as '学校要闻'")]
    for line in CONFIG.splitlines():  # every original line is still there, in order
        assert line in text
    original = [line for line in CONFIG.splitlines() if line]
    lines = iter(text.splitlines())
    assert all(any(line == got for got in lines) for line in original)  # a subsequence: same order
    data = tomllib.loads(text)
    sections = data["sites"][0]["sections"]
    assert [s["name"] for s in sections] == ["学校要闻", "通知公告"]
    assert sections[0]["stale_after_days"] == 10 and "type" not in sections[0]
    assert sections[1]["type"] == "notice"
    assert data["sites"][1] == {"name": "示范学院", "url": "http://college.example.edu.cn/"}
    assert text.index("# the college") > text.index('name = "通知公告"')  # its comment stays with it
    parse_config(data, Path("sites.toml"))


def test_running_twice_adds_nothing_the_second_time():
    found = discovery(prop("通知公告", "http://www.example.edu.cn/tzgg.htm"))
    once, _ = merge(CONFIG, found)
    twice, result = merge(once, found)
    assert twice == once and result.added == []


def test_a_new_site_is_appended_with_its_columns_and_a_taken_name_gets_a_suffix():
    found = discovery(
        prop("通知公告", "http://xxgk.example.edu.cn/tzgg.htm"),
        prop("通知公告", "http://xxgk.example.edu.cn/gsgg/tzgg.htm"),
        home="http://xxgk.example.edu.cn/",
        name="示范大学",
    )
    text, result = merge(CONFIG, found)
    data = tomllib.loads(text)
    assert result.site_added and result.site == "示范大学 (2)"
    assert data["sites"][2]["url"] == "http://xxgk.example.edu.cn/"
    assert [s["name"] for s in data["sites"][2]["sections"]] == ["通知公告", "通知公告 (2)"]
    parse_config(data, Path("sites.toml"))


def test_an_empty_file_becomes_a_valid_config():
    text, _ = merge("", discovery(prop("通知公告", "http://www.example.edu.cn/tzgg.htm")))
    config = parse_config(tomllib.loads(text), Path("sites.toml"))
    assert [s.name for s in config.sites[0].sections] == ["通知公告"]


def test_writing_into_a_missing_folder_is_one_clear_error(tmp_path):
    import pytest

    from monitor.discover.writeconfig import write
    from monitor.errors import ConfigError

    with pytest.raises(ConfigError, match="does not exist; create it"):
        write(tmp_path / "nope" / "sites.toml", discovery(prop("通知公告", "http://www.example.edu.cn/tzgg.htm")))
