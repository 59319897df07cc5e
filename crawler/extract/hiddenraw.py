"""Inline-hidden blocks that broken markup hides from the parser, found in the page's source text.

Why: an injected ``<div style="display:none">`` of spam links may sit inside an unclosed attribute, where
the parsed page has no element for it. Reading every inline-hidden block again on its own costs a parse
per drop-down menu, so a block is read again only when its source names a link target that is off-site
and not among the parsed page's links, and then only the block itself (to its closing tag) is read.
``crawler.extract.hidden`` scans the blocks returned here.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from html import unescape
from urllib.parse import urlsplit

from lxml import etree

from crawler.extract.links import resolve
from crawler.extract.urls import site_domain

RAW_HIDING_TAG = re.compile(
    r"<(div|span|p|section|ul|font|td|marquee)\b[^>]*?style\s*=\s*[\"'][^\"'>]*"
    r"(?:display\s*:\s*none|visibility\s*:\s*hidden)[^>]*>",
    re.I,
)
MAX_BLOCKS = 40  # blocks looked at per page
REACH = 30000  # characters of source a block may span
# every href= in the source, in any tag or even in text: a superset of what the parser reads as links
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*))""", re.I)
_A_TAG = re.compile("<a", re.I)
_BASE_TAG = re.compile(r"<base\b", re.I)
_TAGS: dict[str, re.Pattern[str]] = {}


def _block_end(html: str, m: re.Match[str]) -> int:
    """Where the block opened by ``m`` closes (its tag counted in and out), else ``REACH`` on."""
    tag = m.group(1).lower()
    pattern = _TAGS.get(tag) or _TAGS.setdefault(tag, re.compile(rf"<(/?){tag}\b[^>]*>", re.I))
    depth, stop = 1, m.start() + REACH
    for t in pattern.finditer(html, m.end(), stop):
        depth += -1 if t.group(1) else 1
        if depth == 0:
            return t.end()
    return stop


def swallowed_blocks(html: str, base: str, domains: set[str], root: etree._Element) -> tuple[list[str], set]:
    """(source of each inline-hidden block that may link where the parsed page does not, the parsed
    page's link targets). A block is skipped when every ``href=`` in it resolves to nothing, to the
    site itself, or to a target the parsed page links to: reading it could find nothing new."""
    matches = list(RAW_HIDING_TAG.finditer(html))[:MAX_BLOCKS]
    if not matches:
        return [], set()
    in_dom = {resolve(base, a.get("href")) for a in root.iter("a", "area")}
    hrefs: list[tuple[int, int, str]] | None = None
    starts: list[int] = []
    out = []
    for m in matches:
        start = m.start()
        if not _A_TAG.search(html, start, start + REACH):
            continue
        stop = _block_end(html, m)
        if hrefs is None:
            hrefs = [(h.start(), h.end(), h.group(1) or h.group(2) or h.group(3) or "") for h in _HREF.finditer(html)]
            starts = [h[0] for h in hrefs]
        if _nothing_new(html, hrefs, bisect_left(starts, start), start, stop, base, domains, in_dom):
            continue
        out.append(html[start:stop])
    return out, in_dom


def _nothing_new(
    html: str,
    hrefs: list[tuple[int, int, str]],
    first: int,
    start: int,
    stop: int,
    base: str,
    domains: set[str],
    in_dom: set,
) -> bool:
    if _BASE_TAG.search(html, start, stop):
        return False  # the block's links would resolve against another base
    for begin, end, value in hrefs[first:]:
        if begin >= stop:
            break
        if end > stop:
            return False  # cut off at the block's end: read it
        target = resolve(base, unescape(value) if "&" in value else value)  # &amp; as the parser reads it
        if target and target not in in_dom and site_domain(urlsplit(target).hostname or "") not in domains:
            return False
    return True
