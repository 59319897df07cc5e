"""What ``stale_home`` judged a site's home page by, for ``campus-monitor inspect`` (issue 13).

Why: the finding says only "首页已 23 天未更新"; a reader tuning a site needs the item it was drawn from
(title, date, URL), how many dated items the crawl read and when, and the verdict the check made — the
same ``monitor.checks.home.stale_home`` on the same stored row (``home_dates``), on the day of the run
that read it, so inspect and the finding never disagree. Read-only: a missing database is not created.

Titles and URLs come from crawled pages: every value printed passes through ``shown`` (one line, no
control, ANSI-escape or bidi-override characters — the extractors' ``CONTROL``), in JSON too.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from crawler.extract.html import CONTROL
from monitor.checks.home import HOME_STALE_DAYS, stale_home
from monitor.config import Config, SiteConfig
from monitor.delivery.mailer import one_line
from monitor.store.core import Store
from monitor.store.homedates import home_row, newest
from monitor.store.schema import home_table


def shown(text: object, limit: int = 500) -> str:
    """A page-derived value safe for a terminal: one line, no control/escape/bidi characters."""
    return one_line(CONTROL.sub("", str(text or "")), limit)


def _runs(db: Any, site: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(the latest finished run that read the site's home page, the latest finished run of the site)."""
    rows = db.execute(
        "SELECT r.id, r.started, h.run_id IS NOT NULL FROM runs r LEFT JOIN home_dates h"
        " ON h.run_id = r.id AND h.site = ? WHERE r.status != 'running'"
        " AND EXISTS (SELECT 1 FROM json_each(r.sites) WHERE value = ?) ORDER BY r.id DESC",
        [site, site],
    ).fetchall()
    latest = {"id": rows[0][0], "started": rows[0][1]} if rows else None
    read = next(({"id": i, "started": s} for i, s, has in rows if has), None)
    return read, latest


def home_facts(config: Config, site: SiteConfig) -> dict[str, Any]:
    """The site's home-page facts from the latest run that read it (JSON-ready; times in the config's zone)."""
    facts: dict[str, Any] = {
        "site": shown(site.name, 200),
        "url": shown(site.url),
        "timezone": config.timezone,
        "limit_days": HOME_STALE_DAYS,
        "read": False,
    }
    if not Path(config.database).exists():
        return facts | {"note": "no database yet: no crawl has read the home page"}
    store = Store(config.database)
    try:
        home_table(store.db)
        read, latest = _runs(store.db, site.name)
        if read is None:
            return facts | {"note": "no crawl has read the home page yet"}
        row = home_row(store.db, read["id"], site.name)
        assert row is not None  # the join found it
        local = datetime.fromisoformat(row["read_at"]).astimezone(ZoneInfo(config.timezone))
        item = newest(store.db, site.name, row, local.date())
    finally:
        store.close()
    finding = stale_home(site.name, site.url, item, local.date())
    days = (local.date() - datetime.fromisoformat(item["date"]).date()).days if item else None
    facts |= {
        "read": True,
        "run_id": read["id"],
        "read_at": local.isoformat(),
        "dated_items": len(row["items"]),
        "blocks": row["blocks"],
        "newest": {
            "title": shown(item["title"]),
            "date": item["date"],
            "url": shown(item["url"]),
            "year_guessed": bool(item.get("year_guessed")),
        }
        if item
        else None,
        "days": days,
        "verdict": "no dated item" if item is None else ("stale" if finding else "fresh"),
        "finding": None
        if finding is None
        else {"kind": finding.kind, "reason": finding.reason, "detail": finding.detail},
    }
    if latest and latest["id"] != read["id"]:
        facts["later_run_without_home"] = latest["id"]  # that run could not read it: the finding stays as it was
    return facts


def home_lines(facts: dict[str, Any]) -> list[str]:
    """The ``home:`` block of inspect's text output."""
    head = f"home:     {shown(facts['site'], 200)}  {shown(facts['url'])}"
    if not facts["read"]:
        return [head, f"          {facts['note']}; run campus-monitor crawl first"]
    when = facts["read_at"][:16].replace("T", " ")
    lines = [head + f"  (read by run #{facts['run_id']} at {when} {facts['timezone']})"]
    item = facts["newest"]
    count = f"{facts['dated_items']} dated item{'s' if facts['dated_items'] != 1 else ''}"
    if item is None:
        none = "none on or before that day" if facts["dated_items"] else "none on the page"
        lines.append(f"          {count} in {facts['blocks']} blocks; {none}")
        lines.append("verdict:  no dated item → stale_home (an item without a date counts as not updated)")
    else:
        guessed = " (year guessed: the page gave month and day)" if item["year_guessed"] else ""
        lines.append(f"          {count} in {facts['blocks']} blocks; newest {item['date']}{guessed}")
        lines.append(f"          {shown(item['title'])}")
        lines.append(f"          {shown(item['url'])}")
        age = f"{facts['days']} days old on {when[:10]}, limit {facts['limit_days']}"
        verdict = f"stale → stale_home ({age})" if facts["verdict"] == "stale" else f"fresh ({age})"
        lines.append(f"verdict:  {verdict}")
    if facts.get("later_run_without_home"):
        lines.append(
            f"note:     run #{facts['later_run_without_home']} could not read the home page; "
            "its stale_home finding stays as this run left it"
        )
    return lines
