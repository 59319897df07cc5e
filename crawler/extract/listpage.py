"""Find the posts and the next page(s) on a column list page.

The post list is the repeated sibling block whose members each carry one main link and a date.
Navigation, sidebars, "热点/推荐" boxes and footers lose the vote: they sit under nav/footer/side/hot
containers or headings, rarely date every row, and sit far from the pager; posts inside HTML comments
are not elements at all. 大汉 JCMS keeps its rows in a ``<script type="text/xml">`` datastore, read as
records. Lists with no dates fall back to the biggest block of long-titled links near the pager; their
posts stay undated until the caller reads the article pages (``crawler.extract.article``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from crawler.extract import pagination as pg
from crawler.extract import rowlinks as rl
from crawler.extract.html import CONTROL, base_url, parse_html, text_of
from crawler.extract.dates import (DATE_HINT, DATE_MARK, MONTH_DAY_ONLY, combine_badge, is_date_only,
                                   parse_date, parse_month_day)

_ROW_TAGS = {"li", "tr", "dd", "dt", "div", "p", "a", "article", "section", "table", "dl", "h2", "h3", "h4",
             "tbody"}
_NOISE_TOKENS = ("nav", "menu", "foot", "side", "hot", "rank", "tuijian", "recommend", "remen", "redian",
                 "friend", "youqing", "crumb", "breadcrumb", "header", "dhl", "daohang", "links", "flink")
_NOISE_TAGS = {"nav", "footer", "header", "aside"}
_NOISE_HEADINGS = re.compile(r"热点|热门|推荐|排行|点击|阅读榜|友情链接|相关链接|快速通道|专题")
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_LABEL_DATE = re.compile(r"(?:时间|日期|发布|更新)\s*[:：]?\s*$")
_TRAILING_DATE = re.compile(r"\s*[\[(（【]\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*[\])）】]\s*$")
_PIN = re.compile(r"置顶|\[顶\]|【顶】")
_PIN_ATTR = re.compile(r"zhiding|istop|is_top|settop|top_icon|icon_top|(?:\b|_)(?:ding|top|zd)\.(?:gif|png|jpg|svg)", re.I)
_SHORT = 40
_COLUMN_URL = re.compile(r"(?:/|/(?:index|list|default|more)[\w\-]*\.(?:s?html?|jsp|php|aspx?|jhtml|psp))$", re.I)


@dataclass(frozen=True)
class Overrides:
    """Per-section CSS selectors from the config; any left None is auto-detected."""
    item: str | None = None
    title: str | None = None
    date: str | None = None
    next_page: str | None = None

    @classmethod
    def from_section(cls, section: object) -> "Overrides":
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
        for path in (".//h1", ".//h2", ".//h3", ".//h4", ".//h5", ".//h6", ".//strong",
                     ".//*[contains(@class, 'tit')]", ".//*[self::div or self::p or self::span][normalize-space()]"):
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
    found = [(len(t), s == "good", a, t) for a in row.iter("a") for s in [rl.anchor_state(a)] if s != "skip"
             for t in [_link_title(a)] if s == "good" or rl.plausible_title(t)]  # no "分享"/"打印" buttons
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
        if sib.tail and sib.tail.strip():
            if sib.tag not in ("a", "br"):
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
    for el in row.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("class", "src", "alt", "title"):
            value = el.get(attr)
            if value and (_PIN_ATTR.search(value) or (attr in ("alt", "title") and "置顶" in value)):
                return True
    return False


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
    if not followable and not ((published or month_day)
                               and rl.plausible_title(title, sum(map(len, outside + inside)))):
        return None  # an undated title with nothing to follow: a heading or menu entry as likely as a post
    url = pg.absolute(base, link.get("href")) if followable else rl.row_target(row, link, base)
    return ListItem(title=title, url=url, published=published, raw_date=raw, month_day=month_day,
                    pinned=_is_pinned(row, outside, inside), link=followable)


# --- which block is the list ---------------------------------------------------------------------

_INLINE = {"font", "span", "em", "i", "small", "b", "strong", "label"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "span", "strong", "b", "p", "em", "a", "dt", "font"}


def _noisy_attrs(el: etree._Element) -> bool:
    for attr in ("class", "id"):
        value = el.get(attr)
        if value:
            for token in _TOKEN_SPLIT.split(value.lower()):
                if token.startswith(_NOISE_TOKENS):
                    return True
    return False


def _noisy_heading(el: etree._Element) -> bool:
    """A short title just before a block: "热点新闻", "推荐阅读", "友情链接" …"""
    prev = el.getprevious()
    for _ in range(2):
        if prev is None:
            return False
        if isinstance(prev.tag, str):
            heading = prev.tag in _HEADING_TAGS or "tit" in (prev.get("class") or "").lower()
            if heading or len(prev) <= 2:
                text = _text(prev)
                if len(text) <= 20 and _NOISE_HEADINGS.search(text):
                    return True
        prev = prev.getprevious()
    return False


def _noise(parent: etree._Element, row: etree._Element | None = None) -> float:
    """How much a block looks like navigation, sidebar, hot box or footer (1.0 = not at all)."""
    if row is not None and (row.tag in _NOISE_TAGS or _noisy_attrs(row)):
        return 0.2
    el, depth = parent, 0
    while el is not None and depth < 12:
        if el.tag in _NOISE_TAGS or _noisy_attrs(el):
            return 0.2
        if depth < 2 and _noisy_heading(el):
            return 0.2
        el, depth = el.getparent(), depth + 1
    return 1.0


def _near_pager(parent: etree._Element, pager_ancestors: set) -> float:
    el = parent
    for bonus in (2.0, 2.0, 1.6, 1.3):
        if el is None:
            break
        if el in pager_ancestors and el.tag not in ("html", "body"):
            return bonus
        el = el.getparent()
    return 1.0


def _candidate_groups(root: etree._Element, counts: tuple[dict, dict], marked: set):
    """(parent, rows): children of one parent with the same tag, each holding 1–4 links (or a date)."""
    good, dead = counts
    row_tags, is_row = _ROW_TAGS, rl.is_candidate_row
    for parent in {**good, **dead, **dict.fromkeys(marked)}:
        if parent.tag == "a":
            continue
        groups: dict[str, list[etree._Element]] = {}
        for child in parent:
            if child.tag in row_tags and is_row(child, good, dead, marked):  # comments' tags are functions
                groups.setdefault(child.tag, []).append(child)
        for rows in groups.values():
            yield parent, rows


def _describe(parent: etree._Element, rows: list[etree._Element]) -> str:
    ident = parent.get("id")
    cls = " ".join((parent.get("class") or "").split())
    name = parent.tag + (f"#{ident}" if ident else "") + (f".{cls.replace(' ', '.')}" if cls else "")
    return f"{name} > {rows[0].tag}"


def _date_marks(root: etree._Element) -> set:
    """Elements holding at least one date-looking text (one XPath pass over non-blank text nodes)."""
    marked: set = set()
    hint = DATE_MARK.search
    for text in root.xpath("//text()[normalize-space()]"):
        if len(text) > 2 and hint(text):
            owner = text.getparent()
            if owner is None:
                continue
            # link rows without a row element: "<a>T</a> 06-20<br>", "<a>T</a><font>(2022-6-20)</font><br>"
            if text.is_tail:
                if owner.tag == "a":
                    marked.add(owner)
                owner = owner.getparent()
            elif owner.tag in _INLINE:
                prev = owner.getprevious()
                if prev is not None and prev.tag == "a":
                    marked.add(prev)
            while owner is not None and owner not in marked:
                marked.add(owner)
                owner = owner.getparent()
    return marked


def _pick_list(root: etree._Element, base: str, pager_ancestors: set) -> tuple[list[ListItem], str, list]:
    counts = rl.anchor_counts(root)
    marked = _date_marks(root)
    cache: dict[etree._Element, ListItem | None] = {}

    def items_of(rows: list[etree._Element]) -> list[ListItem]:
        out = []
        for row in rows:
            if row not in cache:
                cache[row] = row_item(row, base)
            if cache[row] is not None:
                out.append(cache[row])
        return out

    best_score, best_items, best_rule, best_rows = 0.0, [], "", []
    groups = sorted(_candidate_groups(root, counts, marked), key=lambda g: -len(g[1]))
    for parent, rows in groups:
        if len(rows) * 2.0 <= best_score:
            continue  # even all dated and next to the pager it could not win
        dated_rows = sum(1 for r in rows if r in marked)
        if not dated_rows or dated_rows * 4 < len(rows):
            continue
        items = items_of(rows)
        full = sum(1 for i in items if i.published)
        partial = sum(1 for i in items if i.month_day)
        if not items or not (full + partial) or (full + partial) * 2 < len(items) or rl.lone_dead(items):
            continue
        near = _near_pager(parent, pager_ancestors)
        score = (full + 0.5 * partial) * near * (0.6 + 0.4 * (full + partial) / len(items))
        if score > best_score:
            noise = _noise(parent, rows[0])
            # a hot box or sidebar is never the list of an empty column; next to the pager it may be
            score = score * noise if noise == 1.0 or near >= 1.6 else 0.0
        if score > best_score:
            best_score, best_items, best_rows = score, items, rows
            best_rule = f"auto: {_describe(parent, rows)} ({len(items)} rows, {full} dated" + (
                f", {partial} year-less)" if partial else ")")
    undated_score, undated_items, undated_rule, undated_rows = 0.0, [], "", []
    for parent, rows in groups:
        if len(rows) < 3 or len(rows) * _near_pager(parent, pager_ancestors) <= max(best_score * 2, 0):
            continue
        items = items_of(rows)
        if len(items) < 3 or sum(len(i.title) for i in items) / len(items) < 8:
            continue
        if sum(1 for i in items if _COLUMN_URL.search(i.url)) * 2 >= len(items):
            continue  # links to columns (…/index.html, list.htm, …/): a sub-column menu, not posts
        if _noise(parent, rows[0]) < 1.0:
            continue
        score = len(items) * _near_pager(parent, pager_ancestors)
        if score > undated_score:
            undated_score, undated_items, undated_rows = score, items, rows
            undated_rule = f"auto (no dates in list): {_describe(parent, rows)} ({len(items)} rows)"
    if best_items and best_score * 2 >= undated_score:
        return best_items, best_rule, best_rows
    if undated_items:
        return undated_items, undated_rule, undated_rows
    return [], "auto: no list found", []


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
        ident = ((el.get("class") or "") + " " + (el.get("id") or "")).lower()
        if "pag" in ident or "fanye" in ident:
            anchors.append(el)
            break
    ancestors: set = set()
    for a in anchors[:3] + anchors[-1:]:
        el = a.getparent()
        while el is not None and el not in ancestors:
            ancestors.add(el)
            el = el.getparent()
    return ancestors, nexts, anchors


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
    page = ListPage()
    store = pg.jcms_store(html or "")
    records = pg.jcms_records(store) if store else []
    root = parse_html(html)
    base = base_url(root, url)
    if records:
        return _extract_jcms(store, records, base, overrides)
    etree.strip_elements(root, "script", "style", "noscript", with_tail=False)
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
        page.next_pages = [pg.absolute(base, a.get("href")) for a in select(root, overrides.next_page)
                           if pg.good_href(a.get("href")) and pg.absolute(base, a.get("href")) != url]
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
