"""The report as one self-contained HTML page (inline CSS and SVG, nothing fetched), A4-printable.

Site and section names come from config and crawled pages, so every one goes through html.escape.
"""
from __future__ import annotations

from html import escape
from typing import Any

from monitor.report_chart import month_chart_svg, month_chart_table

CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif;
       color: #222; margin: 0 auto; max-width: 760px; padding: 24px 16px; font-size: 14px; line-height: 1.5;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 6px; border-left: 4px solid #2b5c8a; padding-left: 8px; }
.meta { color: #666; margin: 0 0 18px; font-size: 13px; }
.overview { margin: 0 0 24px; }
.overview table { table-layout: auto; }
.site { margin: 0 0 28px; page-break-inside: avoid; break-inside: avoid; }
.summary { margin: 0 0 8px; }
.summary b { font-size: 16px; }
.chart { display: block; width: 100%; height: auto; max-width: 680px; margin: 4px 0 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; table-layout: fixed; }
col.c-name { width: 22%; } col.c-num { width: 9%; } col.c-share { width: 10%; } col.c-newest { width: 24%; }
col.c-status { width: 17%; }
td { word-break: break-all; }
table.mailchart { width: auto; table-layout: auto; }
table.mailchart table { width: 26px; table-layout: auto; }
table.mailchart td { border: 0; padding: 0 8px; word-break: normal; }
th, td { border: 1px solid #cfd6de; padding: 4px 7px; }
th { background: #eef2f6; font-weight: 600; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.date { text-align: center; white-space: nowrap; }
td.newest .d { display: block; text-align: center; white-space: nowrap; }
td.newest .t { display: block; color: #666; font-size: 11px; line-height: 1.3; word-break: break-all; }
td.newest a { color: #666; text-decoration: none; }
tr.total td { font-weight: 600; background: #f7f9fb; }
.up { color: #1a7f37; } .down { color: #c62828; }
.tag { display: inline-block; padding: 0 5px; border-radius: 3px; font-size: 12px; margin-right: 3px;
       white-space: nowrap; }
.tag.stale { background: #fde2e1; color: #a61b1b; }
.tag.empty { background: #fff1cc; color: #7a5600; }
.tag.never { background: #e5e7eb; color: #374151; }
.tag.partial { background: #e0ecff; color: #1e40af; }
.ok { color: #888; }
.paragraph { background: #f6f8fa; border: 1px solid #d8dee4; padding: 10px 12px; margin: 10px 0 0;
             text-indent: 2em; line-height: 1.8; }
.legend { color: #666; font-size: 12px; margin-top: 18px; }
@media print { body { padding: 0; max-width: none; } .overview { margin: 0 0 24px; }
.overview table { table-layout: auto; }
.site { margin-bottom: 16px; } }
"""


def change_text(change: int) -> str:
    if change > 0:
        return f"+{change}"
    if change < 0:
        return f"−{-change}"
    return "0"


def _change_cell(change: int) -> str:
    cls = "up" if change > 0 else "down" if change < 0 else ""
    return f'<td class="num {cls}">{change_text(change)}</td>'


def _safe_href(url: str | None) -> str | None:
    """Only http(s) links from crawled pages become clickable (no javascript: or data: URLs)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _newest_cell(sec: dict[str, Any]) -> str:
    """Date of the newest post, with its (escaped, shortened) title underneath."""
    if not sec["newest"]:
        return '<td class="date">—</td>'
    title = sec.get("newest_title") or ""
    short = title if len(title) <= 22 else title[:21] + "…"
    href = _safe_href(sec.get("newest_url"))
    label = escape(short)
    if href:
        label = f'<a href="{escape(href)}">{label}</a>'
    return (f'<td class="newest"><span class="d">{escape(sec["newest"])}</span>'
            f'<span class="t" title="{escape(title)}">{label}</span></td>')


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


def _site_html(site: dict[str, Any], report: dict[str, Any], for_mail: bool = False) -> str:
    labels = report["period"]
    cur, prev = labels["current_label"], labels["previous_label"]
    name = escape(site["name"])
    rows = []
    for sec in site["sections"]:
        tags = status_tags(sec)
        status = "".join(f'<span class="tag {c}">{escape(t)}</span>' for c, t in tags) or '<span class="ok">正常</span>'
        rows.append(
            f'<tr><td>{escape(sec["name"])}</td><td class="num">{sec["posts"]}</td>'
            f'<td class="num">{sec["previous"]}</td>{_change_cell(sec["change"])}'
            f'<td class="num">{sec["share"]:.1f}%</td>{_newest_cell(sec)}'
            f'<td>{status}</td></tr>')
    share_total = "100.0%" if site["total"] else "—"
    rows.append(f'<tr class="total"><td>合计</td><td class="num">{site["total"]}</td>'
                f'<td class="num">{site["previous_total"]}</td>{_change_cell(site["change"])}'
                f'<td class="num">{share_total}</td><td class="date">{escape(site["newest"] or "—")}</td>'
                f'<td></td></tr>')
    chart_title = f"{site['name']}：近12个月每月发布数"
    flags = []
    if site["stale_sections"]:
        flags.append(f'{site["stale_sections"]}个栏目超期未更新')
    if site["empty_sections"]:
        flags.append(f'{site["empty_sections"]}个栏目{cur}无发布')
    summary = (f'{cur}发布 <b>{site["total"]}</b> 条，{prev} {site["previous_total"]} 条'
               f'（{change_text(site["change"])}）' + ("；" + "，".join(flags) if flags else ""))
    paragraph = (f'<p class="paragraph">{escape(site["paragraph"])}</p>' if site.get("paragraph") else "")
    return (f'<section class="site"><h2>{name}</h2><p class="summary">{summary}</p>'
            f'{(month_chart_table if for_mail else month_chart_svg)(site["months"], chart_title)}'
            f'<table><colgroup><col class="c-name"><col class="c-num"><col class="c-num"><col class="c-num">'
            f'<col class="c-share"><col class="c-newest"><col class="c-status"></colgroup><thead><tr><th>栏目</th><th>{cur}</th><th>{prev}</th><th>变化</th><th>占比</th>'
            f'<th>最新发布</th><th>状态</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f'{paragraph}</section>')


def _overview_html(report: dict[str, Any]) -> str:
    """One line per site above the details, for readers who only need the totals (several sites only)."""
    if len(report["sites"]) < 2:
        return ""
    cur, prev = report["period"]["current_label"], report["period"]["previous_label"]
    rows = "".join(
        f'<tr><td>{escape(s["name"])}</td><td class="num">{s["total"]}</td><td class="num">{s["previous_total"]}</td>'
        f'{_change_cell(s["change"])}<td class="num">{s["stale_sections"]}</td><td class="num">{s["empty_sections"]}</td>'
        f'<td class="date">{escape(s["newest"] or "—")}</td></tr>' for s in report["sites"])
    total = sum(s["total"] for s in report["sites"])
    previous = sum(s["previous_total"] for s in report["sites"])
    rows += (f'<tr class="total"><td>全部站点</td><td class="num">{total}</td><td class="num">{previous}</td>'
             f'{_change_cell(total - previous)}<td></td><td></td><td></td></tr>')
    paragraph = (f'<p class="paragraph">{escape(report["paragraph"])}</p>' if report.get("paragraph") else "")
    return (f'<section class="overview"><table><thead><tr><th>站点</th><th>{cur}发布</th><th>{prev}发布</th>'
            f'<th>变化</th><th>超期未更新栏目</th><th>{cur}无发布栏目</th><th>最新发布</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>{paragraph}</section>')


def render_html(report: dict[str, Any], for_mail: bool = False) -> str:
    """The whole report page; ``for_mail`` draws the charts as tables, since many mail clients drop SVG."""
    label = report["period"]["label"]
    title = f"网站信息发布统计 · {label}"
    sites = "".join(_site_html(s, report, for_mail) for s in report["sites"]) or "<p>没有可统计的站点。</p>"
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
            f"<h1>{escape(title)}</h1>"
            f'<p class="meta">统计区间 {escape(report["from"])} 至 {escape(report["to"])}'
            f'（对比 {escape(report["previous"]["from"])} 至 {escape(report["previous"]["to"])}）'
            f' · 生成于 {escape(report["generated"])}（{escape(report["timezone"])}）</p>'
            f"{_overview_html(report)}{sites}"
            '<p class="legend">占比按最大余数法保留一位小数，各栏目之和恰为100.0%。'
            "“超过N天未更新”以统计区间末日（或今天，取较早者）为准；“本期无发布”指区间内没有发布日期落在区间内的信息。</p>"
            "</body></html>\n")
