"""The crawl's side of the bounds (issue 10): Scrapy settings from the config, and after the crawl the
run status, the sites cut short and the ``limits`` part of the run summary.

A run is ``partial`` when the deadline (``max_crawl_minutes``) stopped it or a site ran out of its
``max_requests_per_site``: what was fetched is stored, and the checks run only for the sites that were
not cut short, so no finding opens or resolves on evidence the crawl never gathered.
"""

from __future__ import annotations

import json
from typing import Any

from crawler.linkcheck import linkcap
from crawler.reasons import Reason
from monitor.store import schema

PARTIAL = "partial"


def bounds_settings(config: Any) -> dict[str, Any]:
    """What ``crawler.bounds`` and ``crawler.linkcheck.linkcap`` read from the Scrapy settings."""
    return {
        "CAMPUS_MONITOR_MAX_LINKS_PER_PAGE": config.max_links_per_page,
        "CAMPUS_MONITOR_MAX_REQUESTS_PER_SITE": config.max_requests_per_site,
        "CAMPUS_MONITOR_MAX_CRAWL_SECONDS": float(config.max_crawl_minutes) * 60,
    }


def crawl_limits(crawler: Any, store: Any, run_id: int, sites: list[Any]) -> dict[str, Any]:
    """What the bounds did in this crawl; ``sites_cut_short`` maps a site to ``budget`` or ``deadline``."""
    state = getattr(crawler, "campus_bounds", None)
    out: dict[str, Any] = (
        state.summary()
        if state is not None
        else {"deadline_reached": False, "requests_per_site": {}, "sites_cut_short": {}}
    )
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    out["deadline_reached"] = out["deadline_reached"] or reason == Reason.DEADLINE
    cut: dict[str, str] = {
        name: why for name, why in out["sites_cut_short"].items() if any(s.name == name for s in sites)
    }
    if out["deadline_reached"]:  # what the crawl never finished counts as cut short too
        done = {(r["site"], r["section"]) for r in store.run_sections(run_id)}
        homes = {f["site"] for f in store.fetches(run_id, "home")}
        for site in sites:
            if site.name not in homes or any((site.name, s.name) not in done for s in site.sections):
                cut.setdefault(site.name, "deadline")
    out["sites_cut_short"] = {s.name: cut[s.name] for s in sites if s.name in cut}  # config order
    out.update(linkcap.CAPS.summary())
    return out


def run_status(finish_reason: str | None, limits: dict[str, Any]) -> str:
    if finish_reason == Reason.DEADLINE or (finish_reason == "finished" and limits["sites_cut_short"]):
        return PARTIAL
    return "finished" if finish_reason == "finished" else "interrupted"


def cut_short_lines(limits: dict[str, Any], config: Any) -> list[str]:
    """One stderr line per cause naming the sites it cut short."""
    lines = []
    by_deadline = [s for s, why in limits["sites_cut_short"].items() if why == "deadline"]
    by_budget = [s for s, why in limits["sites_cut_short"].items() if why == "budget"]
    if limits["deadline_reached"]:
        names = ", ".join(by_deadline) or "none"
        lines.append(
            f"campus-monitor: crawl stopped at the deadline ([monitor] max_crawl_minutes = "
            f"{config.max_crawl_minutes:g}); sites cut short: {names}; they are not checked this run"
        )
    if by_budget:
        lines.append(
            f"campus-monitor: [monitor] max_requests_per_site = {config.max_requests_per_site} reached; "
            f"sites cut short: {', '.join(by_budget)}; they are not checked this run"
        )
    return lines


def save_limits(store: Any, run_id: int, limits: dict[str, Any]) -> None:
    """Keep what the bounds did with the run (``checks.limits`` reads the capped pages back)."""
    schema.limits_table(store.db)
    store.db["run_limits"].upsert({"run_id": run_id, "limits": json.dumps(limits, ensure_ascii=False)}, pk="run_id")


def run_limits(store: Any, run_id: int) -> dict[str, Any]:
    if "run_limits" not in store.db.table_names():
        return {}
    row = store.db.execute("SELECT limits FROM run_limits WHERE run_id = ?", [run_id]).fetchone()
    return json.loads(row[0]) if row else {}
