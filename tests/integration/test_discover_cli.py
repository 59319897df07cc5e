"""``campus-monitor discover`` end to end on the demo portal (real 127.0.0.1 server, child processes): the proposal,
``--write`` into a commented config (twice), the no-URL re-check across two nights, bad input."""

from __future__ import annotations

import json
import tomllib
from datetime import date

import pytest
import sqlite_utils

from monitor.config import load_config
from monitor.demo import portal
from monitor.demo.siteserver import SiteServer, redirect
from tests.support.cli import run_cli
from tests.support.config import write_config

TODAY = date(2022, 7, 1)


@pytest.fixture
def demo():
    with SiteServer(portal.build_portal(TODAY)) as server:
        yield server


def test_discover_proposes_the_columns_of_the_demo_site_as_toml(demo, tmp_path):
    out = run_cli("discover", demo.url("/xjxy/"), "--config", str(tmp_path / "none.toml"))
    assert out.returncode == 0, out.stderr
    data = tomllib.loads(out.stdout)  # the whole output is TOML (the summary is comments)
    [site] = data["sites"]
    assert site["name"] == "湘江学院" and site["url"] == demo.url("/xjxy/")
    got = {s["name"]: (s["url"], s.get("type")) for s in site["sections"]}
    assert got == {
        "学校要闻": (demo.url("/xjxy/xwzx/xxyw.htm"), "news"),
        "通知公告": (demo.url("/xjxy/tzgg.htm"), "notice"),
        "学术讲座": (demo.url("/xjxy/xsjz.htm"), None),
    }
    assert "# 湘江学院: 3 columns found" in out.stdout
    assert "pager states: 45" in out.stdout  # 学校要闻's pager total, as a comment


def test_discover_json_carries_the_facts(demo, tmp_path):
    out = run_cli("discover", demo.url("/xjxy/"), "--json", "--config", str(tmp_path / "none.toml"))
    assert out.returncode == 0, out.stderr
    [site] = json.loads(out.stdout)["sites"]
    news = next(c for c in site["columns"] if c["name"] == "学校要闻")
    assert news["stated_total"] == 45 and news["newest"] == "2022-06-30" and news["type_source"].startswith("name")
    assert site["error"] is None and site["pages_fetched"] >= 4


COMMENTED = """# 巡检配置：手写，注释必须保留
[monitor]
database = "monitor.db"  # 数据库

[[sites]]
name = "湘江学院"  # 主站
url = "{base}/xjxy/"

[[sites.sections]]
name = "要闻（手写）"
url = "{base}/xjxy/xwzx/xxyw.htm"
stale_after_days = 9  # 手写的阈值

# 另一个站点
[[sites]]
name = "湘江职业技术学院"
url = "{base}/xjzy/"
"""


def test_write_round_trips_a_commented_config_and_a_second_run_adds_nothing(demo, tmp_path):
    path = write_config(tmp_path, COMMENTED.format(base=demo.base))
    before = path.read_text("utf-8")
    first = run_cli("discover", demo.url("/xjxy/"), "--write", str(path))
    assert first.returncode == 0, first.stderr
    assert (
        "2 columns added" in first.stdout and "skipped 学校要闻: already configured as '要闻（手写）'" in first.stdout
    )
    after = path.read_text("utf-8")
    lines = iter(after.splitlines())
    assert all(any(line == got for got in lines) for line in before.splitlines() if line)  # comments, order kept
    data = tomllib.loads(after)
    names = [s["name"] for s in data["sites"][0]["sections"]]
    assert names == ["要闻（手写）", "通知公告", "学术讲座"]
    assert data["sites"][0]["sections"][0]["stale_after_days"] == 9  # the existing column untouched
    assert "sections" not in data["sites"][1]
    second = run_cli("discover", demo.url("/xjxy/"), "--write", str(path))
    assert second.returncode == 0, second.stderr
    assert "0 columns added" in second.stdout
    assert path.read_text("utf-8") == after  # run twice = no duplicates
    assert [s.name for s in load_config(path).sites[0].sections][-1] == "学术讲座"  # the loader accepts it


def _rebuild(demo, monkeypatch, sections):
    monkeypatch.setattr(portal, "SECTIONS", sections)
    demo.routes.clear()
    demo.routes.update(portal.build_portal(TODAY, sections))


def test_recheck_reports_a_new_and_a_vanished_column_across_two_nights(demo, tmp_path, monkeypatch):
    config = write_config(tmp_path, portal.demo_config(demo.base, "monitor.db"))
    first = run_cli("discover", "--config", str(config), "--site", "湘江学院")
    assert first.returncode == 0, first.stderr
    assert "no change" in first.stdout and "0 notes stored" in first.stdout
    new = portal.SectionSpec("湘江学院", "招生信息", "xjxy/zsxx", 14, 2, 5)
    _rebuild(demo, monkeypatch, [s for s in portal.SECTIONS if s.name != "学术讲座"] + [new])
    second = run_cli("discover", "--config", str(config), "--site", "湘江学院", "--json")
    assert second.returncode == 0, second.stderr
    [site] = json.loads(second.stdout)["sites"]
    assert [c["name"] for c in site["new"]] == ["招生信息"]
    assert site["vanished"] == [{"name": "学术讲座", "url": demo.url("/xjxy/xsjz.htm")}]
    notes = list(sqlite_utils.Database(tmp_path / "monitor.db").query("SELECT site, kind, name FROM site_notes"))
    assert notes == [
        {"site": "湘江学院", "kind": "new_section", "name": "招生信息"},
        {"site": "湘江学院", "kind": "section_vanished", "name": "学术讲座"},
    ]
    third = run_cli("discover", "--config", str(config), "--site", "湘江学院")  # the same again: noted once
    assert "0 notes stored" in third.stdout
    findings = sqlite_utils.Database(tmp_path / "monitor.db")
    assert not findings["findings"].exists() or findings["findings"].count == 0  # information, never an alert


@pytest.mark.parametrize("url", ["ftp://example.edu.cn/", "not a url", "http://"])
def test_a_bad_url_is_one_line_and_exit_2(url, tmp_path):
    out = run_cli("discover", url, "--config", str(tmp_path / "none.toml"))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "not a web address" in out.stderr and "Traceback" not in out.stderr


def test_a_dead_site_and_a_redirect_loop_are_one_line_and_exit_2(tmp_path):
    with SiteServer({"/a": redirect("/b"), "/b": redirect("/a")}) as server:
        loop = run_cli("discover", server.url("/a"), "--config", str(tmp_path / "none.toml"))
        dead_url = server.url("/")
    assert loop.returncode == 2 and loop.stderr.count("\n") == 1, loop.stderr
    assert "redirect" in loop.stderr and server.url("/a") in loop.stderr
    dead = run_cli("discover", dead_url, "--config", str(tmp_path / "none.toml"))  # the server is gone
    assert dead.returncode == 2 and dead.stderr.count("\n") == 1, dead.stderr
    assert dead_url in dead.stderr and "Traceback" not in dead.stderr


@pytest.mark.parametrize("family", ["webplus", "asp"])
def test_recheck_on_a_fixture_portal_of_two_families_sees_the_changed_night(family, tmp_path):
    from tests.support.discover_sites import portal as fixture_portal

    routes, truth = fixture_portal(family)
    with SiteServer(routes) as server:
        sections = [c for c in truth["columns"] if not c["static"]]  # list columns, the empty one too
        lines = [
            '[monitor]\ndatabase = "monitor.db"\n',
            f'[[sites]]\nname = "{truth["school"]}"\nurl = "{server.base}/"\n',
        ]
        lines += [
            f'[[sites.sections]]\nname = "{c["name"]}{i}"\nurl = "{server.base}{c["url"]}"\n'
            for i, c in enumerate(sections)
        ]
        config = write_config(tmp_path, "\n".join(lines))
        first = run_cli("discover", "--config", str(config), "--json")
        assert first.returncode == 0, first.stderr
        [site] = json.loads(first.stdout)["sites"]
        assert site["vanished"] == [] and site["new"] == [], site["new"]
        server.routes.clear()
        server.routes.update(fixture_portal(family, changed=True)[0])
        second = run_cli("discover", "--config", str(config), "--json")
    [site] = json.loads(second.stdout)["sites"]
    added, removed = (fixture_portal(family, changed=True)[1]["changes"][k] for k in ("added", "removed"))
    assert [(c["name"], c["url"]) for c in site["new"]] == [(a["name"], server.base + a["url"]) for a in added]
    assert [v["url"] for v in site["vanished"]] == [server.base + r["url"] for r in removed]
