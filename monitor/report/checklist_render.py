"""The checklist report (monitor.report.checklist) as text, CSV, Markdown, JSON, HTML and XLSX.

Text and CSV are what a school pastes into its 信息公开年度报告: Chinese headers, one row per item in the
list's order under its category, the summary line on top. Column names come from the config and may be
hostile: CSV/XLSX cells go through monitor.report.cells, HTML through the autoescaped template.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from monitor import templating
from monitor.report.cells import csv_cell
from monitor.report.text import _md_cell as _md  # one Markdown escaping for every report table
from monitor.report.text import display_width, pad

NUMERALS = "一二三四五六七八九十"
HEADERS = ["序号", "类别", "事项", "对应栏目", "对应方式", "本期发布", "最新发布", "状态"]


def heading(report: dict[str, Any]) -> str:
    return f"高等学校信息公开事项清单公开情况 · {report['period']['label']}"


def period_line(report: dict[str, Any]) -> str:
    return f"统计区间 {report['from']} 至 {report['to']}，更新情况判定于 {report['judged_on']}，生成于 {report['generated']}。"


def column_text(item: dict[str, Any], sep: str = "；") -> str:
    """The item's columns as ``site/column``, each inferred one marked （推断）; "—" when none."""
    if not item["columns"]:
        return "—"
    return sep.join(f"{c['site']}/{c['section']}{_marks(c)}" for c in item["columns"])


def _marks(column: dict[str, Any]) -> str:
    """（推断） for a mapping guessed from the name, （未采集） for a column no crawl has reached yet."""
    marks = (["推断"] if column["how"] == "inferred" else []) + ([] if column["crawled"] else ["未采集"])
    return f"（{'，'.join(marks)}）" if marks else ""


def posts_text(item: dict[str, Any], none: str) -> str:
    """Posts in the period; ``none`` for an item without a column (0 would read as "counted, nothing")."""
    return str(item["posts"]) if item["columns"] else none


def how_text(item: dict[str, Any]) -> str:
    if not item["columns"]:
        return ""
    return "推断" if item["inferred"] else "配置"


def by_category(report: dict[str, Any]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """("一、基本信息（6项）", items) in the list's order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in report["items"]:
        groups.setdefault(item["category"], []).append(item)
    for i, (category, items) in enumerate(groups.items()):
        yield f"{NUMERALS[i] if i < len(NUMERALS) else i + 1}、{category}（{len(items)}项）", items


def confirm_lines(report: dict[str, Any]) -> list[str]:
    """The inferred mappings to confirm, one line per column with the TOML line to add under it."""
    return [f"{c['site']}/{c['section']}：在该栏目的 [[sites.sections]] 下写 {c['line']}" for c in report["confirm"]]


def render_table(report: dict[str, Any]) -> str:
    """Aligned text (CJK counted as two columns), grouped by category; the item's wording last so a long
    name does not push the other columns apart."""
    cur = report["period"]["current_label"]
    head = ["序号", "状态", f"{cur}发布", "最新发布", "对应栏目", "事项"]
    rows = [
        [str(i["no"]), i["status_label"], posts_text(i, "—"), i["newest"] or "—", column_text(i), i["name"]]
        for i in report["items"]
    ]
    widths = [max(display_width(r[k]) for r in [head, *rows]) for k in range(len(head) - 1)]

    def line(cells: list[str]) -> str:
        return "  ".join(pad(c, w) for c, w in zip(cells, widths, strict=False)) + "  " + cells[-1]

    out = [heading(report), period_line(report), report["summary_line"], "", line(head)]
    by_no = {r[0]: r for r in rows}
    for title, items in by_category(report):
        out.append(title)
        out += [line(by_no[str(i["no"])]) for i in items]
    if report["confirm"]:
        out += ["", "按栏目名称推断的对应（请核对后写入配置，确认后不再标“推断”）："]
        out += ["  " + c for c in confirm_lines(report)]
    out += ["", f"依据：{report['source']}"] + ([f"注：{report['caveat']}"] if report.get("caveat") else [])
    return "\n".join(out) + "\n"


def render_csv(report: dict[str, Any]) -> bytes:
    """One row per item (UTF-8 with a BOM so Excel/WPS read the Chinese), the summary line last."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([*HEADERS, "统计起始", "统计截止"])
    for i in report["items"]:
        row = [
            i["no"],
            i["category"],
            i["name"],
            column_text(i),
            how_text(i),
            i["posts"] if i["columns"] else "",
            i["newest"] or "",
            i["status_label"],
            report["from"],
            report["to"],
        ]
        writer.writerow([csv_cell(v) for v in row])  # a column named "=cmd|…" stays text
    writer.writerow(["合计", csv_cell(report["summary_line"])])
    if report.get("caveat"):
        writer.writerow(["注", csv_cell(report["caveat"])])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def render_md(report: dict[str, Any]) -> str:
    out = [f"# {heading(report)}", "", period_line(report), "", f"**{report['summary_line']}**", ""]
    out += ["| " + " | ".join(HEADERS) + " |", "|---:|---|---|---|---|---:|:---:|---|"]
    for i in report["items"]:
        cells = [i["no"], i["category"], i["name"], column_text(i), how_text(i), posts_text(i, "—"), i["newest"] or "—"]
        out.append("| " + " | ".join(_md(c) for c in [*cells, i["status_label"]]) + " |")
    if report["confirm"]:
        out += ["", "按栏目名称推断的对应（请核对后写入配置）：", ""]
        out += [f"- {_md(c)}" for c in confirm_lines(report)]
    out += ["", f"依据：{_md(report['source'])}", ""]
    out += [f"注：{_md(report['caveat'])}", ""] if report.get("caveat") else []
    return "\n".join(out)


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def render_html(report: dict[str, Any]) -> str:
    """A self-contained, printable page from the autoescaped template monitor/templates/checklist.html."""
    return templating.render(
        "checklist.html",
        report=report,
        title=heading(report),
        period_line=period_line(report),
        groups=list(by_category(report)),
        confirm=confirm_lines(report),
    )


def render_xlsx(report: dict[str, Any]) -> bytes:
    """One sheet 信息公开清单: the table with real numbers and dates, the summary and confirmations below."""
    from datetime import date

    from openpyxl import Workbook

    from monitor.report.cells import append_text_safe
    from monitor.report.xlsx import DATE_FMT, _append_paragraph, _write_table

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new Workbook has one sheet
    ws.title = "信息公开清单"
    rows = [
        [
            i["no"],
            i["category"],
            i["name"],
            column_text(i),
            how_text(i),
            i["posts"] if i["columns"] else None,
            date.fromisoformat(i["newest"]) if i["newest"] else None,
            i["status_label"],
        ]
        for i in report["items"]
    ]
    _write_table(ws, HEADERS, rows, {7: DATE_FMT})
    _append_paragraph(ws, f"{report['summary_line']}。{period_line(report)}", len(HEADERS))
    for text in confirm_lines(report):
        append_text_safe(ws, [text])
    append_text_safe(ws, [f"依据：{report['source']}"])
    if report.get("caveat"):
        append_text_safe(ws, [f"注：{report['caveat']}"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render_bytes(report: dict[str, Any], fmt: str) -> bytes:
    """The checklist report in ``fmt`` (the same formats as ``report``) as the bytes to write."""
    if fmt == "xlsx":
        return render_xlsx(report)
    if fmt == "csv":
        return render_csv(report)
    text = {"json": render_json, "md": render_md, "html": render_html, "table": render_table}[fmt](report)
    return text.encode("utf-8")
