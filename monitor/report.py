"""Post counts per site and section over a date range (the numbers disclosure reports quote)."""
from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from monitor.config import Config
from monitor.store import Store


def month_range(month: str) -> tuple[date, date]:
    """'2022-06' -> (2022-06-01, 2022-06-30); ValueError on anything else."""
    year, mon = (int(x) for x in month.split("-"))
    return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])


def build_report(config: Config, store: Store, start: date, end: date,
                 sites: list[str] | None = None) -> dict[str, Any]:
    """The report as data: {"from", "to", "sites": [{"name", "total", "sections": [...]}]}.

    Sites and sections come from the config, in its order; a site's total is the sum of its sections.
    """
    counts = {(r["site"], r["section"]): r for r in store.post_counts(start.isoformat(), end.isoformat())}
    out = []
    for site in config.sites:
        if sites and site.name not in sites:
            continue
        sections = []
        for sec in site.sections:
            r = counts.get((site.name, sec.name))
            sections.append({"name": sec.name, "posts": r["posts"] if r else 0,
                             "latest": r["latest"] if r else None,
                             "undated": (r["undated"] or 0) if r else 0})
        out.append({"name": site.name, "total": sum(s["posts"] for s in sections), "sections": sections})
    return {"from": start.isoformat(), "to": end.isoformat(), "sites": out}


def _width(text: str) -> int:
    """Display width: CJK characters take two terminal columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))
