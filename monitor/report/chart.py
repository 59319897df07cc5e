"""Posts-per-month bar chart as inline SVG: no scripts, no fonts or files to fetch, prints crisply."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

WIDTH, HEIGHT = 680, 190
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 22, 42
BAR = "#9bb7d4"
BAR_CURRENT = "#2b5c8a"
GRID = "#d9dee5"
TEXT = "#333"


def nice_ceiling(value: int) -> int:
    """The smallest 1/2/5×10^n at or above ``value`` (at least 1), so gridlines land on round numbers."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


def month_chart_svg(months: Sequence[dict[str, Any]], title: str = "") -> str:
    """Bars for ``[{"month": "YYYY-MM", "posts": n}, ...]``; the last month is highlighted."""
    n = max(len(months), 1)
    top = nice_ceiling(max((m["posts"] for m in months), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / n
    bar_w = slot * 0.62
    base = TOP + plot_h
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" '
        'font-family="sans-serif">'
    ]
    if title:
        out.append(f"<title>{escape(title)}</title>")
    for frac in (0, 0.5, 1):
        y = base - plot_h * frac
        label = round(top * frac, 1)
        label_s = str(int(label)) if float(label).is_integer() else str(label)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" fill="{TEXT}" text-anchor="end">{label_s}</text>'
        )
    for i, m in enumerate(months):
        posts = int(m["posts"])
        year, month = m["month"].split("-")
        h = plot_h * posts / top
        x = LEFT + slot * i + (slot - bar_w) / 2
        cx = x + bar_w / 2
        colour = BAR_CURRENT if i == len(months) - 1 else BAR
        out.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
            f'fill="{colour}"><title>{escape(m["month"])}: {posts}</title></rect>'
        )
        out.append(
            f'<text x="{cx:.1f}" y="{base - h - 4:.1f}" font-size="11" fill="{TEXT}" '
            f'text-anchor="middle">{posts}</text>'
        )
        out.append(
            f'<text x="{cx:.1f}" y="{base + 15}" font-size="11" fill="{TEXT}" '
            f'text-anchor="middle">{int(month)}月</text>'
        )
        if i == 0 or month == "01":
            out.append(
                f'<text x="{cx:.1f}" y="{base + 30}" font-size="10" fill="#777" '
                f'text-anchor="middle">{escape(year)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def month_chart_table(months: Sequence[dict[str, Any]], title: str = "", height: int = 110) -> str:
    """The same chart as nested HTML tables with inline attributes, for mail clients that drop SVG
    (Gmail, Outlook): every bar is a cell with a bgcolor and a pixel height."""
    top = nice_ceiling(max((m["posts"] for m in months), default=0))
    cells = []
    for i, m in enumerate(months):
        posts = int(m["posts"])
        h = round(height * posts / top)
        colour = BAR_CURRENT if i == len(months) - 1 else BAR
        bar = (
            f'<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="26" align="center">'
            f'<tr><td height="{h}" bgcolor="{colour}" style="height:{h}px;background:{colour};'
            f'font-size:1px;line-height:1px">&nbsp;</td></tr></table>'
            if h
            else ""
        )
        cells.append(
            f'<td valign="bottom" align="center" height="{height + 16}" '
            f'style="font-size:11px;color:{TEXT};padding:0 8px">{posts}{bar}</td>'
        )
    labels = "".join(
        f'<td align="center" style="font-size:11px;color:{TEXT};border-top:1px solid {GRID}">'
        f"{int(m['month'][5:])}月</td>"
        for m in months
    )
    caption = f'<caption style="font-size:12px;color:#666;text-align:left">{escape(title)}</caption>' if title else ""
    return (
        f'<table class="mailchart" role="img" aria-label="{escape(title)}" cellpadding="0" cellspacing="0" '
        f'border="0" style="border-collapse:collapse;margin:4px 0 8px">{caption}'
        f"<tr>{''.join(cells)}</tr><tr>{labels}</tr></table>"
    )
