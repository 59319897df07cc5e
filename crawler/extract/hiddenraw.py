"""Hidden HTML the parsed tree does not hold: HTML that inline scripts write, and inline-hidden blocks that
broken markup hides from the parser (found in the page's source text).

Why: an injected ``<div style="display:none">`` of spam links may sit inside an unclosed attribute, where
the parsed page has no element for it. Reading every inline-hidden block again on its own costs a parse
per drop-down menu, so a block is read again only when its source names a link target that is off-site
and not among the parsed page's links, and then only the block itself (to its closing tag) is read.
``crawler.extract.hidden`` scans the blocks and the written HTML returned here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import unquote, urlsplit

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
_KEYWORD = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)  # what _keywords finds
_COLON = re.compile(r":\s*(none|hidden)", re.I)
_WORDS = {w: re.compile(w, re.I) for w in ("display", "visibility")}
_BASE_TAG = re.compile(r"<base\b", re.I)
_TAGS: dict[str, re.Pattern[str]] = {}
_DOC_WRITE = re.compile(r"document\s*\.\s*write(?:ln)?\s*\(", re.I)
_JS_STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"")


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


def raw_hiding_tags(html: str) -> list[re.Match[str]]:
    """The first ``MAX_BLOCKS`` matches of ``RAW_HIDING_TAG`` (as ``finditer`` finds them), tried only at
    the tags that can hold a hiding keyword: the regex run over a whole page tries it at every ``<``."""
    out: list[re.Match[str]] = []
    pos = 0
    for k in _keywords(html):
        if k < pos:
            continue
        # a tag holding this keyword opens after the last ">" before it
        lt = html.find("<", max(pos, html.rfind(">", pos, k) + 1), k)
        while lt >= 0:
            m = RAW_HIDING_TAG.match(html, lt)
            if m:
                out.append(m)
                pos = m.end()
                break
            lt = html.find("<", lt + 1, k)
        if len(out) == MAX_BLOCKS:
            break
    return out


def _keywords(html: str) -> Iterator[int]:
    """Where each ``display:none`` / ``visibility:hidden`` starts (any case, spaces around the colon),
    found from its colon: a pattern starting with a letter under re.I is tried at every character."""
    for c in _COLON.finditer(html):
        j = c.start()
        while j and html[j - 1].isspace():
            j -= 1
        word = "display" if c.group(1).lower() == "none" else "visibility"
        if j >= len(word) and _WORDS[word].fullmatch(html, j - len(word), j):
            yield j - len(word)


def swallowed_blocks(html: str, base: str, domains: set[str], root: etree._Element) -> tuple[list[str], set]:
    """(source of each inline-hidden block that may link where the parsed page does not, the parsed
    page's link targets). A block is skipped when every ``href=`` in it resolves to nothing, to the
    site itself, or to a target the parsed page links to: reading it could find nothing new."""
    in_dom: set | None = None
    out = []
    for m in raw_hiding_tags(html):
        start = m.start()
        if not _A_TAG.search(html, start, start + REACH):
            continue
        stop = _block_end(html, m)
        targets = _off_site_targets(html, start, stop, base, domains)
        if targets is not None and not targets:
            continue
        if in_dom is None:
            in_dom = {resolve(base, a.get("href")) for a in root.iter("a", "area")}
        if targets is not None and targets <= in_dom:
            continue
        out.append(html[start:stop])
    return out, in_dom or set()


def _off_site_targets(html: str, start: int, stop: int, base: str, domains: set[str]) -> set | None:
    """Off-site targets of every ``href=`` in ``html[start:stop]``: empty when reading the block could
    find nothing; None (read it) when one is cut off at the end or a ``<base>`` would move them."""
    if _BASE_TAG.search(html, start, stop):
        return None
    found = set()
    for h in _HREF.finditer(html, start):
        if h.start() >= stop:
            break
        if h.end() > stop:
            return None
        value = h.group(1) or h.group(2) or h.group(3) or ""
        target = resolve(base, unescape(value) if "&" in value else value)  # &amp; as the parser reads it
        if target and site_domain(urlsplit(target).hostname or "") not in domains:
            found.add(target)
    return found


def written_by_script(root: etree._Element) -> list[str]:
    """HTML strings that inline scripts pass to document.write/writeln."""
    out = []
    for script in root.iter("script"):
        code = script.text or ""
        if script.get("src") or not _DOC_WRITE.search(code):
            continue
        parts = []
        for m in _JS_STRING.finditer(code):
            s = m.group(1) if m.group(1) is not None else m.group(2)
            try:
                s = s.encode("latin-1", "backslashreplace").decode("unicode_escape")
            except UnicodeDecodeError:
                pass
            parts.append(s)
        html = "".join(parts)
        if "unescape(" in code or "%3C" in html.upper():
            html = unquote(html)
        if "<a" in html.lower():
            out.append(html)
    return out
