"""site_unreachable, section_unreachable, empty_section, stale_section.

An unreachable site hides its sections' findings: one root cause, one finding.
Inspectors count an undated post as "not updated", so a section whose posts carry no date is stale.
A static column (学校概况, issue 13 ``monitor.columntypes``) is a fixed page: never stale, never empty.
Severity (issue 12, README "Severities"): an unreachable site is urgent, an unreachable column high, an
empty column normal; a stale column is high when readers look there first (the home page, news-type
columns: 要闻/新闻/动态), else normal.
Evidence (issue 9): a site's findings rest on tonight's home page fetch, a section's on tonight's crawl of
that section; a section not crawled this run (site unreachable, run cut short) keeps its findings as they are.
"""

from __future__ import annotations

from datetime import date

from monitor import clock
from monitor.alerts.wording import failure_text
from monitor.columntypes import never_stale
from monitor.config import Config, SiteConfig
from monitor.store.core import Store
from monitor.store.evidence import Checked, Finding

KINDS = ["site_unreachable", "section_unreachable", "empty_section", "stale_section"]


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> Checked:
    today = clock.today(config.timezone)
    homes = {f["site"]: f for f in store.fetches(run_id, "home")}
    lists = {(f["site"], f["section"]): f for f in store.fetches(run_id, "list")}
    run_sections = {(r["site"], r["section"]): r for r in store.run_sections(run_id)}
    stats = {(r["site"], r["section"]): r for r in store.section_stats(as_of=today.isoformat())}
    open_rows = [r for r in store.findings(open_only=True) if r["kind"] in KINDS]
    out = Checked()
    for site in sites:
        home = homes.get(site.name)
        if home is None:
            continue  # not crawled this run (interrupted): say nothing rather than guess
        _examined(out, open_rows, run_id, site.name, None)
        if home["reason"]:
            out.add(
                Finding(
                    "site_unreachable",
                    site.name,
                    None,
                    site.url,
                    reason=home["reason"],
                    detail=f"首页 {site.url} 无法打开：{failure_text(home['reason'], home['error'])}",
                    severity="urgent",
                ),
                run_id,
            )
            continue
        for section in site.sections:
            key = (site.name, section.name)
            listed, ran = lists.get(key), run_sections.get(key)
            if listed is None or ran is None:
                continue
            _examined(out, open_rows, run_id, site.name, section.name)
            if listed["reason"]:
                out.add(
                    Finding(
                        "section_unreachable",
                        site.name,
                        section.name,
                        section.url,
                        reason=listed["reason"],
                        detail=f"列表页 {section.url} 无法打开：{failure_text(listed['reason'], listed['error'])}",
                        severity="high",
                    ),
                    run_id,
                )
                continue
            if never_stale(section):
                continue
            if ran["items"] == 0:
                out.add(
                    Finding(
                        "empty_section",
                        site.name,
                        section.name,
                        section.url,
                        reason="no_posts",
                        detail="列表页上没有文章",
                    ),
                    run_id,
                )
                continue
            stale = stale_finding(site.name, section.name, section.url, section.stale_after_days, stats.get(key), today)
            if stale:
                stale.severity = stale_severity(site.url, section.name, section.url, section.type)
                out.add(stale, run_id)
    return out


def stale_severity(site_url: str, name: str, url: str, kind: str | None) -> str:
    """high for the home page (a column whose URL is the site's) and news-type columns (要闻/新闻/动态, the
    2-week rule; ``kind`` is the column's type, configured or inferred), else normal."""
    if url.rstrip("/") == site_url.rstrip("/") or "首页" in name or kind == "news":
        return "high"
    return "normal"


def _examined(out: Checked, open_rows: list[dict], run_id: int, site: str, section: str | None) -> None:
    """The open findings of a site (``section`` None: site_unreachable) or one section were re-examined."""
    for row in open_rows:
        if row["site"] == site and row["section"] == section:
            out.evidence[row["key"]] = run_id


def stale_finding(site: str, section: str, url: str, limit: int, stat: dict | None, today: date) -> Finding | None:
    latest = stat["latest"] if stat else None
    future = f"；另有 {stat['future']} 篇文章的日期晚于今天，未计入" if stat and stat["future"] else ""
    if latest is None:
        return Finding(
            "stale_section",
            site,
            section,
            url,
            reason="undated",
            detail=f"栏目文章都没有发布日期（按未更新处理）{future}",
        )
    days = (today - date.fromisoformat(latest)).days
    if days <= limit:
        return None
    return Finding(
        "stale_section",
        site,
        section,
        url,
        reason=f"{days}_days",
        detail=f"最新文章 {latest}，已 {days} 天未更新（上限 {limit} 天）{future}",
    )
