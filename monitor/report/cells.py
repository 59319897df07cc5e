"""Spreadsheet cells from hostile text: a string Excel, WPS or LibreOffice would run as a formula stays text.

Site and section names come from the config and titles from crawled pages; a name like
``=cmd|' /C calc'!A0`` or ``@SUM(A1)`` in a CSV or XLSX report would be evaluated when an office worker
opens the file. The rule (OWASP's CSV injection list) lives here once for every writer: strings starting
with ``=``, ``+``, ``-``, ``@``, tab or CR are text. Numbers stay numbers (a change of -2 is a number).
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """True for a string a spreadsheet would read as a formula (only strings: -2 as a number is fine)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_cell(value: Any) -> Any:
    """``value`` for a CSV cell: formula-like strings get a leading ``'``, which spreadsheets show as text."""
    return "'" + value if formula_like(value) else value


def xlsx_value(value: Any) -> Any:
    """``value`` ready for openpyxl: control characters XML cannot carry (a config may hold ``\\u000b``)
    become U+FFFD, where openpyxl would raise IllegalCharacterError and lose the whole report."""
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def xlsx_text(cell) -> None:
    """Make an openpyxl cell holding a formula-like string a plain text cell.

    openpyxl stores any str starting with ``=`` as a formula; the cell becomes a string cell (data type
    ``s``) with Excel's quote prefix, so the value reads back unchanged and editing it keeps it text.
    """
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def append_text_safe(ws, values: list[Any]) -> None:
    """``ws.append(values)`` with every cell of the new row made safe (``xlsx_value``, ``xlsx_text``)."""
    ws.append([xlsx_value(v) for v in values])
    if values:
        for cell in ws[ws.max_row]:
            xlsx_text(cell)
