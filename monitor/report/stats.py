"""Pure arithmetic for post-count reports: periods, exact shares, the disclosure paragraph.

Published disclosure reports often print percentages that do not add up; here every share is computed
from exact fractions and rounded with the largest-remainder method, so a site's shares always sum to
exactly 100.0%.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction


@dataclass(frozen=True)
class Period:
    """An inclusive date range and how it was asked for (month, year, academic_year, range)."""

    start: date
    end: date
    kind: str = "range"

    @property
    def label(self) -> str:
        """How the period reads in a Chinese heading."""
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "year":
            return f"{self.start.year}年"
        if self.kind == "academic_year":
            return f"{self.start.year}—{self.end.year}学年"
        return zh_range(self.start, self.end)

    @property
    def previous_label(self) -> str:
        return {"month": "上月", "year": "上年", "academic_year": "上学年"}.get(self.kind, "上期")

    @property
    def current_label(self) -> str:
        return {"month": "本月", "year": "本年", "academic_year": "本学年"}.get(self.kind, "本期")


def month_period(text: str) -> Period:
    """``2022-06`` → 2022-06-01..2022-06-30; raises ValueError on anything else."""
    year_s, sep, month_s = text.strip().partition("-")
    if not sep or len(year_s) != 4 or not (1 <= len(month_s) <= 2):
        raise ValueError(text)
    year, month = int(year_s), int(month_s)
    if not 1 <= month <= 12:
        raise ValueError(text)
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), "year")


def academic_year_period(year: int) -> Period:
    """Academic year ``year`` runs from 1 September ``year`` to 31 August ``year + 1``."""
    return Period(date(year, 9, 1), date(year + 1, 8, 31), "academic_year")


def add_months(d: date, months: int) -> date:
    """The first day of the month ``months`` away from ``d``'s month."""
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def previous_month(today: date) -> str:
    """``YYYY-MM`` of the month before ``today``'s: what the monthly report on the 1st covers."""
    return add_months(today, -1).strftime("%Y-%m")


def previous_period(period: Period) -> Period:
    """The period to compare with: the month / year / academic year before, or an equally long range."""
    if period.kind == "month":
        return month_period(add_months(period.start, -1).strftime("%Y-%m"))
    if period.kind == "year":
        return year_period(period.start.year - 1)
    if period.kind == "academic_year":
        return academic_year_period(period.start.year - 1)
    days = (period.end - period.start).days + 1
    end = period.start - timedelta(days=1)
    return Period(end - timedelta(days=days - 1), end, "range")


def chart_months(period: Period, count: int = 12) -> list[str]:
    """The ``count`` months (``YYYY-MM``) ending with the month the period ends in."""
    last = period.end.replace(day=1)
    return [add_months(last, i - count + 1).strftime("%Y-%m") for i in range(count)]


def shares_tenths(counts: Sequence[int]) -> list[int]:
    """Shares of ``counts`` in tenths of a percent (sum 1000), rounded by largest remainder.

    Each exact share c*1000/total is floored; the units still missing go to the largest remainders
    (ties: larger count first, then earlier position). All-zero counts give all-zero shares.
    """
    total = sum(counts)
    if total <= 0:
        return [0] * len(counts)
    exact = [Fraction(c * 1000, total) for c in counts]
    floors = [int(x) for x in exact]  # counts are >= 0, so int() floors
    missing = 1000 - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), -counts[i], i))
    for i in order[:missing]:
        floors[i] += 1
    return floors


def tenths_text(tenths: int) -> str:
    """420 → "42.0" (a share in tenths of a percent, shown with one decimal)."""
    return f"{tenths // 10}.{tenths % 10}"


def zh_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def zh_range(start: date, end: date) -> str:
    return f"{zh_date(start)}至{zh_date(end)}"


def extremes(sections: Sequence[tuple[str, int]]) -> tuple[list[str], list[str]]:
    """Names of the busiest and the quietest sections (all of them when tied)."""
    if not sections:
        return [], []
    top = max(n for _, n in sections)
    low = min(n for _, n in sections)
    return [s for s, n in sections if n == top], [s for s, n in sections if n == low]


def disclosure_paragraph(site: str, start: date, end: date, sections: Sequence[tuple[str, int]]) -> str:
    """The ready-to-paste sentence of an annual information-disclosure report.

    ``sections`` are (name, posts) in the site's own order; shares are one decimal and add up to 100.0%.
    """
    total = sum(n for _, n in sections)
    text = f"{zh_range(start, end)}，{site}共计发布信息{total}条"
    if total == 0 or not sections:
        return text + "。"
    tenths = shares_tenths([n for _, n in sections])
    parts = [f"{name}{n}条，占{tenths_text(t)}%" for (name, n), t in zip(sections, tenths, strict=True)]
    text += "，其中" + "；".join(parts) + "。"
    if len(sections) < 2:
        return text
    busiest, quietest = extremes(sections)
    top = max(n for _, n in sections)
    low = min(n for _, n in sections)
    if top == low:
        return text + f"各栏目发布数量相同，均为{top}条。"
    each_top = "各" if len(busiest) > 1 else ""
    each_low = "各" if len(quietest) > 1 else ""
    return (
        text + f"发布最多的栏目是{'、'.join(busiest)}（{each_top}{top}条），"
        f"最少的是{'、'.join(quietest)}（{each_low}{low}条）。"
    )
