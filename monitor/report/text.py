"""The report as CSV (UTF-8 with BOM, so Excel shows Chinese), Markdown and JSON text."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from monitor.report.cells import csv_cell
from monitor.report.html import change_text, status_tags

# The backbone's columns first (site, section, posts, latest, undated), then what this report adds.
CSV_FIELDS = [
    "site",
    "section",
    "posts",
    "latest",
    "undated",
    "from",
    "to",
    "previous",
    "change",
    "share",
    "newest",
    "stale",
    "empty",
    "status",
]


def display_width(text: str) -> int:
    """Terminal / spreadsheet columns: CJK characters (U+2E80 and up) take two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def render_csv(report: dict[str, Any]) -> bytes:
    """One row per section; ``share`` is a percentage with one decimal. Bytes start with a UTF-8 BOM.

    Names that start like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) get a leading ``'`` (monitor.report.cells).
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for site in report["sites"]:
        for sec in site["sections"]:
            row = [
                site["name"],
                sec["name"],
                sec["posts"],
                sec["latest"] or "",
                sec["undated"],
                report["from"],
                report["to"],
                sec["previous"],
                sec["change"],
                f"{sec['share']:.1f}",
                sec["newest"] or "",
                int(sec["stale"]),
                int(sec["empty"]),
                "；".join(t for _, t in status_tags(sec)) or "正常",
            ]
            writer.writerow([csv_cell(value) for value in row])  # "=cmd|…" from a config stays text
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _md_cell(text: str) -> str:
    """Keep a crawled name from breaking the table or injecting markup."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", " ")
        .replace("\r", " ")
    )


def render_md(report: dict[str, Any]) -> str:
    labels = report["period"]
    cur, prev = labels["current_label"], labels["previous_label"]
    lines = [
        f"# 网站信息发布统计 · {labels['label']}",
        "",
        f"统计区间 {report['from']} 至 {report['to']}（对比 {report['previous']['from']} 至 "
        f"{report['previous']['to']}），生成于 {report['generated']}。",
        "",
    ]
    if report.get("paragraph"):
        lines += [_md_cell(report["paragraph"]), ""]
    for site in report["sites"]:
        lines += [
            f"## {_md_cell(site['name'])}",
            "",
            f"{cur}发布 **{site['total']}** 条，{prev} {site['previous_total']} 条（{change_text(site['change'])}）。",
            "",
            f"| 栏目 | {cur} | {prev} | 变化 | 占比 | 最新发布 | 状态 |",
            "|---|---:|---:|---:|---:|:---:|---|",
        ]
        for sec in site["sections"]:
            status = "；".join(t for _, t in status_tags(sec)) or "正常"
            lines.append(
                f"| {_md_cell(sec['name'])} | {sec['posts']} | {sec['previous']} | "
                f"{change_text(sec['change'])} | {sec['share']:.1f}% | {sec['newest'] or '—'} | {status} |"
            )
        lines.append(
            f"| **合计** | **{site['total']}** | {site['previous_total']} | {change_text(site['change'])} | "
            f"{'100.0%' if site['total'] else '—'} | {site['newest'] or '—'} | |"
        )
        if site.get("paragraph"):
            lines += ["", _md_cell(site["paragraph"])]
        if site.get("inspection"):  # 单项否决 counts (monitor.inspection)
            lines += ["", f"单项否决检查（截至最近一次巡检）：**{site['inspection']['state']}**", ""]
            lines += [
                f"- {r['label']}：{r['count']}/{r['threshold']}，{r['state']}" for r in site["inspection"]["rules"]
            ]
        if site.get("backdated_note"):
            lines += ["", _md_cell(site["backdated_note"])]
        lines.append("")
    return "\n".join(lines)


def type_cell(sec: dict[str, Any]) -> str:
    """``news (name)``: the column's type and where it came from (config, inferred from the name, default)."""
    source = str(sec.get("type_source") or "default")
    where = "name" if source.startswith("inferred") else source
    return f"{sec.get('type') or '-'} ({where})"


def inspection_lines(block: dict[str, Any] | None) -> list[str]:
    """The site's 单项否决 counts (``monitor.inspection``) under its table: state, then one line per rule."""
    if not block:
        return []
    out = [f"  inspection (单项否决, open findings as of the latest crawl): {block['state']}"]
    for r in block["rules"]:
        cols = f"  {'、'.join(r['columns'])}" if r["columns"] and r["rule"] != "home" else ""
        out.append(f"    {pad(r['label'], 22)}  {r['count']:>2}/{r['threshold']:<2}  {r['state']}{cols}")
    return out


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def render_table(report: dict[str, Any]) -> str:
    """Aligned plain text for the terminal (CJK counted as two columns), paragraphs underneath."""
    labels = report["period"]
    lines = [
        f"Posts published {report['from']} to {report['to']} ({labels['label']}; "
        f"compared with {report['previous']['from']} to {report['previous']['to']})"
    ]
    if report.get("paragraph"):
        lines += ["", report["paragraph"]]
    for site in report["sites"]:
        lines.append("")
        lines.append(
            f"{site['name']}: {site['total']} posts ({labels['previous_label']} {site['previous_total']}, "
            f"{change_text(site['change'])})"
        )
        name_w = max([display_width(s["name"]) for s in site["sections"]] + [8])
        lines.append(
            f"  {pad('section', name_w)}  {'posts':>5}  {'prev':>5}  {'change':>6}  {'share':>6}  "
            f"{'newest':<10}  {'type':<17}  status"
        )
        for s in site["sections"]:
            status = "; ".join(t for _, t in status_tags(s)) or "ok"
            lines.append(
                f"  {pad(s['name'], name_w)}  {s['posts']:>5}  {s['previous']:>5}  "
                f"{change_text(s['change']):>6}  {s['share']:>5.1f}%  {s['newest'] or '-':<10}  "
                f"{type_cell(s):<17}  {status}"
            )
        lines += inspection_lines(site.get("inspection"))
        if site.get("paragraph"):
            lines += ["", "  " + site["paragraph"]]
        if site.get("backdated_note"):
            lines += ["", "  " + site["backdated_note"]]
    return "\n".join(lines) + "\n"
