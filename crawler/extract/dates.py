"""Publish dates as campus sites write them, parsed without guessing.

Full dates come in many spellings (``2022-06-20``, ``2022/6/20``, ``2022.06.20``, ``2022年6月20日``,
with or without a time) and TRS templates print a two-digit year (``20-09-22``). A date with no year
(``[06-20]``) is returned by ``parse_month_day`` so that the caller takes the year from context — the
article page, or the list's order across a new year (``resolve_years``) — never from "today".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

_FULL = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?")
_SHORT_YEAR = re.compile(r"(?<![\d\-/.:])(?P<y>\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d\-/.])")
_NO_YEAR = re.compile(r"(?<![\d\-/.:])(?P<m>\d{1,2})(?:[-/.]|月)(?P<d>\d{1,2})日?(?![\d\-/.:])")
# calendar badges: the day in one element, year and month in another
YEAR_MONTH = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*月?\s*$")
DAY = re.compile(r"^\s*(?P<d>\d{1,2})\s*日?\s*$")
YEAR = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})\s*年?\s*$")
MONTH_DAY_ONLY = re.compile(r"^\s*[\[(（【]?\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?\s*[\])）】]?\s*$")
# any date-looking substring, for a cheap "could this text hold a date?" test
DATE_HINT = re.compile(r"\d{1,4}\s*[-/.年月]\s*\d{1,2}")
# stricter: a year with a month, a TRS YY-MM-DD, or a text that is only a month-day ("[06-20]")
DATE_MARK = re.compile(
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|(?<!\d)\d{2}-\d{1,2}-\d{1,2}(?!\d)|"
    r"^\s*[\[(（【]?\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*[\])）】]?\s*$"
)


_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_LEFTOVER = re.compile(r"[\s\[\]()（）【】:：|/·\-]+|发布时间|发布日期|发布|日期|时间|更新")


def is_date_only(text: str) -> bool:
    """``[2022-06-20]``, ``06-20``, ``发布时间：2022-06-20 10:08`` — a text that is nothing but a date."""
    rest = _TIME.sub("", _NO_YEAR.sub("", _SHORT_YEAR.sub("", _FULL.sub("", text))))
    return rest != text and len(_LEFTOVER.sub("", rest)) <= 1


def make_date(y: int, m: int, d: int) -> date | None:
    """A date, or None when the parts are not a real calendar day."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first full date in ``text`` (four-digit year, or a TRS-style ``YY-MM-DD``), or None."""
    if not text:
        return None
    for match in _FULL.finditer(text):
        found = make_date(int(match["y"]), int(match["m"]), int(match["d"]))
        if found:
            return found
    for match in _SHORT_YEAR.finditer(text):
        found = make_date(2000 + int(match["y"]), int(match["m"]), int(match["d"]))
        if found:
            return found
    return None


def parse_month_day(text: str) -> tuple[int, int] | None:
    """A year-less month and day such as ``06-20``, ``[06-20]`` or ``6月20日``, or None."""
    if not text:
        return None
    for match in _NO_YEAR.finditer(text):
        m, d = int(match["m"]), int(match["d"])
        if 1 <= m <= 12 and 1 <= d <= 31 and make_date(2000, m, d):  # 2000 is a leap year
            return m, d
    return None


def combine_badge(texts: Iterable[str]) -> date | None:
    """A date split over elements: ``<b>20</b><span>2022-06</span>`` or ``<span>2022</span><em>06-20</em>``."""
    year_month = day = year = month_day = None
    for text in texts:
        if year_month is None and (m := YEAR_MONTH.match(text)):
            year_month = (int(m["y"]), int(m["m"]))
        elif day is None and (m := DAY.match(text)):
            day = int(m["d"])
        elif year is None and (m := YEAR.match(text)):
            year = int(m["y"])
        elif month_day is None and (m := MONTH_DAY_ONLY.match(text)):
            month_day = (int(m["m"]), int(m["d"]))
    if year_month and day:
        return make_date(year_month[0], year_month[1], day)
    if year and month_day:
        return make_date(year, *month_day)
    return None


def with_year_before(month_day: tuple[int, int], later: date) -> date | None:
    """The latest date on or before ``later`` that falls on ``month_day`` (lists run newest first)."""
    m, d = month_day
    for year in (later.year, later.year - 1, later.year - 2, later.year - 3, later.year - 4):
        found = make_date(year, m, d)
        if found and found <= later:
            return found
    return None


def nearest_with_year(month_day: tuple[int, int], anchor: date) -> date | None:
    """The date on ``month_day`` closest to ``anchor`` (the year before, of, or after it)."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := make_date(y, *month_day))]
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None


def resolve_years(
    month_days: Sequence[tuple[int, int] | None], anchor: date, pinned: Sequence[bool] | None = None
) -> list[date | None]:
    """Give year-less dates of a newest-first list their years.

    ``anchor`` is a full date known for the first unpinned dated entry (from its article page, or the
    last resolved date of the previous list page). Walking down the list, a month-day later in the
    year than the one above it means the list crossed a new year. Pinned entries (置顶) sit out of
    order, so they are skipped here and left None for the caller to date from their article pages.
    """
    out: list[date | None] = []
    current: date | None = None
    for i, md in enumerate(month_days):
        if md is None or (pinned and pinned[i]):
            out.append(None)
            continue
        if current is None:
            current = nearest_with_year(md, anchor)
        else:
            current = with_year_before(md, current)
        out.append(current)
    return out
