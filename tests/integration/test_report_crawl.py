"""End to end: crawl the demo portal (real HTTP on 127.0.0.1, crawl as a subprocess), then report on it.

The demo portal's generator knows every post's date, so the report's counts and the annual paragraph's
shares are checked against that truth, not against the store.
"""
from __future__ import annotations
import json
from datetime import date
from tests.support.cli import TODAY, run_cli
from monitor.demo.portal import SECTIONS, SITES, post_dates
from monitor.report.html import status_tags
from monitor.report.stats import disclosure_paragraph


def _count(spec, start: date, end: date) -> int:
    return sum(start <= d <= end for d in post_dates(spec, TODAY))


def _run(*args: str):
    return run_cli(*args, now=TODAY.isoformat())


def test_report_after_real_crawl(portal_config):
    cfg = portal_config
    crawl = _run("crawl", "--config", str(cfg), "--quiet")
    assert crawl.returncode == 0, crawl.stderr[-2000:]

    month = _run("report", "--config", str(cfg), "--month", "2022-06", "--format", "json")
    assert month.returncode == 0, month.stderr
    report = json.loads(month.stdout)
    assert [s["name"] for s in report["sites"]] == list(SITES)
    for site in report["sites"]:
        specs = [s for s in SECTIONS if s.site == site["name"]]
        assert [s["name"] for s in site["sections"]] == [s.name for s in specs]
        for sec, spec in zip(site["sections"], specs):
            assert sec["posts"] == _count(spec, date(2022, 6, 1), date(2022, 6, 30)), spec.name
            assert sec["previous"] == _count(spec, date(2022, 5, 1), date(2022, 5, 31)), spec.name
        assert site["total"] == sum(s["posts"] for s in site["sections"])

    by_name = {s["name"]: s for s in report["sites"]}
    lectures = next(s for s in by_name["湘江学院"]["sections"] if s["name"] == "学术讲座")
    assert lectures["newest"] == "2022-04-17" and lectures["stale"] and lectures["empty"]  # 75 days old
    jobs = next(s for s in by_name["湘江职业技术学院"]["sections"] if s["name"] == "招生就业")
    assert jobs["newest"] is None and jobs["posts"] == 0 and jobs["stored_posts"] == 0
    assert status_tags(jobs) == [("never", "从未发布"), ("empty", "本期无发布")]
    assert status_tags(lectures) == [("stale", "超过30天未更新"), ("empty", "本期无发布")]

    annual = _run("report", "--config", str(cfg), "--academic-year", "2021", "--format", "json")
    assert annual.returncode == 0, annual.stderr
    for site in json.loads(annual.stdout)["sites"]:
        truth = [(s.name, _count(s, date(2021, 9, 1), date(2022, 8, 31))) for s in SECTIONS
                 if s.site == site["name"]]
        assert site["paragraph"] == disclosure_paragraph(site["name"], date(2021, 9, 1), date(2022, 8, 31), truth)
    first = json.loads(annual.stdout)["sites"][0]["paragraph"]
    # 45/87 = 51.72 %, 30/87 = 34.48 %, 12/87 = 13.79 %
    assert first == ("2021年9月1日至2022年8月31日，湘江学院共计发布信息87条，其中学校要闻45条，占51.7%；"
                     "通知公告30条，占34.5%；学术讲座12条，占13.8%。发布最多的栏目是学校要闻（45条），"
                     "最少的是学术讲座（12条）。")
