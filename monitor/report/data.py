"""Gather everything a post-count report shows from the store, as plain data (the JSON form).

The backbone contract ``{"from", "to", "sites": [{"name", "total", "sections": [{"name", "posts",
"latest"}]}]}`` is kept; this adds the previous period, change, exact shares, newest post date as of the
period end, stale/empty markers, twelve months of counts per site and, for annual periods, the
disclosure paragraph. Renderers (HTML, XLSX, CSV, Markdown) only read this dict.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from monitor import clock, columntypes
from monitor.config import Config
from monitor.inspection import assess, verdict
from monitor.report.backdated import backdated_counts, note
from monitor.report.build import build_report
from monitor.report.stats import Period, chart_months, disclosure_paragraph, extremes, previous_period, shares_tenths
from monitor.store.core import Store
from monitor.store.progress import completeness, load_progress

ANNUAL_KINDS = ("year", "academic_year")


def _monthly(store: Store, months: list[str]) -> dict[str, dict[str, int]]:
    """Per site: posts per ``YYYY-MM`` over ``months`` (a site's posts = the sum over its sections)."""
    rows = store.db.execute(
        "SELECT t.name, substr(p.published, 1, 7) AS m, COUNT(DISTINCT p.section_id || ' ' || p.url_key)"
        " FROM posts p JOIN sections s ON p.section_id = s.id JOIN sites t ON s.site_id = t.id"
        " WHERE p.published BETWEEN ? AND ? GROUP BY t.name, m",
        [months[0] + "-01", months[-1] + "-31"],
    ).fetchall()
    out: dict[str, dict[str, int]] = {}
    for site, month, n in rows:
        out.setdefault(site, {})[month] = n
    return out


def joined_names(names: list[str]) -> str:
    """["主页", "信息门户"] → "主页以及信息门户"; three or more: "A、B以及C"."""
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + "以及" + names[-1]


def combined_paragraph(sites: list[dict[str, Any]], period: Period) -> str:
    """One paragraph for all sites together, like "校园网主页以及信息门户共计发布信息953条……":
    sections with the same name on different sites are added up, in order of first appearance."""
    merged: dict[str, int] = {}
    for site in sites:
        for sec in site["sections"]:
            merged[sec["name"]] = merged.get(sec["name"], 0) + sec["posts"]
    return disclosure_paragraph(
        joined_names([s["name"] for s in sites]), period.start, period.end, list(merged.items())
    )


def _site_summary(
    site: str, sections: list[dict[str, Any]], months: list[str], monthly: dict[str, dict[str, int]], period: Period
) -> dict[str, Any]:
    """Per-site fields over its finished sections: totals, change, markers counted, 12 months, paragraph."""
    total = sum(s["posts"] for s in sections)
    previous_total = sum(s["previous"] for s in sections)
    dated = [s["newest"] for s in sections if s["newest"]]
    busiest, quietest = extremes([(s["name"], s["posts"]) for s in sections])
    out = {
        "previous_total": previous_total,
        "change": total - previous_total,
        "newest": max(dated) if dated else None,
        "stale_sections": sum(s["stale"] for s in sections),
        "empty_sections": sum(s["empty"] for s in sections),
        "busiest": busiest if total else [],
        "quietest": quietest if total else [],
        "months": [{"month": m, "posts": monthly.get(site, {}).get(m, 0)} for m in months],
    }
    if period.kind in ANNUAL_KINDS:
        out["paragraph"] = disclosure_paragraph(
            site, period.start, period.end, [(s["name"], s["posts"]) for s in sections]
        )
    return out


def inspection_block(config: Config, site: str, open_now: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The site's 单项否决 counts (``monitor.inspection``) from the open findings: 否决 / 预警 / 正常 overall."""
    conf = next((s for s in config.sites if s.name == site), None)
    if conf is None:
        return None
    counts = assess(conf, open_now)
    return {"state": verdict(counts), "rules": [c.as_dict() for c in counts]}


def build_full_report(
    config: Config, store: Store, period: Period, sites: Iterable[str] | None = None, today: date | None = None
) -> dict[str, Any]:
    """The report for ``period`` as a JSON-ready dict: the backbone's report plus the fields above."""
    tz = config.timezone
    today = today or clock.today(tz)
    sites = list(sites) if sites else None
    base = build_report(config, store, period.start, period.end, sites)
    prev = previous_period(period)
    before = {
        (r["site"], r["section"]): r["posts"]
        for r in store.post_counts(prev.start.isoformat(), prev.end.isoformat(), sites)
    }
    newest = store.newest_posts(period.end.isoformat())
    late = backdated_counts(store.db, period.start.isoformat(), period.end.isoformat())
    stored = {(r["site"], r["section"]): r["posts"] for r in store.section_stats()}
    walks = load_progress(store.db)
    stale_after_of = {(s.name, sec.name): sec.stale_after_days for s in config.sites for sec in s.sections}
    typed = {(s.name, sec.name): columntypes.facts(sec) for s in config.sites for sec in s.sections}
    open_now = store.findings(open_only=True)  # the 单项否决 counts: as of the latest crawl
    months = chart_months(period)
    monthly = _monthly(store, months)
    # Staleness is judged at the period's end, or today while the period is still running.
    reference = min(period.end, today)

    for entry in base["sites"]:
        site = entry["name"]
        sections = entry["sections"]
        for sec in sections:
            name, posts = sec["name"], sec["posts"]
            previous = before.get((site, name)) or 0
            seen = newest.get((site, name)) or {}
            last = seen.get("date")
            stale_after = stale_after_of.get((site, name), config.stale_after_days)
            age = (reference - date.fromisoformat(last)).days if last else None
            facts = typed.get((site, name)) or columntypes.facts(None)
            static = facts["stale_after_days"] is None and facts["type"] == "static"  # never stale
            sec.update(
                {
                    "previous": previous,
                    "change": posts - previous,
                    "newest": last,
                    "newest_title": seen.get("title") if last else None,
                    "newest_url": seen.get("url") if last else None,
                    "days_since_newest": age,
                    "stale_after_days": stale_after,
                    "stale": (age is None or age > stale_after) and not static,
                    "empty": posts == 0,
                    "crawled": (site, name) in stored,
                    "stored_posts": stored.get((site, name), 0),
                    "backdated": late.get((site, name), 0),  # of ``posts`` (issue 13)
                }
            )
            # history complete or not, and the list's stated total beside the stored count
            sec.update(completeness(walks.get((site, name)), sec["stored_posts"]))
            sec.update(facts, stale_after_days=None if static else stale_after)  # type, type_source, …
        for sec, tenths in zip(sections, shares_tenths([s["posts"] for s in sections]), strict=True):
            sec["share"] = tenths / 10
        entry.update(_site_summary(site, sections, months, monthly, period))
        entry["inspection"] = inspection_block(config, site, open_now)
        entry["backdated"] = sum(s["backdated"] for s in sections)
        entry["backdated_note"] = note(entry["backdated"])
        entry["sections"] = entry.pop("sections")  # sections (and an annual paragraph) last, for readable JSON
        if "paragraph" in entry:
            entry["paragraph"] = entry.pop("paragraph")

    if period.kind in ANNUAL_KINDS and len(base["sites"]) > 1:
        base["paragraph"] = combined_paragraph(base["sites"], period)
    base.update(
        {
            "period": {
                "kind": period.kind,
                "label": period.label,
                "current_label": period.current_label,
                "previous_label": period.previous_label,
            },
            "previous": {"from": prev.start.isoformat(), "to": prev.end.isoformat()},
            "generated": clock.local(clock.iso(clock.now(tz)), tz),
            "timezone": tz,
        }
    )
    base["sites"] = base.pop("sites")
    return base
