"""The dated items of a home page (its 学校要闻 / 通知公告 blocks) and the newest of them.

Why: inspectors count a home page not updated within two weeks as 网站不更新, whatever its columns say
(issue 13). A home page has several small blocks of dated rows instead of one list, so every repeated
block of dated rows counts (the list-page vote in ``crawler.extract.listblock`` picks only one), read row
by row with the list extractor's ``row_item`` (full dates, ``MM-DD``, calendar badges).

Home pages often print ``(12-29)`` without the year, and no article page is fetched for it here: the
year is taken from a date in the item's URL when it agrees (TRS ``t20201229_…``, WebPlus
``/2020/1229/…``), else the latest such day on or before ``today``, so a year-less date never makes a
home page look staler than it is. Dates after ``today`` (typos such as 2062) are kept in the items but
never count as the newest. A header's "今天是2026年12月2日" is not an item: only rows of a block of at
least two dated rows, each with a title, count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from crawler.extract import rowlinks as rl
from crawler.extract.dates import make_date, with_year_before
from crawler.extract.html import base_url, parse_html
from crawler.extract.listblock import _candidate_groups, _date_marks
from crawler.extract.listrow import row_item

MAX_ITEMS = 40  # items kept for the record (newest first); a home page shows a few dozen
_URL_DATE = re.compile(r"(?<!\d)(20\d{2})[/_-]?(\d{2})[/_-]?(\d{2})(?!\d)")


@dataclass(frozen=True)
class HomeItem:
    title: str
    url: str
    published: date
    year_guessed: bool = False  # the page gave only month and day


@dataclass
class HomeDates:
    newest: date | None = None  # the newest date on or before today; None: no dated item at all
    items: list[HomeItem] = field(default_factory=list)  # newest first, at most MAX_ITEMS
    blocks: int = 0  # blocks of dated rows found

    @property
    def newest_item(self) -> HomeItem | None:
        return next((i for i in self.items if i.published == self.newest), None)


def _url_year(url: str, month_day: tuple[int, int]) -> date | None:
    """The full date an item's URL carries, when its month and day are the list's."""
    for match in _URL_DATE.finditer(url):
        found = make_date(int(match[1]), int(match[2]), int(match[3]))
        if found and (found.month, found.day) == month_day:
            return found
    return None


def _item(row: etree._Element, base: str, today: date) -> HomeItem | None:
    item = row_item(row, base)
    if item is None:
        return None
    if item.published:
        return HomeItem(item.title, item.url, item.published)
    if item.month_day:
        full = _url_year(item.url, item.month_day)
        guessed = full or with_year_before(item.month_day, today)
        if guessed:
            return HomeItem(item.title, item.url, guessed, year_guessed=full is None)
    return None


def home_dates(page: str | etree._Element, url: str, today: date) -> HomeDates:
    """Every dated item in the blocks of a home page (HTML text or a parsed tree), and the newest."""
    root = parse_html(page) if isinstance(page, str) else page
    base = base_url(root, url)
    counts = rl.anchor_counts(root)
    marked = _date_marks(root)
    blocks: list[tuple[list[etree._Element], list[HomeItem]]] = []
    for _parent, rows in _candidate_groups(root, counts, marked):
        dated = [r for r in rows if r in marked]
        found = [i for i in (_item(r, base, today) for r in dated) if i is not None] if len(dated) >= 2 else []
        if len(found) >= 2:
            blocks.append((dated, found))
    rows_of_blocks = {row for dated, _ in blocks for row in dated}
    seen: dict[tuple[str, str, date], HomeItem] = {}
    kept = 0
    for dated, found in blocks:
        if any(d in rows_of_blocks for row in dated for d in row.iterdescendants()):
            continue  # a box of blocks (the 要闻 and 公告 panels side by side), not one block of items
        kept += 1
        for home_item in found:
            seen.setdefault((home_item.title, home_item.url, home_item.published), home_item)
    items = sorted(seen.values(), key=lambda i: (i.published, i.title), reverse=True)
    newest = max((i.published for i in items if i.published <= today), default=None)
    return HomeDates(newest=newest, items=items[:MAX_ITEMS], blocks=kept)
