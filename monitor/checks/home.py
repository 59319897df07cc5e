"""stale_home: the home page not updated within two weeks (issue 13: 网站不更新).

The rule is fixed by the inspection (国办《政府网站与政务新媒体检查指标》: 首页栏目信息超过 2 周未更新),
so it is a constant, not a config key. The newest dated item anywhere on the home page counts
(``crawler.extract.homedates``; a guessed year replaced by the stored post's date,
``monitor.store.homedates.newest``). A home page with no dated item at all is not updated either: inspectors
count an item without a date as not updated. Severity high: it alone fails a site's inspection (单项否决).
Evidence (issue 9): the run that read the home page; a failed home fetch leaves the finding as it was.
"""

from __future__ import annotations

from datetime import date

from monitor import clock
from monitor.config import Config, SiteConfig
from monitor.store.core import Store
from monitor.store.evidence import Checked, Finding
from monitor.store.homedates import home_row, newest

KINDS = ["stale_home"]
HOME_STALE_DAYS = 14  # 2 weeks (the inspection's rule; README "Home-page freshness")


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> Checked:
    today = clock.today(config.timezone)
    open_rows = [r for r in store.findings(open_only=True) if r["kind"] in KINDS]
    out = Checked()
    for site in sites:
        row = home_row(store.db, run_id, site.name)
        if row is None:
            continue  # the home page was not read this run: say nothing new
        for open_row in open_rows:
            if open_row["site"] == site.name:
                out.evidence[open_row["key"]] = run_id
        finding = stale_home(site.name, site.url, newest(store.db, site.name, row, today), today)
        if finding is not None:
            out.add(finding, run_id)
    return out


def stale_home(site: str, url: str, item: dict | None, today: date) -> Finding | None:
    """The finding for a home page whose newest item is ``item`` (None: no dated item), or None."""
    if item is None:
        return Finding(
            "stale_home",
            site,
            None,
            url,
            reason="no_dates",
            detail="首页没有带日期的信息（按未更新处理）",
            severity="high",
        )
    days = (today - date.fromisoformat(item["date"])).days
    if days <= HOME_STALE_DAYS:
        return None
    guessed = "（首页只写了月、日，年份按不晚于今天推算）" if item.get("year_guessed") else ""
    return Finding(
        "stale_home",
        site,
        None,
        url,
        reason=f"{days}_days",
        detail=f"首页最新信息 {item['date']}，已 {days} 天未更新（上限 {HOME_STALE_DAYS} 天）{guessed}",
        severity="high",
    )
