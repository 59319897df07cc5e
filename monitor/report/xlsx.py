"""The report as an Excel workbook: a summary sheet plus one sheet per site.

Numbers are stored as numbers, dates as real dates, shares as fractions with a 0.0% format, so Excel and
WPS can sort and sum them; strings are stored as text (openpyxl writes UTF-8 XML, Chinese stays intact).
"""

from __future__ import annotations

import io
import re
from collections.abc import Set as AbstractSet
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from monitor.report.cells import append_text_safe
from monitor.report.html import status_tags
from monitor.report.text import display_width

HEADER_FILL = PatternFill("solid", fgColor="DDE6EF")
TOTAL_FILL = PatternFill("solid", fgColor="F2F5F8")
THIN = Side(style="thin", color="BFC8D2")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATE_FMT = "yyyy-mm-dd"
SHARE_FMT = "0.0%"
CHANGE_FMT = "+0;-0;0"


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    return display_width(str(value))


def sheet_title(name: str, taken: set[str]) -> str:
    """A legal, unique sheet name: no []:*?/\\, at most 31 characters."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "站点"
    base = base[:31]
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _write_table(
    ws, header: list[str], rows: list[list[Any]], formats: dict[int, str], total_rows: AbstractSet[int] = frozenset()
) -> None:
    append_text_safe(ws, header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for i, row in enumerate(rows):
        append_text_safe(ws, row)  # a name like "=HYPERLINK(…)" stays text, never a formula
        for col, cell in enumerate(ws[ws.max_row], start=1):
            cell.border = BORDER
            if col in formats:
                cell.number_format = formats[col]
            if i in total_rows:
                cell.font = Font(bold=True)
                cell.fill = TOTAL_FILL
    ws.freeze_panes = "A2"
    for col in range(1, len(header) + 1):
        values = [header[col - 1]] + [r[col - 1] for r in rows if col - 1 < len(r)]
        width = max(_display_width(v) for v in values) + 2
        ws.column_dimensions[get_column_letter(col)].width = min(max(width, 8), 60)


def _append_paragraph(ws, text: str, columns: int) -> None:
    """A blank row, then ``text`` wrapped in a cell merged across ``columns`` columns."""
    ws.append([])
    append_text_safe(ws, [text])
    row = ws.max_row
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[row].height = 15 * (len(text) // 45 + 2)


def _append_inspection(ws, sites: list[dict[str, Any]]) -> None:
    """Below the summary: each site's 单项否决 counts (``monitor.inspection``), one row per rule."""
    ws.append([])
    append_text_safe(ws, ["单项否决检查（截至最近一次巡检）", "检查项", "数量", "阈值", "结论", "栏目"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for site in sites:
        for r in (site.get("inspection") or {}).get("rules", []):
            append_text_safe(
                ws, [site["name"], r["label"], r["count"], r["threshold"], r["state"], "、".join(r["columns"])]
            )


def render_xlsx(report: dict[str, Any]) -> bytes:
    """The workbook's bytes."""
    labels = report["period"]
    cur, prev = labels["current_label"], labels["previous_label"]
    wb = Workbook()
    summary = wb.active
    assert summary is not None  # a new Workbook has one sheet
    summary.title = "汇总"
    taken = {"汇总"}
    start, end = _date(report["from"]), _date(report["to"])
    rows = []
    for site in report["sites"]:
        rows.append(
            [
                site["name"],
                start,
                end,
                site["total"],
                site["previous_total"],
                site["change"],
                len(site["sections"]),
                site["stale_sections"],
                site["empty_sections"],
                _date(site["newest"]),
            ]
        )
    _write_table(
        summary,
        [
            "站点",
            "起始日期",
            "截止日期",
            f"{cur}发布",
            f"{prev}发布",
            "变化",
            "栏目数",
            "超期未更新栏目",
            f"{cur}无发布栏目",
            "最新发布",
        ],
        rows,
        {2: DATE_FMT, 3: DATE_FMT, 6: CHANGE_FMT, 10: DATE_FMT},
    )

    if report.get("paragraph"):
        _append_paragraph(summary, report["paragraph"], 10)
    _append_inspection(summary, report["sites"])

    for site in report["sites"]:
        ws = wb.create_sheet(sheet_title(site["name"], taken))
        rows = []
        for sec in site["sections"]:
            status = "；".join(t for _, t in status_tags(sec)) or "正常"
            rows.append(
                [
                    sec["name"],
                    sec["posts"],
                    sec["previous"],
                    sec["change"],
                    sec["share"] / 100,
                    _date(sec["newest"]),
                    status,
                    sec.get("type") or "",  # issue 13: the column's type and where it came from
                    sec.get("type_source") or "",
                ]
            )
        rows.append(
            [
                "合计",
                site["total"],
                site["previous_total"],
                site["change"],
                1 if site["total"] else 0,
                _date(site["newest"]),
                "",
            ]
        )
        _write_table(
            ws,
            ["栏目", cur, prev, "变化", "占比", "最新发布", "状态", "栏目类型", "类型来源"],
            rows,
            {4: CHANGE_FMT, 5: SHARE_FMT, 6: DATE_FMT},
            total_rows={len(rows) - 1},
        )
        # Twelve months of counts below the table, then the disclosure paragraph when there is one.
        ws.append([])
        append_text_safe(ws, ["月份", "发布数"])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        for m in site["months"]:
            append_text_safe(ws, [m["month"], m["posts"]])
        if site.get("paragraph"):
            _append_paragraph(ws, site["paragraph"], 7)
        if site.get("backdated_note"):
            _append_paragraph(ws, site["backdated_note"], 7)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
