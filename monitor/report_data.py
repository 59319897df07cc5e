"""Gather everything a post-count report shows from the store, as plain data (the JSON form).

The backbone contract ``{"from", "to", "sites": [{"name", "total", "sections": [{"name", "posts",
"latest"}]}]}`` is kept; this adds the previous period, change, exact shares, newest post date as of the
period end, stale/empty markers, twelve months of counts per site and, for annual periods, the
disclosure paragraph. Renderers (HTML, XLSX, CSV, Markdown) only read this dict.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from monitor import clock
from monitor.config import Config
from monitor.report_stats import (Period, chart_months, disclosure_paragraph, extremes, previous_period,
                                  shares_tenths)
from monitor.store import Store

ANNUAL_KINDS = ("year", "academic_year")


def _newest_until(store: Store, end: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Per (site, section): the newest post published on or before ``end`` (what the period could see).

    SQLite takes the bare title/url columns from the row that holds MAX(published).
    """
    rows = store.db.execute(
        "SELECT t.name, s.name, MAX(p.published), p.title, p.url FROM sections s"
        " JOIN sites t ON s.site_id = t.id"
        " LEFT JOIN posts p ON p.section_id = s.id AND p.published <= ? GROUP BY s.id", [end]).fetchall()
    return {(site, section): {"date": newest, "title": title, "url": url}
            for site, section, newest, title, url in rows}


def _monthly(store: Store, months: list[str]) -> dict[str, dict[str, int]]:
    """Per site: posts per ``YYYY-MM`` over ``months`` (a site's posts = the sum over its sections)."""
    rows = store.db.execute(
        "SELECT t.name, substr(p.published, 1, 7) AS m, COUNT(DISTINCT p.section_id || ' ' || p.url)"
        " FROM posts p JOIN sections s ON p.section_id = s.id JOIN sites t ON s.site_id = t.id"
        " WHERE p.published BETWEEN ? AND ? GROUP BY t.name, m",
        [months[0] + "-01", months[-1] + "-31"]).fetchall()
    out: dict[str, dict[str, int]] = {}
    for site, month, n in rows:
        out.setdefault(site, {})[month] = n
    return out


def _ordered_sections(config: Config | None, rows: list[dict[str, Any]],
                      sites: Iterable[str] | None) -> list[tuple[str, list[str]]]:
    """Sites and their sections in config order, then anything only the database knows."""
    wanted = set(sites) if sites is not None else None
    order: list[tuple[str, list[str]]] = []
    index: dict[str, list[str]] = {}
    if config is not None:
        for site in config.sites:
            if wanted is None or site.name in wanted:
                index[site.name] = [sec.name for sec in site.sections]
                order.append((site.name, index[site.name]))
    for row in rows:
        if wanted is not None and row["site"] not in wanted:
            continue
        if row["site"] not in index:
            index[row["site"]] = []
            order.append((row["site"], index[row["site"]]))
        if row["section"] not in index[row["site"]]:
            index[row["site"]].append(row["section"])
    return order


def _stale_days(config: Config | None, store_rows: dict[tuple[str, str], int | None],
                site: str, section: str) -> int:
    if config is not None:
        for s in config.sites:
            if s.name == site:
                for sec in s.sections:
                    if sec.name == section:
                        return sec.stale_after_days
    return store_rows.get((site, section)) or (config.stale_after_days if config else 30)


def build_report(store: Store, period: Period, config: Config | None = None,
                 sites: Iterable[str] | None = None, today: date | None = None) -> dict[str, Any]:
    """The report for ``period`` as a JSON-ready dict (see module docstring)."""
    tz = config.timezone if config else clock.DEFAULT_TZ
    today = today or clock.today(tz)
    sites = list(sites) if sites is not None else None
    start, end = period.start.isoformat(), period.end.isoformat()
    prev = previous_period(period)
    current = {(r["site"], r["section"]): r for r in store.post_counts(start, end, sites)}
    before = {(r["site"], r["section"]): r["posts"]
              for r in store.post_counts(prev.start.isoformat(), prev.end.isoformat(), sites)}
    newest = _newest_until(store, end)
    stored_stale = {(r["site"], r["section"]): r["stale_after_days"] for r in store.section_stats()}
    months = chart_months(period)
    monthly = _monthly(store, months)
    # Staleness is judged at the period's end, or today while the period is still running.
    reference = min(period.end, today)

    out_sites = []
    for site, section_names in _ordered_sections(config, list(current.values()), sites):
        sections = []
        for name in section_names:
            row = current.get((site, name), {})
            posts = row.get("posts") or 0
            previous = before.get((site, name)) or 0
            seen = newest.get((site, name)) or {}
            last = seen.get("date")
            stale_after = _stale_days(config, stored_stale, site, name)
            age = (reference - date.fromisoformat(last)).days if last else None
            sections.append({
                "name": name, "posts": posts, "latest": row.get("latest"),
                "previous": previous, "change": posts - previous,
                "newest": last, "newest_title": seen.get("title") if last else None,
                "newest_url": seen.get("url") if last else None, "days_since_newest": age, "stale_after_days": stale_after,
                "stale": age is None or age > stale_after, "empty": posts == 0,
                "crawled": (site, name) in current, "undated": row.get("undated") or 0,
            })
        for sec, tenths in zip(sections, shares_tenths([s["posts"] for s in sections])):
            sec["share"] = tenths / 10
        total = sum(s["posts"] for s in sections)
        previous_total = sum(s["previous"] for s in sections)
        dated = [s["newest"] for s in sections if s["newest"]]
        busiest, quietest = extremes([(s["name"], s["posts"]) for s in sections])
        entry: dict[str, Any] = {
            "name": site, "total": total, "previous_total": previous_total,
            "change": total - previous_total, "newest": max(dated) if dated else None,
            "stale_sections": sum(s["stale"] for s in sections),
            "empty_sections": sum(s["empty"] for s in sections),
            "busiest": busiest if total else [], "quietest": quietest if total else [],
            "months": [{"month": m, "posts": monthly.get(site, {}).get(m, 0)} for m in months],
            "sections": sections,
        }
        if period.kind in ANNUAL_KINDS:
            entry["paragraph"] = disclosure_paragraph(site, period.start, period.end,
                                                      [(s["name"], s["posts"]) for s in sections])
        out_sites.append(entry)

    return {
        "from": start, "to": end,
        "period": {"kind": period.kind, "label": period.label,
                   "current_label": period.current_label, "previous_label": period.previous_label},
        "previous": {"from": prev.start.isoformat(), "to": prev.end.isoformat()},
        "generated": clock.local(clock.iso(clock.now(tz)), tz),
        "timezone": tz,
        "sites": out_sites,
    }
