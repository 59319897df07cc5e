"""Publish dates as campus sites write them, parsed without guessing.

A date with no year is returned as (None, month, day) by ``parse_parts`` so that the caller can take
the year from context (the article page, or the list's order across a new year), never from "today".
"""
from __future__ import annotations

import re
from datetime import date

_FULL = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.年])\s*(?P<m>\d{1,2})\s*(?:[-/.月])\s*(?P<d>\d{1,2})(?!\d)\s*日?")
_SHORT_YEAR = re.compile(r"(?<![\d-])(?P<y>\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])")
_NO_YEAR = re.compile(r"(?<![\d\-/.])(?P<m>\d{1,2})(?:[-/.]|月)(?P<d>\d{1,2})日?(?![\d\-/.])")

DATE_HINT = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\b\d{1,2}-\d{1,2}\b|\d{1,2}月\d{1,2}日")


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first full date (with a four-digit year) in ``text``, or None."""
    if not text:
        return None
    for match in _FULL.finditer(text):
        found = _make(int(match["y"]), int(match["m"]), int(match["d"]))
        if found:
            return found
    match = _SHORT_YEAR.search(text)
    if match:
        return _make(2000 + int(match["y"]), int(match["m"]), int(match["d"]))
    return None


def parse_month_day(text: str) -> tuple[int, int] | None:
    """A year-less month and day such as ``06-20`` or ``[06-20]``, or None."""
    if not text:
        return None
    match = _NO_YEAR.search(text)
    if not match:
        return None
    m, d = int(match["m"]), int(match["d"])
    return (m, d) if 1 <= m <= 12 and 1 <= d <= 31 else None
