"""Find the posts and the next page(s) on a column list page.

The post list is the repeated sibling block whose members each carry one main link and a date.
Navigation, sidebars, "热点/推荐" boxes and footers lose the vote: they sit under nav/footer/side/hot
containers or headings, rarely date every row, and sit far from the pager; posts inside HTML comments
are not elements at all. 大汉 JCMS keeps its rows in a ``<script type="text/xml">`` datastore, read as
records. Lists with no dates fall back to the biggest block of long-titled links near the pager; their
posts stay undated until the caller reads the article pages (``crawler.extract.article``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from lxml import etree

from crawler.extract import pagination as pg
from crawler.extract import rowlinks as rl
from crawler.extract.html import base_url, parse_html, without
from crawler.extract.listblock import _pick_list
from crawler.extract.listrow import (
    BadSelector,
    ListItem,
    Overrides,
    _text,
    css,
    row_item,
    select,  # ListItem, Overrides, BadSelector: re-exported
)


@dataclass
class ListPage:
    items: list[ListItem] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    rule: str = ""
    total: int | None = None  # what the pager claims ("共123条"), when it says
    script_pages: list[str] = field(default_factory=list)  # every page a script pager names
    page_count: int | None = None  # pages the pager claims, when it says
    page_size: int | None = None  # posts per page the pager claims ("每页 18 记录"), when it says

    @property
    def newest(self) -> date | None:
        """The newest publish date on the page: the maximum, never the first (pinned posts)."""
        dates = [i.published for i in self.items if i.published]
        return max(dates) if dates else None


# --- the page ------------------------------------------------------------------------------------


def _pager_ancestors(root: etree._Element, base: str, url: str) -> tuple[set, list[str], list]:
    nexts: list[str] = []
    arrows: list[str] = []
    anchors = []
    for a in root.iter("a"):
        href = a.get("href")
        if not pg.good_href(href):
            continue
        if a.text and len(a.text.strip()) > 12 and not a.get("class") and not a.get("rel"):
            continue  # a title link, not a pager link (cheap test before the full text)
        text = _text(a)
        if len(text) > 12 and not a.get("class"):
            continue
        if pg.is_next_link(a, text):
            anchors.append(a)
            target = pg.absolute(base, href)
            if target != url and target not in nexts:
                nexts.append(target)
        elif text.isdigit() and len(text) <= 4:
            anchors.append(a)
        elif text in pg.ARROWS:
            arrows.append(pg.absolute(base, href))
    if not nexts:
        nexts = [u for u in arrows if u != url][:1]
    for el in root.iter("div", "ul", "span", "td", "p"):
        cls, ident = el.get("class"), el.get("id")
        if (cls and _pager_named(cls)) or (ident and _pager_named(ident)):
            anchors.append(el)
            break
    ancestors: set = set()
    for a in anchors[:3] + anchors[-1:]:
        el = a.getparent()
        while el is not None and el not in ancestors:
            ancestors.add(el)
            el = el.getparent()
    return ancestors, nexts, anchors


@lru_cache(maxsize=4096)
def _pager_named(value: str) -> bool:
    """Cached: a template repeats its few class names on hundreds of elements."""
    value = value.lower()
    return "pag" in value or "fanye" in value


def _valid_overrides(overrides: Overrides | None) -> tuple[Overrides | None, list[str]]:
    """The overrides whose selectors parse; a bad one is dropped (auto-detection instead) and named."""
    if overrides is None:
        return None, []
    problems, good = [], {}
    for key in ("item", "title", "date", "next_page"):
        value = getattr(overrides, key)
        if value:
            try:
                css(value)
                good[key] = value
            except BadSelector as exc:
                problems.append(f"{key} override ignored: {exc}")
    return Overrides(**good), problems


def extract_list(html: str, url: str, overrides: Overrides | None = None) -> ListPage:
    """Items and next-page URLs of one list page (or one 大汉 JCMS dataproxy answer)."""
    return list_in(parse_html(html), html, url, overrides)


def list_in(root: etree._Element, html: str, url: str, overrides: Overrides | None = None) -> ListPage:
    """``extract_list`` on the page's one parse (``html`` is its source text: script pagers, JCMS
    datastores). The tree is read without its scripts and styles and left as it was found."""
    store = pg.jcms_store(html or "")
    records = pg.jcms_records(store) if store else []
    base = base_url(root, url)
    if store and records:
        return _extract_jcms(store, records, base, overrides)
    with without(root, "script", "style", "noscript"):
        return _list_page(root, html, base, url, overrides)


def _list_page(root: etree._Element, html: str, base: str, url: str, overrides: Overrides | None) -> ListPage:
    page = ListPage()
    ancestors, nexts, _ = _pager_ancestors(root, base, url)
    overrides, problems = _valid_overrides(overrides)
    if overrides and overrides.item:
        rows = select(root, overrides.item)
        page.items = [i for i in (row_item(r, base, overrides) for r in rows) if i]
        page.rule = f"override item={overrides.item!r} ({len(page.items)} rows)"
    else:
        page.items, page.rule, rows = _pick_list(root, base, ancestors)
        if overrides and (overrides.title or overrides.date) and rows:
            page.items = [i for i in (row_item(r, base, overrides) for r in rows) if i]
            page.rule += "; title/date overrides applied"
    page.rule += "".join(f"; {p}" for p in problems)
    page.items = rl.distinct_rows(page.items)
    text = " ".join(root.xpath("string(//body)").split())  # whole-page text, built in C
    page.total = pg.pager_total(text)
    page.page_count = pg.stated_pages(text)
    page.page_size = pg.stated_page_size(text)
    if overrides and overrides.next_page:
        page.next_pages = [
            pg.absolute(base, a.get("href"))
            for a in select(root, overrides.next_page)
            if pg.good_href(a.get("href")) and pg.absolute(base, a.get("href")) != url
        ]
        page.rule += f"; next_page override {overrides.next_page!r}"
        return page
    page.next_pages = nexts
    script = pg.trs_pages(html, base)
    if script:
        page.script_pages = script.pages
        page.page_count = page.page_count or script.count
        if script.next and script.next not in page.next_pages:
            page.next_pages.append(script.next)
        page.rule += f"; TRS createPageHTML pager ({script.count} pages)"
    if not page.next_pages:
        numbered = pg.numbered_links(root, base, url)
        current = pg.current_page_number(root) or 1
        later = [u for n, u in numbered if n > current]
        if later:
            page.next_pages = later[:1]
            page.rule += "; numbered pager"
    return page


def _extract_jcms(html: str, records: list[str], base: str, overrides: Overrides | None) -> ListPage:
    page = ListPage(rule=f"大汉 JCMS datastore ({len(records)} records)")
    for record in records:
        frag = parse_html(f"<html><body><div id='r'>{record}</div></body></html>")
        holder = frag.find(".//div[@id='r']")
        rows = [c for c in holder if isinstance(c.tag, str)] or [holder]
        row = rows[0] if len(rows) == 1 else holder
        if overrides and overrides.item:
            picked = select(holder, overrides.item)
            row = picked[0] if picked else row
        item = row_item(row, base, overrides)
        if item:
            page.items.append(item)
    page.items = rl.distinct_rows(page.items)
    page.total = pg.jcms_total(html)
    per = pg._JCMS_PERPAGE.search(html)
    page.page_size = int(per.group(1)) if per else None
    nxt = pg.jcms_next(html, base, len(records))
    if nxt and nxt.next:
        page.next_pages = [nxt.next]
        page.rule += "; dataproxy paging"
    return page
