"""The link bars just above a page's copyright block, and the links of ``<select>`` jump menus.

Schools put the links inspectors require (教育厅, 政府信息公开, 教育部) in a 友情链接 bar, often a
drop-down jump menu, right above the copyright block: to a reader that bar is the bottom of the page.
Only bars that touch the copyright block count, walking back from it over preceding siblings (and out
of wrappers it opens), so a 友情链接 box inside the main column or the main content itself never does.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from lxml import etree

from crawler.extract.hidingcss import parse_declarations
from crawler.extract.html import text_of
from crawler.extract.links import Link, resolve

# id/class tokens of link bars: yqlj, yqlink, flink, friendlink, links, sitelinks, lianjie, youqing, lj
_BAR_NAME = re.compile(r"(?:^|[\s_-])(\w*link\w*|\w*yqlj\w*|\w*lianjie\w*|youqing\w*|friend\w*|lj)(?:$|[\s_-])", re.I)
# a bar's heading: the first words of its text
_HEADING = re.compile(
    r"^[\W_]*((?:友情|相关|快速|网站|常用|重要)?链接|友情连接|(?:friendly |related |quick )?links\b)", re.I
)
_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_WORDS = re.compile(r"[^\W_]")  # text a reader would read (not | · spaces)
_SKIP_TAGS = {"script", "style", "noscript", "template", "br", "hr", "link", "meta", "input", "iframe"}
_STOP_TAGS = {"body", "html", "head"}
MAX_BARS = 4  # bars (and their separate titles) taken above one copyright block
MAX_BAR_CHARS = 1500  # a bar is a strip of links, not a page section
_MAX_CLIMB_CHARS = 2500  # leave a wrapper only when it holds little more than the footer
_WRAP_DEPTH = 3  # a bar may sit inside this many single-child wrappers (``container`` divs)


def _squashed_len(text: str) -> int:
    return len(re.sub(r"\s+", "", text))


def is_hidden(el: etree._Element) -> bool:
    """Hidden by its own markup (``display:none``, ``visibility:hidden``, ``hidden``): not part of the
    bottom a reader sees (e.g. a spam block injected into a link bar, as on the lgedu.net copy)."""
    if el.get("hidden") is not None:
        return True
    decls = parse_declarations(el.get("style") or "")
    return decls.get("display") == "none" or decls.get("visibility") in ("hidden", "collapse")


def visible(el: etree._Element) -> etree._Element:
    """``el`` without its inline-hidden parts: a copy when it has some (the page's tree stays as it is)."""
    if not any(isinstance(d.tag, str) and is_hidden(d) for d in el.iter()):
        return el
    out = copy.deepcopy(el)
    for d in [d for d in out.iter() if isinstance(d.tag, str) and is_hidden(d)]:
        parent = d.getparent()
        if parent is None:  # el itself is hidden
            return etree.Element(out.tag)
        if d.tail:  # keep the text that follows the hidden part
            prev = d.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + d.tail
            else:
                parent.text = (parent.text or "") + d.tail
        parent.remove(d)
    return out


def _is_empty(el: etree._Element) -> bool:
    """Comments, scripts, spacers, clearfix divs, hidden blocks: nothing a reader sees between two bars."""
    if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS or is_hidden(el):
        return True
    return not _WORDS.search(text_of(el)) and next(el.iter("a", "select", "area"), None) is None


def _has_words(text: str | None) -> bool:
    return bool(text and _WORDS.search(text))


def _bar_name(el: etree._Element) -> str | None:
    for attr in ("id", "class"):
        m = _BAR_NAME.search(el.get(attr) or "")
        if m:
            return m.group(1)
    return None


def _link_dense(el: etree._Element, text: str, heading: str) -> bool:
    """At least half of what a reader sees (after the heading) is link or menu-option text."""
    linked = sum(_squashed_len(text_of(a)) for a in el.iter("a", "option"))
    rest = _squashed_len(text) - _squashed_len(heading) - linked
    return rest <= linked


Named = Callable[[etree._Element], "str | None"]


def bar_label(el: etree._Element, footer_named: Named, depth: int = 0, headed_by: str = "") -> str | None:
    """How ``el`` reads as a link bar ("id/class 'yqlj'", "heading '友情链接'"), or None.

    ``footer_named(el)`` is the foot/footer/copyright token of its id/class, if any: the author called it
    a footer, so it is taken as it is; everything else (``bottom`` too: templates use it for the lower half
    of the main content) must be short, mostly links and carry no dated rows.
    ``headed_by`` is the heading of a separate title element just above ``el``.
    """
    if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS | _STOP_TAGS:
        return None
    footer_name = footer_named(el)
    if footer_name and not footer_name.lower().startswith("bottom"):
        return f"id/class {footer_name!r}"
    view = visible(el)
    text = text_of(view)
    if len(text) > MAX_BAR_CHARS or len(_DATE.findall(text)) >= 2:
        return None
    heading = _HEADING.match(text)
    title = heading.group(1) if heading else headed_by
    name = _bar_name(el) or footer_name
    if (title or name) and _link_dense(view, text, heading.group(0) if heading else ""):
        return f"id/class {name!r}" if name else f"heading {title!r}"
    # a bar inside wrapper divs (``<div class="container"><div class="yqlj">``)
    children = [c for c in el if not _is_empty(c)]
    if depth < _WRAP_DEPTH and len(children) == 1 and not _has_words(el.text) and not _has_words(children[0].tail):
        return bar_label(children[0], footer_named, depth + 1, headed_by)
    return None


def _heading_before(el: etree._Element) -> str:
    """The heading of a title-only element right above ``el`` (``<h3>友情链接</h3><ul>…</ul>``), or ""."""
    for prev in el.itersiblings(preceding=True):
        if _has_words(prev.tail):
            return ""
        if _is_empty(prev):
            continue
        text = text_of(prev)
        m = _HEADING.match(text)
        return m.group(1) if m and len(text) <= len(m.group(0)) + 4 else ""
    return ""


def bars_above(first: etree._Element, footer_named: Named) -> tuple[list[etree._Element], list[str]]:
    """The link bars directly above ``first`` (the copyright block's first element), in page order.

    Walks back over preceding siblings, skipping empty ones, taking bars until something else (the
    main content, a text block, a news list) or ``MAX_BARS``; when ``first`` opens its parent, the walk
    continues before the parent, up to ``<body>``. ``footer_named(el)`` names footer-like ids/classes.
    """
    bars: list[etree._Element] = []
    labels: list[str] = []
    cur = first
    while len(bars) < MAX_BARS:
        for sib in cur.itersiblings(preceding=True):
            if _has_words(sib.tail):
                return bars, labels  # loose text between this sibling and what is already taken
            if _is_empty(sib):
                continue
            label = bar_label(sib, footer_named)
            title = _heading_before(sib) if label is None else ""
            if title:
                label = bar_label(sib, footer_named, headed_by=title)
            if label is None:
                return bars, labels
            bars.insert(0, sib)
            labels.insert(0, label)
            if len(bars) >= MAX_BARS:
                return bars, labels
        parent = cur.getparent()
        if (
            parent is None
            or parent.tag in _STOP_TAGS
            or _has_words(parent.text)
            or len(text_of(parent)) > _MAX_CLIMB_CHARS
        ):
            break
        cur = parent
    return bars, labels


def _option_url(base: str, value: str | None) -> str | None:
    """A jump menu's option value when it is a URL (not ``""``, ``0`` or a login-system code)."""
    value = (value or "").strip()
    if re.match(r"(?i)(?:https?:)?//", value) or value.startswith("/"):
        return resolve(base, value)
    if re.match(r"(?i)www\.[\w-]+\.", value):
        return resolve(base, "http://" + value)
    return None


def option_links(el: etree._Element, base: str) -> list[Link]:
    """The options of ``<select>`` jump menus under ``el``: value = target, option text = link text."""
    out = []
    for option in el.iter("option"):
        url = _option_url(base, option.get("value"))
        if url:
            out.append(Link(url=url, text=text_of(option)[:200], tag="option"))
    return out
