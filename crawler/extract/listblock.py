"""Which repeated block of a page is the post list: candidates, noise (nav, 热点, footers), the vote.

Why apart: the vote is scored over whole blocks (``crawler.extract.listrow`` reads one row), and is
what changes when a new CMS layout is met.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.extract import pagination as pg
from crawler.extract import rowlinks as rl
from crawler.extract.crumbs import in_crumb
from crawler.extract.dates import DATE_MARK
from crawler.extract.listrow import ListItem, _text, row_item

_ROW_TAGS = {"li", "tr", "dd", "dt", "div", "p", "a", "article", "section", "table", "dl", "h2", "h3", "h4", "tbody"}
_NOISE_TOKENS = (
    "nav",
    "menu",
    "foot",
    "side",
    "hot",
    "rank",
    "tuijian",
    "recommend",
    "remen",
    "redian",
    "friend",
    "youqing",
    "crumb",
    "breadcrumb",
    "header",
    "dhl",
    "daohang",
    "links",
    "flink",
)
_LIST_ROWS = {"li", "tr", "dd"}
_LIST_PARENTS = {"ul", "ol", "table", "tbody", "dl"}
_NOISE_TAGS = {"nav", "footer", "header", "aside"}
_NOISE_HEADINGS = re.compile(r"热点|热门|推荐|排行|点击|阅读榜|友情链接|相关链接|快速通道|专题")
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_COLUMN_URL = re.compile(r"(?:/|/(?:index|list|default|more)[\w\-]*\.(?:s?html?|jsp|php|aspx?|jhtml|psp))$", re.I)


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
    holders = {**good, **dead, **dict.fromkeys(marked)}  # a row holds a link or a date: nothing else is one
    for parent in holders:
        if parent.tag == "a":
            continue
        groups: dict[str, list[etree._Element]] = {}
        for child in parent:
            if (
                child in holders and child.tag in row_tags and is_row(child, good, dead, marked)
            ):  # comments' tags are functions
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


def _dated_urls(items: list[ListItem]) -> set[str]:
    return {i.url for i in items if i.published or i.month_day}


def _tightest(groups: list, items_of, best_rows: list, best: list[ListItem]):
    """A list-shaped block inside one of ``best``'s rows holding the very same dated posts with fewer
    undated rows, or None.

    Why: when the list's wrapper is itself a row (one post, so one link and one date), its siblings —
    column heading, "more" bar — join it as undated rows; the ``ul > li`` / ``table > tr`` inside the
    wrapper that holds the same dated posts without them is the list. A pinned post is never dropped
    this way, nor an undated row beside a card whose inner ``<p>`` happens to repeat its date (not
    list-shaped).
    """
    if any(i.pinned and not (i.published or i.month_day) for i in best):
        return None
    want, extra = _dated_urls(best), sum(1 for i in best if not (i.published or i.month_day))
    found, inside = None, set(best_rows)
    for parent, rows in groups:
        if len(rows) < len(want) or len(rows) >= len(best_rows):
            continue
        if rows[0].tag not in _LIST_ROWS and parent.tag not in _LIST_PARENTS:
            continue
        if not any(el in inside for el in parent.iterancestors()) and parent not in inside:
            continue  # not inside a row of the best block: a different list that happens to match
        items = items_of(rows)
        undated = sum(1 for i in items if not (i.published or i.month_day))
        if items and undated < extra and _dated_urls(items) == want:
            found, extra = (parent, rows, items), undated
    return found


def _wrapped_list(groups: list, items_of, best_rows: list, best: list[ListItem]):
    """A list-shaped block inside a row of ``best`` holding more posts than ``best`` has dated ones, that
    row's own "post" among them (its link, or its date), or None.

    Why: with one dated post and one undated, the list's wrapper (WebPlus ``div#wp_news_w6``, VSB
    ``div.main_list``, DedeCMS ``div.listbox``) is itself a row — two links, one date — and, fully dated
    and next to the pager, it outscores the half-dated ``ul > li`` inside it; its one "post" is the first
    link with the other post's date. The rows inside are the posts. Compared with the dated posts only: an
    undated column-heading row beside the wrapper is no post either. A real post row whose inner list
    (title, category) repeats its link never holds more posts than the list has dated ones.
    """
    inside, dated = set(best_rows), sum(1 for i in best if i.published or i.month_day)
    for parent, rows in groups:  # the most rows first: the first found is the whole list
        if len(rows) <= max(dated, 1):
            break
        if rows[0].tag not in _LIST_ROWS and parent.tag not in _LIST_PARENTS:
            continue
        holder = parent if parent in inside else next((a for a in parent.iterancestors() if a in inside), None)
        if holder is None:
            continue
        items = items_of(rows)
        own = items_of([holder])
        if len(items) <= max(dated, 1) or not own or not any(i.published or i.month_day for i in items):
            continue
        day = (own[0].published, own[0].month_day)
        if any(
            i.url == own[0].url or ((i.published or i.month_day) and (i.published, i.month_day) == day) for i in items
        ):
            return parent, rows, items, holder
    return None


def _pick_list(root: etree._Element, base: str, pager_ancestors: set) -> tuple[list[ListItem], str, list]:
    counts = rl.anchor_counts(root)
    marked = _date_marks(root)
    cache: dict[etree._Element, ListItem | None] = {}
    crumbs: dict[etree._Element, bool] = {}

    def crumb_row(row: etree._Element, item: ListItem) -> bool:
        """The row's post link (by URL, or by title for a ``javascript:;`` link) sits in a breadcrumb."""
        for a in [row] if row.tag == "a" else row.iter("a"):
            href = a.get("href")
            same = (item.link and pg.good_href(href) and pg.absolute(base, href) == item.url) or (
                not item.link and item.title in (_text(a), " ".join((a.get("title") or "").split()))
            )
            if same and in_crumb(a, crumbs):
                return True
        return False

    def items_of(rows: list[etree._Element]) -> list[ListItem]:
        out = []
        for row in rows:
            if row not in cache:
                item = row_item(row, base)
                cache[row] = None if item is not None and crumb_row(row, item) else item
            item = cache[row]
            if item is not None:
                out.append(item)
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
                f", {partial} year-less)" if partial else ")"
            )
    wrapped = _wrapped_list(groups, items_of, best_rows, best_items) if best_items else None
    if wrapped is not None:
        parent, best_rows, best_items, holder = wrapped
        dated = sum(1 for i in best_items if i.published or i.month_day)
        best_rule = (
            f"auto: {_describe(parent, best_rows)} ({len(best_items)} rows, {dated} dated;"
            f" inside the wrapper row {_describe(holder.getparent(), [holder])})"
        )
    elif best_items and any(not (i.published or i.month_day) for i in best_items):
        tighter = _tightest(groups, items_of, best_rows, best_items)
        if tighter is not None:
            parent, best_rows, best_items = tighter
            best_rule = (
                f"auto: {_describe(parent, best_rows)} ({len(best_items)} rows, tightest block of the dated posts)"
            )
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
