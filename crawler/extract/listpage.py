"""Find the posts and the next page(s) on a column list page.

The post list is the repeated sibling block whose members each carry one main link and a date;
navigation, sidebars and footers rarely have dates on every row, so they lose the vote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urldefrag

import lxml.html
from lxml import etree

from crawler.extract.dates import parse_date

NEXT_TEXTS = ("下一页", "下页", "后页", "下一頁", "next", "Next", ">", "›", "»")
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#")


@dataclass(frozen=True)
class Overrides:
    """Per-section CSS selectors from the config; any left None is auto-detected."""
    item: str | None = None
    title: str | None = None
    date: str | None = None
    next_page: str | None = None


@dataclass
class ListItem:
    title: str
    url: str
    published: date | None
    raw_date: str = ""


@dataclass
class ListPage:
    items: list[ListItem] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    rule: str = ""
    total: int | None = None  # what the pager claims ("共123条"), when it says


def parse_html(html: str) -> etree._Element:
    try:
        return lxml.html.document_fromstring(html or "<html></html>")
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html></html>")


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _good_href(href: str | None) -> bool:
    return bool(href) and not href.strip().lower().startswith(_SKIP_SCHEMES)


def _main_link(el: etree._Element) -> etree._Element | None:
    """The row's link with the longest text (title links beat "more" and icon links)."""
    best, best_len = None, 0
    for a in el.iter("a"):
        if not _good_href(a.get("href")):
            continue
        length = len(_text(a) or a.get("title", ""))
        if length > best_len:
            best, best_len = a, length
    return best


def _row_fact(row: etree._Element, base: str) -> ListItem | None:
    a = _main_link(row)
    if a is None:
        return None
    text = _text(row)
    published = parse_date(text)
    title = (a.get("title") or _text(a)).strip()
    if not title:
        return None
    return ListItem(title=title, url=urldefrag(urljoin(base, a.get("href").strip()))[0],
                    published=published, raw_date=published.isoformat() if published else "")


def _candidate_blocks(root: etree._Element):
    for parent in root.iter("ul", "ol", "tbody", "table", "div", "dl", "section"):
        rows = [c for c in parent if isinstance(c.tag, str) and c.tag in ("li", "tr", "dd", "div", "p", "dt")]
        if len(rows) >= 1:
            yield parent, rows


def extract_list(html: str, url: str, overrides: Overrides | None = None) -> ListPage:
    """Items and next-page URLs of one list page."""
    root = parse_html(html)
    base = url
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(url, base_el.get("href"))
    page = ListPage()
    if overrides and overrides.item:
        rows = root.cssselect(overrides.item)
        page.rule = f"override item={overrides.item!r}"
        page.items = [i for i in (_row_fact(r, base) for r in rows) if i]
    else:
        best: tuple[int, list[ListItem], str] = (0, [], "")
        for parent, rows in _candidate_blocks(root):
            facts = [_row_fact(r, base) for r in rows]
            dated = [f for f in facts if f and f.published]
            if len(dated) > best[0] and len(dated) * 2 >= len(rows):
                best = (len(dated), [f for f in facts if f], f"auto {parent.tag}.{parent.get('class', '')}".strip("."))
        page.items, page.rule = best[1], best[2] or "auto: no dated list found"
    page.next_pages = _next_pages(root, base, overrides)
    total = re.search(r"共\s*(\d+)\s*条", _text(root.find("body") if root.find("body") is not None else root))
    page.total = int(total.group(1)) if total else None
    return page


def _next_pages(root: etree._Element, base: str, overrides: Overrides | None) -> list[str]:
    if overrides and overrides.next_page:
        links = root.cssselect(overrides.next_page)
    else:
        links = [a for a in root.iter("a") if _text(a).strip(" <>«»") in NEXT_TEXTS or _text(a) in NEXT_TEXTS]
    out: list[str] = []
    for a in links:
        href = a.get("href")
        if _good_href(href):
            target = urldefrag(urljoin(base, href.strip()))[0]
            if target not in out:
                out.append(target)
    return out
