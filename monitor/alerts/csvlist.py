"""The digest's complete list of findings as a CSV attachment (issue 12): what the capped mail leaves out.

UTF-8 with a BOM so Excel and WPS open the Chinese headers and names correctly when the file is
double-clicked (without it Excel on Chinese Windows reads the bytes as GBK). Every cell that came from a
crawled page or the config goes through ``monitor.report.cells.csv_cell``: a link text ``=HYPERLINK(...)``
stays text. Times are shown in the configured zone, like the mail.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from monitor import clock
from monitor.alerts.wording import kind_name, reason_text
from monitor.findingsview import sort_key
from monitor.report.cells import csv_cell
from monitor.severity import label

HEADERS = [
    "编号",
    "严重程度",
    "状态",
    "站点",
    "栏目",
    "类型",
    "网址",
    "所在页面",
    "原因",
    "详情",
    "首次发现",
    "最近发现",
]
CSV_TYPE = "text/csv"


def file_name(local_date: str) -> str:
    """``campus-monitor-问题清单-2026-12-01.csv``; the mail encodes it per RFC 2231 (``filename*=utf-8''…``)."""
    return f"campus-monitor-问题清单-{local_date}.csv"


def _places(f: dict[str, Any]) -> str:
    """Every page the finding sits on, one a line (a quoted CSV cell keeps the line breaks)."""
    out = []
    for place in f.get("found_on") or []:
        text = " ".join(str(place.get("text") or "").split())
        out.append(str(place.get("url") or "") + (f" “{text}”" if text else ""))
    return "\n".join(out)


def findings_csv(parts: list[tuple[str, list[dict[str, Any]]]], tz: str) -> bytes:
    """``parts`` is (status shown in 状态, findings) per digest block; one row per finding, most pressing
    first within a block; UTF-8 with BOM, CRLF line ends (what Excel writes)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(HEADERS)
    for status, findings in parts:
        for f in sorted(findings, key=sort_key):
            row = [
                f.get("id"),
                label(f.get("severity")),
                status,
                f.get("site") or "",
                f.get("section") or "",
                kind_name(f["kind"]),
                f.get("url") or "",
                _places(f),
                reason_text(f.get("reason")),
                f.get("detail") or "",
                clock.local(f.get("first_seen"), tz),
                clock.local(f.get("last_seen"), tz),
            ]
            out.writerow([csv_cell(v) for v in row])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")
