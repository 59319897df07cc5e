"""What a column is called: its breadcrumb (当前位置：首页 > 新闻中心 > 学校要闻), the link text that led
there, or its ``<title>`` — never "list" or "更多".

Pure functions; ``column_name`` weighs the hints the spider gathered for one column.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from crawler.extract import pagination as pg
from crawler.extract.html import CONTROL, text_of

CRUMB_LABEL = re.compile(r"(当前位置|您的位置|你的位置|所在位置|当前栏目|位置)\s*[:：]?")
CRUMB_CLASS = re.compile(r"crumb|position|location|dqwz|weizhi|wz|mianbao|path|posi|curr?loc|place", re.I)
BLOCKS = {"div", "span", "p", "td", "ul", "ol", "nav", "li"}
CRUMB_SPLIT = re.compile(r"\s*(?:>>|>|»|›|→|/|＞|·|\|)\s*")
GENERIC = re.compile(
    r"^(首页|主页|网站首页|home|正文|列表|list|index|详情|内容|more|更多|查看更多|当前位置|您的位置|"
    r"\d+|第\d+页|下一页|上一页)$",
    re.I,
)
TITLE_SPLIT = re.compile(r"\s*(?:--|-|_|—|－|\||｜|::)\s*")
MAX_NAME = 20


def page_title(root: etree._Element) -> str:
    el = root.find(".//title")
    return text_of(el) if el is not None else ""


def _crumb_parts(el: etree._Element) -> list[str]:
    """The breadcrumb's parts: each link's text, and the plain text between split on separators (the
    separators may also be images or empty spans, as WebPlus's ``possplit``)."""
    out: list[str] = []

    def add(text: str | None) -> None:
        text = CRUMB_LABEL.sub(" ", CONTROL.sub("", text or ""))
        out.extend(p.strip().strip("：:\xa0 ") for p in CRUMB_SPLIT.split(text) if p.strip().strip("：:\xa0 "))

    def walk(node: etree._Element) -> None:
        if node.tag == "a":
            out.append(CRUMB_LABEL.sub("", text_of(node)).strip(" ：:"))
            return
        add(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            add(child.tail)

    walk(el)
    return [p for p in out if p]


def breadcrumb(root: etree._Element) -> list[str]:
    """The breadcrumb's parts after 首页, in order ([] when the page has none)."""
    candidates: list[etree._Element] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "head", "script", "style", "a"):
            continue
        ident = (el.get("class") or "") + " " + (el.get("id") or "")
        own = (el.text or "").strip()
        if CRUMB_LABEL.match(own) or (el.tag in BLOCKS and CRUMB_CLASS.search(ident)):
            candidates.append(el)
    for el in candidates:
        if not _crumb_parts(el) and el.getparent() is not None:
            el = el.getparent()  # <span>当前位置：</span><a>首页</a> > …
        text = text_of(el)
        if len(text) > 120 or (not CRUMB_LABEL.search(text) and not el.findall(".//a")):
            continue
        if not CRUMB_LABEL.search(text) and not CRUMB_SPLIT.search(text) and len(el.findall(".//a")) < 2:
            continue
        parts = [p for p in _crumb_parts(el) if not GENERIC.match(p)]
        if parts and all(len(p) <= MAX_NAME for p in parts):
            return parts
    return []


def title_name(title: str, site_title: str) -> str:
    """The column part of ``<title>`` ("学校要闻-湘江学院" → 学校要闻), "" when it is only the site's name."""
    site_parts = set(TITLE_SPLIT.split(site_title)) if site_title else set()
    for part in TITLE_SPLIT.split(title):
        if part and part not in site_parts and not GENERIC.match(part) and len(part) <= MAX_NAME:
            return part
    return ""


def usable_text(text: str) -> bool:
    """A link text that can name a column: short, not a pager word, not a title, not 更多."""
    text = text.strip()
    return bool(text) and len(text) <= MAX_NAME and not GENERIC.match(text) and not pg.is_pager_word(text)


def column_name(crumbs: list[str], texts: list[str], title: str, site_title: str) -> tuple[str, str]:
    """(name, where it came from): breadcrumb > the link text most pages used > the page title."""
    if crumbs:
        return crumbs[-1], "breadcrumb"
    usable = [t.strip() for t in texts if usable_text(t)]
    if usable:
        best = Counter(usable).most_common()
        top = best[0][1]
        return min((t for t, n in best if n == top), key=len), "link text"
    name = title_name(title, site_title)
    if name:
        return name, "page title"
    return "", "none"
