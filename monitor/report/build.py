"""Post counts per site and section over a date range (the numbers disclosure reports quote)."""

from __future__ import annotations

from datetime import date
from typing import Any

from monitor.config import Config
from monitor.store.core import Store


def build_report(
    config: Config, store: Store, start: date, end: date, sites: list[str] | None = None
) -> dict[str, Any]:
    """The report as data: {"from", "to", "sites": [{"name", "total", "sections": [...]}]}.

    Sites and sections come from the config, in its order; a site's total is the sum of its sections.
    """
    counts = {(r["site"], r["section"]): r for r in store.post_counts(start.isoformat(), end.isoformat())}
    out = []
    for site in config.sites:
        if sites and site.name not in sites:
            continue
        sections: list[dict[str, Any]] = []
        for sec in site.sections:
            r = counts.get((site.name, sec.name))
            sections.append(
                {
                    "name": sec.name,
                    "posts": r["posts"] if r else 0,
                    "latest": r["latest"] if r else None,
                    "undated": (r["undated"] or 0) if r else 0,
                }
            )
        out.append({"name": site.name, "total": sum(s["posts"] for s in sections), "sections": sections})
    return {"from": start.isoformat(), "to": end.isoformat(), "sites": out}
