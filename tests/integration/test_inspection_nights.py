"""Column types and 单项否决 over real crawls (issue 13): a VSB-style site with many columns on a loopback
server, crawled by the CLI on three nights with the clock pinned — night 1 five news columns are stale (veto),
night 2 one of them is updated (the veto resolves, a 预警 remains), night 3 nothing changed (nothing new)."""

from __future__ import annotations

import json

from monitor.demo.portal import SectionSpec, build_portal
from monitor.demo.siteserver import SiteServer
from tests.support.cli import TODAY, run_cli
from tests.support.config import write_config

SITE = "湘江学院"
NEWS = ["学校要闻", "新闻动态", "工作动态", "学院新闻", "学术动态"]


def columns(updated: str | None = None) -> list[SectionSpec]:
    """Five news columns last posted 30 days ago (``updated``: posted today), and columns of other types."""
    specs = [SectionSpec(SITE, n, f"xjxy/n{i}", 3, 0 if n == updated else 30, 7) for i, n in enumerate(NEWS)]
    return [
        *specs,
        SectionSpec(SITE, "通知公告", "xjxy/tzgg", 3, 60, 7),  # 60 days: fresh for a notice column (6 months)
        SectionSpec(SITE, "媒体聚焦", "xjxy/mtjj", 3, 2, 7),  # type = "news" in the config
        SectionSpec(SITE, "学校概况", "xjxy/xxgk", 0, 0, 1),  # static: no list, never stale or empty
        SectionSpec(SITE, "人才招聘", "xjxy/rczp", 0, 0, 1),  # empty
        SectionSpec(SITE, "学术讲座", "xjxy/xsjz", 3, 20, 7),  # unknown type: its own 40 days
    ]


def config(tmp_path, base: str):
    explicit = {"媒体聚焦": {"type": "news"}, "学术讲座": {"stale_after_days": 40}}
    sections = [{"name": s.name, "url": f"{base}/{s.path}.htm", **explicit.get(s.name, {})} for s in columns()]
    return write_config(
        tmp_path / "sites.toml",
        monitor={"database": "m.db", "check_links": False, "stale_after_days": 30},
        sites=[{"name": SITE, "url": f"{base}/xjxy/", "sections": sections}],
    )


def crawl(path) -> dict:
    result = run_cli("crawl", "--config", str(path), "--json", "--quiet")
    assert result.returncode == 0, result.stderr + result.stdout
    return json.loads(result.stdout)


def open_findings(path) -> list[dict]:
    result = run_cli("findings", "--config", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_three_nights_of_a_many_column_site(tmp_path):
    with SiteServer(build_portal(TODAY, columns())) as server:
        path = config(tmp_path, server.base)
        first = crawl(path)
        site = first["sites"][0]
        shown = {
            s["name"]: (s["type"], s["type_source"], s["stale_after_days"], s["stale_source"]) for s in site["sections"]
        }
        assert shown["学校要闻"] == ("news", "inferred from name 学校要闻", 14, "type news")
        assert shown["通知公告"] == ("notice", "inferred from name 通知公告", 183, "type notice")
        assert shown["媒体聚焦"] == ("news", "config", 14, "type news")
        assert shown["学校概况"] == ("static", "inferred from name 学校概况", None, "type static")
        assert shown["学术讲座"] == (None, "default", 40, "config")
        rules = {r["rule"]: (r["count"], r["state"]) for r in site["inspection"]}
        assert rules == {"front_stale": (5, "否决"), "stale": (5, "正常"), "empty": (1, "正常"), "home": (0, "正常")}
        found = open_findings(path)
        vetoes = [f for f in found if f["kind"] == "inspection_veto"]
        assert [(f["url"], f["severity"]) for f in vetoes] == [(f"{server.base}/xjxy/#否决-front_stale", "urgent")]
        assert vetoes[0]["detail"] == "单项否决：湘江学院 5 个动态/通知类栏目未更新（5 个即否决）：" + "、".join(
            f"「{n}」" for n in NEWS
        )
        stale = {f["section"]: f["severity"] for f in found if f["kind"] == "stale_section"}
        assert stale == dict.fromkeys(NEWS, "high")  # 通知公告 (60 days), 学术讲座 (20 of 40) are fresh
        assert {f["section"] for f in found if f["kind"] == "empty_section"} == {"人才招聘"}  # not 学校概况

        server.routes = build_portal(TODAY, columns(updated="工作动态"))  # night 2: one news column moves
        second = crawl(path)
        assert second["findings_resolved"] == 2  # 工作动态's stale_section and the veto
        rules = {r["rule"]: (r["count"], r["state"]) for r in second["sites"][0]["inspection"]}
        assert rules["front_stale"] == (4, "预警")
        assert not [f for f in open_findings(path) if f["kind"] == "inspection_veto"]

        third = run_cli("crawl", "--config", str(path), "--quiet")  # night 3, unchanged: the text summary
        assert third.returncode == 0, third.stderr
        assert "findings: 0 new, 0 resolved" in third.stdout
        assert (
            "学校要闻: 0 new, 3 listed on 1 pages; type news (inferred from name 学校要闻), stale after 14 days"
            in third.stdout
        )
        assert "预警: 4/5 动态/通知类栏目未更新: 学校要闻、新闻动态、学院新闻、学术动态" in third.stdout

        report = run_cli("report", "--config", str(path), "--month", "2022-06", "--format", "json")
        assert report.returncode == 0, report.stderr
        block = json.loads(report.stdout)["sites"][0]["inspection"]
        assert block["state"] == "预警" and block["rules"][0]["columns"] == [n for n in NEWS if n != "工作动态"]
