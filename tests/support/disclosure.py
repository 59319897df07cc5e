"""A 信息公开网 fixture: a dozen disclosure columns of 湘江学院 (demo portal's 博达 VSB pages), the config
that maps some of them with ``checklist = [...]`` and leaves others to inference, and the statuses the
checklist report must give. Used by the three-nights test of ``report --checklist``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from monitor.demo.portal import SITES, SectionSpec, build_portal
from monitor.demo.siteserver import Page
from tests.support.config import write_config

SITE = "湘江学院"
NIGHT1 = date(2026, 11, 10)  # the fixture's dates are relative to this day on every night
HOSTILE_SCRIPT = '"><script>alert(1)</script>巡视整改'
HOSTILE_FORMULA = '=HYPERLINK("http://evil.example/")应急预案'


def _spec(name: str, slug: str, posts: int, newest_days_ago: int, every_days: int) -> SectionSpec:
    return SectionSpec(SITE, name, f"xjxy/xxgk/{slug}", posts, newest_days_ago, every_days)


# (spec, config extras). stale_after_days is explicit on every column so the thresholds do not depend on
# column-type defaults; 收费公示 and 研究生招生 are older than theirs.
COLUMNS: list[tuple[SectionSpec, dict]] = [
    (_spec("学校概况", "xxgk", 3, 10, 30), {"stale_after_days": 365}),  # → 1, inferred
    (_spec("规章制度", "gzzd", 20, 5, 15), {"checklist": [2], "stale_after_days": 365}),
    (_spec("招生信息", "zsxx", 12, 3, 20), {"checklist": [7, 9], "stale_after_days": 180}),
    (_spec("研究生招生", "yjszs", 8, 200, 30), {"stale_after_days": 90}),  # → 11, inferred, stale
    (_spec("拟录取名单", "nlq", 0, 0, 1), {"stale_after_days": 365}),  # → 13, inferred, blank
    (_spec("财务信息", "cwxx", 6, 30, 60), {"checklist": [15, 19, 20], "stale_after_days": 365}),
    (_spec("招标采购", "zbcg", 30, 1, 2), {"stale_after_days": 30}),  # infers 18, but 公告栏 says 18
    (_spec("公告栏", "ggl", 25, 2, 3), {"checklist": [18], "stale_after_days": 30}),
    (_spec("收费公示", "sfgs", 4, 400, 90), {"stale_after_days": 365}),  # → 21, inferred, stale
    (_spec("人才招聘", "rczp", 15, 6, 10), {"stale_after_days": 180}),  # → 25, inferred
    (_spec("学生资助", "xszz", 0, 0, 1), {"stale_after_days": 365}),  # → 37, blank; night 2 gets posts
    (_spec("学风建设", "xfjs", 5, 20, 40), {"checklist": [41, 42], "stale_after_days": 365}),  # not 40
    (_spec("新闻动态", "xwdt", 40, 0, 1), {"stale_after_days": 14}),  # no checklist item
    (_spec(HOSTILE_SCRIPT, "xszg", 2, 50, 30), {"stale_after_days": 365}),  # → 49, inferred
    (_spec(HOSTILE_FORMULA, "yjya", 2, 50, 30), {"stale_after_days": 365}),  # → 50, inferred
]
NIGHT2_POSTS = {"学生资助": _spec("学生资助", "xszz", 3, 0, 5)}  # night 2: the blank column starts posting

# item -> status after night 1 (every other item is 缺失)
NIGHT1_STATUS = {
    1: "ok",
    2: "ok",
    7: "ok",
    9: "ok",
    11: "stale",
    13: "blank",
    15: "ok",
    18: "ok",
    19: "ok",
    20: "ok",
    21: "stale",
    25: "ok",
    37: "blank",
    41: "ok",
    42: "ok",
    49: "ok",
    50: "ok",
}
NIGHT2_STATUS = {**NIGHT1_STATUS, 37: "ok"}
INFERRED = {1, 11, 13, 21, 25, 37, 49, 50}


def routes(night: int) -> dict[str, Page]:
    """The site's routes on ``night`` (1, 2 or 3); nights 2 and 3 serve the same pages."""
    specs = [NIGHT2_POSTS.get(spec.name, spec) if night >= 2 else spec for spec, _ in COLUMNS]
    return build_portal(NIGHT1, specs)


def write(tmp_path: Path, base: str) -> Path:
    """The sites.toml for the fixture served at ``base`` (database next to it)."""
    sections = [{"name": spec.name, "url": f"{base}/{spec.path}.htm", **extra} for spec, extra in COLUMNS]
    return write_config(
        tmp_path / "sites.toml",
        monitor={
            "database": str(tmp_path / "monitor.db"),
            "timezone": "Asia/Shanghai",
            "timeout_seconds": 10,
            "stale_after_days": 30,
            "check_external": False,
        },
        sites=[{"name": SITE, "url": f"{base}{SITES[SITE]}", "sections": sections}],
    )
