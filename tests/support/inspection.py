"""A site of many typed columns and one crawl night as the pipelines store it, for the 单项否决 tests (issue 13)."""

from __future__ import annotations

from pathlib import Path

from monitor.checks import run_checks
from monitor.config import Config, parse_config
from monitor.store.core import Store

HOME = "http://www.xjxy.edu.cn/"
SITE = "湘江学院"
NOW = "2026-03-01T12:00:00+08:00"
FRESH, OLD, ANCIENT = "2026-02-25", "2026-01-01", "2024-12-01"  # 4, 59 and 455 days before NOW
FRONT = ["学校要闻", "新闻动态", "工作动态", "学院新闻", "学术动态", "通知公告", "公示公告", "政策文件"]
OTHER = ["人事信息", "人才招聘", "发展规划", "工作计划", "信息公开", "学术讲座", "校友风采"]
COLUMNS = [*FRONT, *OTHER, "学校概况", "历史沿革"]


def make_config(tmp_path: Path, **tables: dict) -> Config:
    """湘江学院 with ``COLUMNS`` (types inferred from their names); ``tables``: [monitor], [email], …"""
    sections = [{"name": n, "url": f"{HOME}c{i}/"} for i, n in enumerate(COLUMNS)]
    data = {"sites": [{"name": SITE, "url": HOME, "sections": sections}], **tables}
    return parse_config(data, tmp_path / "s.toml")


def night(config: Config, store: Store, posts: dict[str, list[str | None]], reachable: bool = True) -> dict:
    """One crawl as the pipelines store it: the home page, then each column's list and posts."""
    run = store.start_run([SITE])
    store.record_fetch(run, SITE, None, "home", HOME, 200 if reachable else None, "" if reachable else "timeout")
    site = config.sites[0]
    for sec in site.sections if reachable else []:
        dates = posts.get(sec.name, [FRESH])
        store.record_fetch(run, SITE, sec.name, "list", sec.url, 200)
        sid = store.ensure_section(SITE, HOME, sec.name, sec.url, sec.stale_after_days)
        for i, day in enumerate(dates):
            store.save_post(sid, f"{sec.url}{day}-{i}.htm", f"文章{i}", day, run)
        store.save_run_section(
            {
                "run_id": run,
                "site": SITE,
                "section": sec.name,
                "pages": 1,
                "items": len(dates),
                "new_posts": 0,
                "errors": 0,
                "list_ok": 1,
                "error": "",
            }
        )
    store.finish_run(run, "finished", 1, 0, 0)
    return run_checks(config, store, run, config.sites)
