"""The disclosure checklist report (``report --checklist``): each of the 50 items with its columns and status.

A school's 信息公开年度报告 has a table of every 《高等学校信息公开事项清单》 item and whether it is published;
this gathers that table from the configured columns and the stored posts. Columns map to items by
``[[sites.sections]] checklist = [...]``; a column without it is matched by name (monitor.checklist) and the
report marks it 推断 with the line to write into the config. Renderers: monitor.report.checklist_render.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from monitor import checklist as cl
from monitor import clock
from monitor.config import Config, SectionConfig
from monitor.report.stats import Period
from monitor.store.core import Store

STATUSES = ("missing", "blank", "stale", "ok")
LABELS = {"missing": "缺失", "blank": "空白", "stale": "未更新", "ok": "正常"}
HOW = {"config": "配置", "inferred": "推断"}


def stale_threshold(section: SectionConfig) -> int | None:
    """Days a mapped column may go without a post before its item is 未更新; None: never (a static column).

    The one call for the threshold, so the checklist judges a column as the stale check does: the column
    types of issue 13 (monitor.columntypes, when present) decide it, else the resolved ``stale_after_days``.
    """
    try:
        columntypes = importlib.import_module("monitor.columntypes")
    except ModuleNotFoundError:
        return section.stale_after_days
    shown = getattr(columntypes, "shown_threshold", None)
    return shown(section) if shown else section.stale_after_days


def column_items(section: SectionConfig) -> tuple[list[int], str, dict[int, str]]:
    """(items, "config" | "inferred", item -> the name that matched) for one configured column."""
    if section.checklist:
        return sorted(set(section.checklist)), "config", {}
    found = cl.matches(section.name)
    return sorted(found), "inferred", found


def fresh(column: dict[str, Any], reference: date) -> bool:
    """A column keeps its item up to date: a dated post within its threshold (static: any post at all).
    An undated post does not count (inspectors count an item with no date as not updated)."""
    if not column["stored_posts"]:
        return False
    limit = column["stale_after_days"]
    if limit is None:
        return True
    newest = column["newest"]
    return newest is not None and (reference - date.fromisoformat(newest)).days <= limit


def judge(columns: list[dict[str, Any]], reference: date) -> str:
    """An item's status from its columns: missing (none mapped), blank (no column has any post), ok (some
    column is fresh at ``reference``), else stale."""
    if not columns:
        return "missing"
    if not any(c["stored_posts"] for c in columns):
        return "blank"
    return "ok" if any(fresh(c, reference) for c in columns) else "stale"


def summary_line(counts: dict[str, int]) -> str:
    mapped = cl.ITEM_COUNT - counts["missing"]
    return (
        f"{cl.ITEM_COUNT} 项中已对应 {mapped} 项，缺失 {counts['missing']} 项，空白 {counts['blank']} 项，"
        f"未更新 {counts['stale']} 项"
    )


def _columns(
    config: Config, store: Store, period: Period, reference: date, sites: list[str] | None
) -> list[dict[str, Any]]:
    """Every configured column of the chosen sites with its mapping, posts in the period and newest date on
    or before ``reference`` (a date after it is a typo on the page, 2062 for 2026, and keeps nothing fresh)."""
    counts = {(r["site"], r["section"]): r for r in store.post_counts(period.start.isoformat(), period.end.isoformat())}
    stats = {(r["site"], r["section"]): r for r in store.section_stats(reference.isoformat())}
    out = []
    for site in config.sites:
        if sites and site.name not in sites:
            continue
        for sec in site.sections:
            items, how, matched = column_items(sec)
            if not items:
                continue
            key = (site.name, sec.name)
            row, stat = counts.get(key), stats.get(key)
            out.append(
                {
                    "site": site.name,
                    "section": sec.name,
                    "url": sec.url,
                    "items": items,
                    "how": how,
                    "matched": {str(k): v for k, v in matched.items()},
                    "posts": row["posts"] if row else 0,
                    "newest": stat["latest"] if stat else None,
                    "stored_posts": stat["posts"] if stat else 0,
                    "undated": (stat["undated"] or 0) if stat else 0,
                    "crawled": stat is not None,
                    "stale_after_days": stale_threshold(sec),
                }
            )
    return out


def build_checklist(
    config: Config, store: Store, period: Period, sites: Iterable[str] | None = None, today: date | None = None
) -> dict[str, Any]:
    """The checklist report as a JSON-ready dict: one entry per item 1..50, a summary and the inferred
    mappings to confirm. Staleness is judged at the period's end, or today while the period runs."""
    tz = config.timezone
    today = today or clock.today(tz)
    reference = min(period.end, today)
    chosen = list(sites) if sites else None
    columns = _columns(config, store, period, reference, chosen)
    lst = cl.load()
    items: list[dict[str, Any]] = []
    used: dict[tuple[str, str], list[int]] = {}  # inferred column -> the items it is shown for
    for item in lst.items:
        mine = [c for c in columns if item.no in c["items"]]
        # explicit mapping wins: once any column says `checklist = [n]`, name guesses for n are dropped
        if any(c["how"] == "config" for c in mine):
            mine = [c for c in mine if c["how"] == "config"]
        for c in mine:
            if c["how"] == "inferred":
                used.setdefault((c["site"], c["section"]), []).append(item.no)
        status = judge(mine, reference)
        dated = [c["newest"] for c in mine if c["newest"]]
        items.append(
            {
                "no": item.no,
                "category": item.category,
                "name": item.name,
                "status": status,
                "status_label": LABELS[status],
                "inferred": bool(mine) and all(c["how"] == "inferred" for c in mine),
                "posts": sum(c["posts"] for c in mine),
                "newest": max(dated) if dated else None,
                "columns": [
                    {k: c[k] for k in ("site", "section", "url", "how", "posts", "newest", "stored_posts", "crawled")}
                    | {"stale_after_days": c["stale_after_days"], "matched": c["matched"].get(str(item.no))}
                    for c in mine
                ],
            }
        )
    counts = {s: sum(1 for i in items if i["status"] == s) for s in STATUSES}
    confirm = [  # in config order, each inferred column once with every item it stands for
        {"site": c["site"], "section": c["section"], "items": nos, "line": cl.toml_line(nos)}
        for c in columns
        if (nos := used.get((c["site"], c["section"])))
    ]
    return {
        "kind": "checklist",
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "period": {"kind": period.kind, "label": period.label, "current_label": period.current_label},
        "judged_on": reference.isoformat(),
        "generated": clock.local(clock.iso(clock.now(tz)), tz),
        "timezone": tz,
        "source": lst.source,
        "caveat": lst.caveat,
        "summary": {"items": cl.ITEM_COUNT, "mapped": cl.ITEM_COUNT - counts["missing"], **counts},
        "summary_line": summary_line(counts),
        "items": items,
        "confirm": confirm,
    }
