"""The report as one self-contained HTML page (inline CSS and SVG, nothing fetched), A4-printable.

Site and section names come from config and titles from crawled pages: the page is the autoescaped
Jinja2 template monitor/templates/report.html; this module only prepares the values it shows.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from monitor import templating
from monitor.report.chart import month_chart_svg, month_chart_table


def change_text(change: int) -> str:
    if change > 0:
        return f"+{change}"
    if change < 0:
        return f"−{-change}"
    return "0"


def _newest(sec: dict[str, Any]) -> dict[str, Any]:
    """A section as the table row shows it: the newest post's title shortened, its link only if http(s)."""
    title = sec.get("newest_title") or ""
    return dict(
        sec,
        tags=status_tags(sec),
        title=title,
        short=title if len(title) <= 22 else title[:21] + "…",
        href=templating.safe_href(sec.get("newest_url")),
    )


def status_tags(sec: dict[str, Any]) -> list[tuple[str, str]]:
    """(css class, label) markers for one section; an empty list means nothing to flag."""
    tags = []
    if not sec.get("crawled", True):
        tags.append(("never", "未采集"))
    elif not sec.get("stored_posts", 1):
        tags.append(("never", "从未发布"))
    elif sec["newest"] is None and sec.get("latest"):
        tags.append(("never", "截至期末无发布"))
    elif sec["newest"] is None:
        tags.append(("never", "无日期信息"))
    elif sec["stale"]:
        tags.append(("stale", f"超过{sec['stale_after_days']}天未更新"))
    if sec["empty"]:
        tags.append(("empty", "本期无发布"))
    if sec.get("history_complete") is False:  # an interrupted or unfinished walk: counts may be low
        tags.append(("partial", "历史未读完"))
    if sec.get("stated_gap"):  # the list states more posts than are stored after reading every page
        stated = f"{sec['stated_total']}条" if sec.get("stated_total") is not None else f"{sec.get('stated_pages')}页"
        tags.append(("partial", f"站点称{stated}，存{sec.get('stored_posts')}条"))
    return tags


def _site(site: dict[str, Any], report: dict[str, Any], for_mail: bool) -> dict[str, Any]:
    cur = report["period"]["current_label"]
    flags = []
    if site["stale_sections"]:
        flags.append(f"{site['stale_sections']}个栏目超期未更新")
    if site["empty_sections"]:
        flags.append(f"{site['empty_sections']}个栏目{cur}无发布")
    chart = (month_chart_table if for_mail else month_chart_svg)(site["months"], f"{site['name']}：近12个月每月发布数")
    # The chart functions escape their only text (the title) themselves; the rest is numbers they format.
    return dict(site, flags=flags, chart=Markup(chart), sections=[_newest(sec) for sec in site["sections"]])


def render_html(report: dict[str, Any], for_mail: bool = False) -> str:
    """The whole report page; ``for_mail`` draws the charts as tables, since many mail clients drop SVG."""
    labels = report["period"]
    return templating.render(
        "report.html",
        report=report,
        change_text=change_text,
        title=f"网站信息发布统计 · {labels['label']}",
        cur=labels["current_label"],
        prev=labels["previous_label"],
        sites=[_site(s, report, for_mail) for s in report["sites"]],
        total=sum(s["total"] for s in report["sites"]),
        previous=sum(s["previous_total"] for s in report["sites"]),
    )
