"""Column types (栏目类型) of the inspection rules, inferred from a column's name, and their thresholds (issue 13).

Why: inspectors judge a column by its type — 动态/要闻 must move every 2 weeks, 通知公告/政策文件 every
6 months, 人事/规划计划 every year, 学校概况 never — not by one number per site. Pure: names in, facts out,
so ``discover`` proposes the same type the checks later use.

Months are counted as days (one integer per column, like ``stale_after_days``): 6 months = 183 days
(365 / 2 rounded up), 1 year = 365 days; README "Column types" says why.
"""

from __future__ import annotations

from dataclasses import dataclass

SECTION_TYPES = ("news", "notice", "policy", "personnel", "plan", "disclosure", "static")

# Days a column of each type may go without a new post before it counts as not updated (None: never).
THRESHOLDS: dict[str, int | None] = {
    "news": 14,  # 动态/要闻: 2 weeks
    "notice": 183,  # 通知公告: 6 months
    "policy": 183,  # 政策文件: 6 months
    "personnel": 365,  # 人事: 1 year
    "plan": 365,  # 规划计划: 1 year
    "disclosure": 365,  # 信息公开 items: most are yearly (年度报告, 招生/财务 figures)
    "static": None,  # 学校概况/历史沿革: a fixed page, never stale
}

LABELS: dict[str, str] = {
    "news": "动态/要闻",
    "notice": "通知公告",
    "policy": "政策文件",
    "personnel": "人事",
    "plan": "规划计划",
    "disclosure": "信息公开",
    "static": "静态栏目",
}

# (type, words) in the order they are tried: the first type with a word in the name wins. Static and the
# narrow types come before 通知/新闻 so 人才招聘公告 is personnel and 信息公开动态 is disclosure.
RULES: list[tuple[str, tuple[str, ...]]] = [
    (
        "static",
        (
            "学校概况",
            "学院概况",
            "学校简介",
            "学院简介",
            "历史沿革",
            "现任领导",
            "领导班子",
            "机构设置",
            "组织机构",
            "校训校歌",
            "联系我们",
        ),
    ),
    ("disclosure", ("信息公开", "公开目录", "依申请公开", "公开指南", "年度报告")),
    ("personnel", ("人事", "招聘", "人才引进")),
    ("plan", ("规划", "计划")),
    ("policy", ("政策", "规章制度", "制度文件", "规范性文件", "法规")),
    ("notice", ("通知", "公告", "公示")),
    ("news", ("要闻", "新闻", "动态", "快讯", "资讯", "头条")),
]


def infer_type(name: str) -> str | None:
    """'学校要闻' → 'news'; None when no rule matches (the column keeps the site's threshold)."""
    hit = match(name)
    return hit[0] if hit else None


def match(name: str) -> tuple[str, str] | None:
    """(type, the word that decided it) for a column name, or None."""
    for kind, words in RULES:
        for word in words:
            if word in name:
                return kind, word
    return None


@dataclass(frozen=True)
class Resolved:
    """A column's effective type and threshold, and where each came from (shown by crawl/report/inspect)."""

    type: str | None
    type_source: str  # "config" | "inferred from name 学校要闻" | "default"
    stale_after_days: int | None  # None: never stale (static)
    stale_source: str  # "config" | "type news" | "site" | "default"


def resolve(
    name: str, configured_type: str | None, explicit_days: int | None, fallback_days: int, fallback_source: str
) -> Resolved:
    """The one place the precedence lives: the column's own ``stale_after_days`` > its type's threshold >
    the site's / ``[monitor]`` ``stale_after_days`` (``fallback_days``, from ``fallback_source``)."""
    if configured_type:
        kind: str | None = configured_type
        type_source = "config"
    else:
        kind = infer_type(name)
        type_source = f"inferred from name {name}" if kind else "default"
    if explicit_days is not None:
        return Resolved(kind, type_source, explicit_days, "config")
    if kind is not None:
        return Resolved(kind, type_source, THRESHOLDS[kind], f"type {kind}")
    return Resolved(kind, type_source, fallback_days, fallback_source)


def never_stale(section: object) -> bool:
    """A static column (学校概况) is never stale unless its own ``stale_after_days`` says otherwise."""
    return getattr(section, "stale_source", "") == "type static"


def shown_threshold(section: object) -> int | None:
    """The threshold to show for a configured column: None (never stale) for a static one."""
    return None if never_stale(section) else getattr(section, "stale_after_days", None)


def facts(section: object) -> dict[str, object]:
    """The column's type and threshold and where each came from, as ``crawl --json``, ``report`` and
    ``inspect`` show them (``stale_after_days`` None: never stale)."""
    return {
        "type": getattr(section, "type", None),
        "type_source": getattr(section, "type_source", "default"),
        "stale_after_days": shown_threshold(section),
        "stale_source": getattr(section, "stale_source", "default"),
    }


def note(f: dict[str, object]) -> str:
    """``type news (inferred from name 学校要闻), stale after 14 days (type news)`` for text output."""
    kind = f"type {f['type']} ({f['type_source']})" if f["type"] else "type unknown"
    days = f["stale_after_days"]
    if days is not None:
        limit = f"stale after {days} days ({f['stale_source']})"
    else:
        limit = "never stale" if f["type"] == "static" else "stale after: the site's stale_after_days"
    return f"{kind}, {limit}"
