"""One row of a column list: its title, link, date (or year-less date), pin mark; and the row types.

Why apart: what a row *is* (``row_item``) is the part users tune with selector overrides and the part
most fixes touch; which block of rows is the list is decided in ``crawler.extract.listblock``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from crawler.extract import pagination as pg
from crawler.extract import rowlinks as rl
from crawler.extract.dates import (
    DATE_HINT,
    DATE_MARK,
    MONTH_DAY_ONLY,
    combine_badge,
    is_date_only,
    parse_date,
    parse_month_day,
)
from crawler.extract.html import CONTROL, text_of

_LABEL_DATE = re.compile(r"(?:时间|日期|发布|更新)\s*[:：]?\s*$")
_TRAILING_DATE = re.compile(r"\s*[\[(（【]\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*[\])）】]\s*$")
_PIN = re.compile(r"置顶|\[顶\]|【顶】")
_PIN_ATTR = re.compile(
    r"zhiding|istop|is_top|settop|top_icon|icon_top|(?:\b|_)(?:ding|top|zd)\.(?:gif|png|jpg|svg)", re.I
)
_SHORT = 40


@dataclass(frozen=True)
class Overrides:
    """Per-section CSS selectors from the config; any left None is auto-detected."""

    item: str | None = None
    title: str | None = None
    date: str | None = None
    next_page: str | None = None

    @classmethod
    def from_section(cls, section: object) -> Overrides:
        """The selector overrides of a ``SectionConfig`` (or anything with those attributes)."""
        return cls(*(getattr(section, k, None) for k in ("item", "title", "date", "next_page")))


@dataclass
class ListItem:
    title: str
    url: str
    published: date | None
    raw_date: str = ""
    month_day: tuple[int, int] | None = None  # a year-less date ("[06-20]") still waiting for its year
    pinned: bool = False  # marked 置顶: may be old and out of order
    link: bool = True  # False: a row a reader sees whose link cannot be followed (``crawler.extract.rowlinks``)


class BadSelector(ValueError):
    """A CSS selector in an override that does not parse."""


@lru_cache(maxsize=64)
def css(selector: str) -> CSSSelector:
    try:
        return CSSSelector(selector, translator="html")
    except SelectorError as exc:
        raise BadSelector(f"invalid CSS selector {selector!r}: {exc}") from exc


def select(el: etree._Element, selector: str) -> list[etree._Element]:
    return css(selector)(el)


_text = text_of


# --- one row -------------------------------------------------------------------------------------


def _link_title(a: etree._Element) -> str:
    attr = " ".join((a.get("title") or "").split())
    text = _text(a)
    if len(a) and DATE_HINT.search(text):  # "<a><span>T</span><span>2022-06-20</span></a>": not the date
        kept = [t for t in a.itertext() if t.strip() and not is_date_only(t)]
        text = " ".join("".join(kept).split()) or text
    if len(text) > 60 or any(len(_text(c)) > 0 for c in a if isinstance(c.tag, str) and c.tag in ("p", "div")):
        # a whole card is the link: the heading inside it is the title
        for path in (
            ".//h1",
            ".//h2",
            ".//h3",
            ".//h4",
            ".//h5",
            ".//h6",
            ".//strong",
            ".//*[contains(@class, 'tit')]",
            ".//*[self::div or self::p or self::span][normalize-space()]",
        ):
            head = next(iter(a.xpath(path)), None)
            if head is not None and _text(head):
                text = _text(head)
                break
    if attr and (len(attr) >= len(text) or text.endswith(("...", "…", "..")) or not text):
        return attr
    return text


def _main_link(row: etree._Element) -> tuple[etree._Element | None, str]:
    """The row's link with the longest title (titles beat "more", category and icon links); a followable
    link wins a tie, and ``javascript:;`` / ``#`` / href-less links are taken when nothing better is there."""
    if row.tag == "a" and rl.anchor_state(row) != "skip":
        return row, _link_title(row)
    found = [
        (len(t), s == "good", a, t)
        for a in row.iter("a")
        for s in [rl.anchor_state(a)]
        if s != "skip"
        for t in [_link_title(a)]
        if s == "good" or rl.plausible_title(t)
    ]  # no "分享"/"打印" buttons
    best = max(found, key=lambda f: f[:2], default=None)  # the first of the longest
    return (best[2], best[3]) if best else (None, "")


def _chunks(row: etree._Element, link: etree._Element | None) -> tuple[list[str], list[str]]:
    """Text pieces of a row outside its main link, and inside it (scripts and comments skipped)."""
    outside: list[str] = []
    inside: list[str] = []

    def walk(el: etree._Element, in_link: bool) -> None:
        in_link = in_link or el is link
        if isinstance(el.tag, str) and el.tag not in ("script", "style"):
            if el.text and el.text.strip():
                (inside if in_link else outside).append(el.text.strip())
            for child in el:
                walk(child, in_link)
                if child.tail and child.tail.strip():
                    (inside if in_link else outside).append(child.tail.strip())
        # comments: their own text is skipped; their tail is handled by the parent

    walk(row, False)
    if row.tag == "a":
        outside.extend(_trailing_texts(row))
    return outside, inside


def _trailing_texts(a: etree._Element) -> list[str]:
    """For links that are rows themselves (``<a>T</a> 2022-06-20<br><a>…``): the text after the link
    up to the next link or line break, where such lists put the date."""
    out = [a.tail.strip()] if a.tail and a.tail.strip() else []
    sib = a.getnext()
    while sib is not None and sib.tag not in ("a", "br", "p", "li", "div", "tr") and len(out) < 4:
        if isinstance(sib.tag, str):
            text = _text(sib)
            if text:
                out.append(text)
        if sib.tail and sib.tail.strip() and sib.tag not in ("a", "br"):
            out.append(sib.tail.strip())
        sib = sib.getnext()
    return out


def _row_date(outside: list[str], inside: list[str]) -> tuple[date | None, tuple[int, int] | None, str]:
    """(date, year-less month-day, raw text) of a row, preferring short date-only pieces."""
    short = [t for t in outside if len(t) <= _SHORT and DATE_HINT.search(t)]
    for text in short:
        found = parse_date(text)
        if found:
            return found, None, text
    badge = combine_badge([t for t in outside if len(t) <= 12])
    if badge:
        return badge, None, " ".join(t for t in outside if len(t) <= 12)
    for text in short:
        if len(text) <= 16 and MONTH_DAY_ONLY.match(text):
            md = parse_month_day(text)
            if md:
                return None, md, text
    # a card that is one big link: its short date line, else a title ending "(2020-12-29)", else any
    dated_inside = [t for t in inside if DATE_HINT.search(t)]
    for text in sorted(dated_inside, key=lambda t: len(DATE_HINT.sub("", t))):  # mostly-date first
        found = parse_date(text)
        if found:
            return found, None, text
    for i, text in enumerate(outside):  # "来源：x 发布时间：2022-06-20 点击：3"
        if len(text) > _SHORT and DATE_HINT.search(text):
            match = re.search(r"(?:时间|日期)\s*[:：]\s*([^\s]+)", text)
            if match:
                found = parse_date(match.group(1))
                if found:
                    return found, None, match.group(0)
        elif i and _LABEL_DATE.search(outside[i - 1]) and DATE_HINT.search(text):
            found = parse_date(text)
            if found:
                return found, None, text
    return None, None, ""


def _is_pinned(row: etree._Element, outside: list[str], inside: list[str]) -> bool:
    if any(_PIN.search(t) for t in outside) or any(_PIN.search(t) for t in inside[:2]):
        return True
    for el in row.iter(etree.Element):  # elements only: comments are skipped in C
        for attr in ("class", "src", "alt", "title"):
            value = el.get(attr)
            if value and (_pin_attr(value) or (attr in ("alt", "title") and "置顶" in value)):
                return True
    return False


@lru_cache(maxsize=4096)
def _pin_attr(value: str) -> bool:
    """Cached: every row of a list repeats the same classes and icons."""
    return _PIN_ATTR.search(value) is not None


def row_item(row: etree._Element, base: str, overrides: Overrides | None = None) -> ListItem | None:
    """The post one list row describes, or None when it has no title, or neither a link nor a date."""
    link, title = _main_link(row)
    if overrides and overrides.title:
        picked = select(row, overrides.title)
        if picked:
            target = picked[0]
            inner = target if target.tag == "a" else target.find(".//a")
            link = inner if inner is not None else link
            title = _link_title(target) if target.tag == "a" else _text(target)
    outside, inside = _chunks(row, link)
    if link is None and not (overrides and overrides.title):  # no <a> at all: its text is the title
        title = rl.bare_title(outside, _row_date(outside, inside)[2])
    if not title:
        return None
    if len(title) < 2 or title.isdigit() or pg.is_pager_word(title):
        return None  # pager, "更多" and icon links are not posts
    if sum(1 for t in outside if len(t) <= _SHORT and DATE_MARK.search(t)) > 3:
        return None  # a container of many dated rows (its own links dead or elsewhere), not one post
    if overrides and overrides.date:
        picked = select(row, overrides.date)
        raw = " ".join(_text(p) for p in picked)
        published = parse_date(raw) or combine_badge([t for p in picked for t in p.itertext() if t.strip()])
        month_day = None if published else parse_month_day(raw)
    else:
        published, month_day, raw = _row_date(outside, inside)
    title = CONTROL.sub("", _TRAILING_DATE.sub("", title).strip() or title)
    followable = link is not None and pg.good_href(link.get("href"))
    if not followable and not ((published or month_day) and rl.plausible_title(title, sum(map(len, outside + inside)))):
        return None  # an undated title with nothing to follow: a heading or menu entry as likely as a post
    url = pg.absolute(base, link.get("href")) if followable and link is not None else rl.row_target(row, link, base)
    return ListItem(
        title=title,
        url=url,
        published=published,
        raw_date=raw,
        month_day=month_day,
        pinned=_is_pinned(row, outside, inside),
        link=followable,
    )
