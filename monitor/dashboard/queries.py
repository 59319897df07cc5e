"""What the dashboard pages show, as plain data read from the store (pure: the clock is passed in).

Why apart from the views: every number here is testable on a seeded store without a server, and the pages
only lay these dicts out. A column's state comes from the open findings the checks decided (so the
dashboard and the digest never disagree) plus the stored posts for dates and counts.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from monitor import clock
from monitor.config import Config
from monitor.report.stats import chart_months, month_period
from monitor.schedule.jobs import job_specs, next_runs
from monitor.store import acks
from monitor.store.core import Store

STATE_LABELS = {"ok": "正常", "stale": "未更新", "empty": "空栏目", "unreachable": "无法访问", "never": "未采集"}
RUN_STATUS = {
    "finished": "完成",
    "ok": "完成",
    "running": "进行中",
    "interrupted": "中断",
    "failed": "失败",
    "partial": "部分完成",
}
SECTION_KINDS = ("site_unreachable", "section_unreachable", "empty_section", "stale_section")
FOOTER_KINDS = ("missing_footer_link", "missing_footer_text")


def local_today(now: datetime, tz: str) -> date:
    return now.astimezone(ZoneInfo(tz)).date()


def worded(store: Store, findings: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Set ``f["text"]`` (the digest's Chinese headline) and ``f["lines"]`` (where: column URL, pages) on each.

    The same wording as the mail (``monitor.alerts.wording.describe``), so a reader recognises the item."""
    from monitor.alerts.wording import describe

    latest = {key: row["date"] for key, row in store.newest_posts(today.isoformat()).items()}
    for f in findings:
        head, lines = describe(f, latest, today)
        f["text"], f["lines"] = head.removeprefix("【紧急】"), lines  # the severity is its own column
    return findings


def column_states(config: Config, store: Store, today: date, findings: list[dict] | None = None) -> dict:
    """Per (site, column) in config order: state, stale days, newest post date, posts this month, stored posts."""
    month = month_period(today.strftime("%Y-%m"))
    this_month = {
        (r["site"], r["section"]): r["posts"]
        for r in store.post_counts(month.start.isoformat(), min(month.end, today).isoformat())
    }
    stats = {(r["site"], r["section"]): r for r in store.section_stats(today.isoformat())}
    newest_posts = store.newest_posts(today.isoformat())
    open_rows = store.findings(open_only=True) if findings is None else findings
    by_key = {(f["site"], f.get("section") or "", f["kind"]): f for f in open_rows if f["kind"] in SECTION_KINDS}
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for site in config.sites:
        down = (site.name, "", "site_unreachable") in by_key
        for sec in site.sections:
            key = (site.name, sec.name)
            stat = stats.get(key)
            newest = stat["latest"] if stat else None
            days = (today - date.fromisoformat(newest)).days if newest else None
            if down or (site.name, sec.name, "section_unreachable") in by_key:
                state = "unreachable"
            elif stat is None:
                state = "never"
            elif (site.name, sec.name, "empty_section") in by_key:
                state = "empty"
            elif (site.name, sec.name, "stale_section") in by_key:
                state = "stale"
            else:
                state = "ok"
            out[key] = {
                "site": site.name,
                "name": sec.name,
                "url": sec.url,
                "state": state,
                "label": state_label(state, days),
                "days": days,
                "newest": newest,
                "newest_title": (newest_posts.get(key) or {}).get("title") if newest else None,
                "newest_url": (newest_posts.get(key) or {}).get("url") if newest else None,
                "month_posts": this_month.get(key, 0),
                "stored": stat["posts"] if stat else 0,
                "stale_after_days": sec.stale_after_days,
            }
    return out


def state_label(state: str, days: int | None) -> str:
    if state == "stale" and days is not None:
        return f"{days}天未更新"
    return STATE_LABELS[state]


def run_view(run: dict[str, Any] | None, tz: str) -> dict[str, Any] | None:
    """A run row as shown: local start, duration, Chinese status."""
    if run is None:
        return None
    duration = None
    if run.get("started") and run.get("finished"):
        secs = (datetime.fromisoformat(run["finished"]) - datetime.fromisoformat(run["started"])).total_seconds()
        duration = duration_text(max(0, int(secs)))
    return {
        "id": run["id"],
        "started": clock.local(run.get("started"), tz),
        "finished": clock.local(run.get("finished"), tz),
        "duration": duration or "—",
        "status": run.get("status") or "",
        "status_label": RUN_STATUS.get(run.get("status") or "", run.get("status") or ""),
        "pages": run.get("pages") or 0,
        "new_posts": run.get("new_posts") or 0,
        "errors": run.get("errors") or 0,
        "sites": json.loads(run.get("sites") or "[]"),
    }


def duration_text(secs: int) -> str:
    """87 → "1分27秒"; 3725 → "1小时2分"."""
    if secs < 60:
        return f"{secs}秒"
    if secs < 3600:
        return f"{secs // 60}分{secs % 60}秒"
    return f"{secs // 3600}小时{secs % 3600 // 60}分"


def latest_run(store: Store, tz: str) -> dict[str, Any] | None:
    row = store.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    names = [d[0] for d in store.db.execute("SELECT * FROM runs LIMIT 0").description]
    return run_view(dict(zip(names, row, strict=True)), tz)


def next_run(config: Config, now: datetime) -> dict[str, Any] | None:
    """The next crawl the schedule (``[monitor] schedule`` and per-site overrides) fires, in the configured zone."""
    best: tuple[datetime, str] | None = None
    for spec in job_specs(config):
        if spec.kind != "crawl":
            continue
        fires = next_runs(spec, config.timezone, now)
        if fires and (best is None or fires[0] < best[0]):
            best = (fires[0], "全部网站" if spec.sites is None else "、".join(spec.sites))
    if best is None:
        return None
    return {"at": best[0].astimezone(ZoneInfo(config.timezone)).strftime("%Y-%m-%d %H:%M"), "sites": best[1]}


def overview(config: Config, store: Store, now: datetime) -> dict[str, Any]:
    """The overview page: one row per configured site with its columns' states, the latest and next run."""
    tz = config.timezone
    today = local_today(now, tz)
    states = column_states(config, store, today)
    sites = []
    for site in config.sites:
        cols = [states[(site.name, s.name)] for s in site.sections]
        dated = [c["newest"] for c in cols if c["newest"]]
        sites.append(
            {
                "name": site.name,
                "url": site.url,
                "columns": cols,
                "newest": max(dated) if dated else None,
                "month_posts": sum(c["month_posts"] for c in cols),
                "problems": sum(c["state"] != "ok" for c in cols),
            }
        )
    return {
        "sites": sites,
        "width": max((len(s["columns"]) for s in sites), default=0),
        "today": today.isoformat(),
        "latest_run": latest_run(store, tz),
        "next_run": next_run(config, now),
    }


def column_months(store: Store, site: str, months: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per column of ``site``: posts per month over ``months`` (``[{"month", "posts"}]``, the chart's input)."""
    rows = store.db.execute(
        "SELECT s.name, substr(p.published, 1, 7) AS m, COUNT(DISTINCT p.url_key)"
        " FROM posts p JOIN sections s ON p.section_id = s.id JOIN sites t ON s.site_id = t.id"
        " WHERE t.name = ? AND p.published BETWEEN ? AND ? GROUP BY s.name, m",
        [site, months[0] + "-01", months[-1] + "-31"],
    ).fetchall()
    counts: dict[str, dict[str, int]] = {}
    for section, month, n in rows:
        counts.setdefault(section, {})[month] = n
    return {sec: [{"month": m, "posts": per.get(m, 0)} for m in months] for sec, per in counts.items()}


def site_runs(store: Store, site: str, tz: str, limit: int = 30) -> list[dict[str, Any]]:
    """The runs that crawled ``site``, newest first, with the site's own pages / new posts / errors."""
    rows = store.db.execute(
        "SELECT r.*, SUM(x.pages), SUM(x.new_posts), SUM(x.errors), COUNT(x.section) FROM runs r"
        " LEFT JOIN run_sections x ON x.run_id = r.id AND x.site = ?"
        " GROUP BY r.id ORDER BY r.id DESC",
        [site],
    )
    names = [d[0] for d in rows.description]
    out = []
    for row in rows.fetchall():
        run = dict(zip(names[:-4], row[:-4], strict=True))
        if site not in json.loads(run.get("sites") or "[]"):
            continue
        view = run_view(run, tz)
        assert view is not None
        if row[-1]:  # per-column numbers of this site, when the run recorded them
            view.update(pages=row[-4] or 0, new_posts=row[-3] or 0, errors=row[-2] or 0)
        out.append(view)
        if len(out) >= limit:
            break
    return out


def site_detail(config: Config, store: Store, name: str, now: datetime) -> dict[str, Any] | None:
    """The site page's data, or None for a name that is not in the config."""
    site = next((s for s in config.sites if s.name == name), None)
    if site is None:
        return None
    tz = config.timezone
    today = local_today(now, tz)
    open_rows = [f for f in store.findings(open_only=True) if f["site"] == name]
    acks.annotate(store.db, open_rows, today.isoformat())
    states = column_states(config, store, today, open_rows)
    months = chart_months(month_period(today.strftime("%Y-%m")))
    per_column = column_months(store, name, months)
    columns = []
    for sec in site.sections:
        col = dict(states[(name, sec.name)])
        col["months"] = per_column.get(sec.name, [{"month": m, "posts": 0} for m in months])
        columns.append(col)
    site_months = [{"month": m, "posts": sum(c["months"][i]["posts"] for c in columns)} for i, m in enumerate(months)]
    from monitor.findingsview import select

    ordered = worded(store, select(open_rows, tz=tz), today)
    by_level: dict[str, list[dict]] = {}
    for f in ordered:
        by_level.setdefault(f.get("severity") or "normal", []).append(f)
    crawled = store.db.execute("SELECT COUNT(*) FROM fetches WHERE site = ? AND kind = 'home'", [name]).fetchone()[0]
    return {
        "name": name,
        "url": site.url,
        "columns": columns,
        "months": site_months,
        "findings": by_level,
        "open_count": len(ordered),
        "footer": [f for f in ordered if f["kind"] in FOOTER_KINDS],
        "footer_checked": bool(crawled),
        "runs": site_runs(store, name, tz),
    }


def report_periods(today: date, count: int = 12) -> list[dict[str, str]]:
    """The periods the reports page lists: the last ``count`` months, this and last year, the academic years."""
    out = []
    first = today.replace(day=1)
    for i in range(count):
        d = (first - timedelta(days=1)).replace(day=1) if i else first
        first = d
        out.append({"period": d.strftime("%Y-%m"), "label": f"{d.year}年{d.month}月"})
    for year in (today.year, today.year - 1):
        out.append({"period": str(year), "label": f"{year}年"})
    ay = today.year if today.month >= 9 else today.year - 1
    for year in (ay, ay - 1):
        out.append({"period": f"academic-{year}", "label": f"{year}-{year + 1}学年"})
    return out
