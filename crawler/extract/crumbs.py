"""The breadcrumb (当前位置：首页 > 新闻中心 > 公示公告) of a list page: its links are never posts.

Why: on a page holding one post the list's wrapper is itself a one-link dated row, so its siblings — the
breadcrumb first — compete as rows of the same block, and a breadcrumb counted as a post is an invented
post in every count. A breadcrumb is told by its shape, not by one CMS's class names: a few links
joined only by separators (``>``, ``>>``, ``»``, ``›``, ``→``, blanks), directly under one element that
says what it is (a class/id such as breadcrumb / location / position / dqwz / weizhi, a 当前位置/您的位置 label,
or chevrons between its links). A date before the first link or after the last (今天是…) does not matter.
"""

from __future__ import annotations

import itertools
import re

from lxml import etree

_HINTS = (
    "bread",
    "crumb",
    "location",
    "position",
    "dqwz",
    "dqwei",
    "weizhi",
    "curpos",
    "nowpos",
    "possplit",
    "mianbao",
)
_WORDS = {"path", "place", "pos"}  # whole class words only (``col_path``, ``place``), never inside another word
_SPLIT = re.compile(r"[\s_\-]+")
_LABEL = re.compile(r"位置\s*[:：]|当前位置|所在位置")
_SEPARATORS = re.compile(r"^[\s>»›→＞/\\|·•\-]*$")
_CHEVRON = re.compile(r">|»|›|→|＞")
_MAX_LINKS = 8


def _pieces(el: etree._Element, depth: int = 0) -> list:
    """Document-order pieces of ``el``: its links (with their depth) and the texts outside them."""
    out: list = []
    if el.text and el.text.strip():
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            if child.tag == "a":
                out.append((child, depth + 1))
            elif child.tag not in ("script", "style"):
                out.extend(_pieces(child, depth + 1))
        if child.tail and child.tail.strip():
            out.append(child.tail)
    return out


def _crumb_class(ident: str) -> bool:
    ident = ident.lower()
    return any(h in ident for h in _HINTS) or not _WORDS.isdisjoint(_SPLIT.split(ident))


def _mark(text: str) -> bool:
    """A location label or a chevron (plain ``in`` tests: this runs on every candidate row's parents)."""
    return "位置" in text or ">" in text or "»" in text or "›" in text or "→" in text or "＞" in text


def _marked(el: etree._Element) -> bool:
    """A label or chevron in the element's own text, its children's tails, or a link-free child's text."""
    if _mark(el.text or "") or any(c.tail and _mark(c.tail) for c in el):
        return True
    return any(
        isinstance(c.tag, str) and c.tag != "a" and _mark("".join(c.itertext())) and next(c.iter("a"), None) is None
        for c in el
    )


def _label_here(el: etree._Element) -> bool:
    """当前位置： in the element's own text or a link-free child of it (``<strong>当前位置:</strong>``)."""
    if _LABEL.search(el.text or ""):
        return True
    for child in el:
        linkless = isinstance(child.tag, str) and child.tag != "a" and next(child.iter("a"), None) is None
        if linkless and _LABEL.search("".join(child.itertext())):
            return True
        if _LABEL.search(child.tail or ""):
            return True
    return False


def is_crumb(el: etree._Element) -> bool:
    """A few links, at most two levels down, separated by nothing but separators, marked as a breadcrumb."""
    ident = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not (_crumb_class(ident) or _marked(el)):
        return False  # cheap test first: no class, label or chevron of a breadcrumb here
    for count, _ in enumerate(el.iter("a"), 1):
        if count > _MAX_LINKS:
            return False  # a menu, a list: more links than any path has
    pieces = _pieces(el)
    links = [i for i, p in enumerate(pieces) if isinstance(p, tuple)]
    if not links or len(links) > _MAX_LINKS or any(pieces[i][1] > 2 for i in links):
        return False
    gaps = ["".join(p for p in pieces[a + 1 : b]) for a, b in itertools.pairwise(links)]
    if not all(_SEPARATORS.match(g) for g in gaps):
        return False  # a date, a title or any words between two links: rows of a list, not a path
    if _label_here(el):
        return True
    if len(links) < 2:
        return False
    return bool(_crumb_class(ident)) or any(_CHEVRON.search(g) for g in gaps)


def in_crumb(a: etree._Element, seen: dict) -> bool:
    """Whether link ``a`` belongs to a breadcrumb (checked on its parent and grandparent; ``seen`` caches
    the verdict per element across the rows of one page)."""
    el = a.getparent()
    for _ in range(2):
        if el is None:
            return False
        if el not in seen:
            seen[el] = is_crumb(el)
        if seen[el]:
            return True
        el = el.getparent()
    return False
