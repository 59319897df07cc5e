"""Find a home page's footer: the block inspectors read for 版权所有, ICP numbers and required links.

The copyright block is the last ``<footer>`` or foot/footer/bottom/copyright-named block of the page; when
the page has none (old table layouts), it is the block around the last 版权所有/Copyright/ICP text. The
footer is that block plus the link bars just above it (``crawler.extract.linkbars``): what a reader sees
as the bottom of the page, where schools put their 友情链接 and jump menus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from crawler.extract.html import base_url, parse_html, text_of
from crawler.extract.linkbars import bars_above, option_links, visible
from crawler.extract.links import Link, links_in
from crawler.extract.urls import normalise_url

_NAME = re.compile(r"(?:^|[\s_-])(foot\w*|\w*footer|bottom\w*|copyright\w*|copy|banquan|bq|ft|btm)(?:$|[\s_-])", re.I)
COPYRIGHT = re.compile(r"版权所有|版权归|copyright|©|&copy;|ICP[备证]|公网安备|网站标识码|主办单位|主办：", re.I)
_BLOCKS = {"div", "table", "tbody", "footer", "section", "center", "td", "tr", "p", "ul", "dl", "span"}
_MAX_FOOTER_CHARS = 1200


@dataclass
class Footer:
    found: bool
    how: str = ""  # "footer element", "id/class 'foot'", "copyright text", "" (+ " + link bars: …")
    text: str = ""
    links: list[Link] = field(default_factory=list)


def _named_like_footer(el: etree._Element) -> str | None:
    for attr in ("id", "class"):
        value = el.get(attr)
        found = _footer_word(value) if value else None
        if found:
            return found
    return None


@lru_cache(maxsize=4096)
def _footer_word(value: str) -> str | None:
    """Cached: a template repeats its few class names on hundreds of elements."""
    m = _NAME.search(value)
    return m.group(1) if m else None


def _outermost(els: list[etree._Element]) -> list[etree._Element]:
    chosen = set(els)
    out = []
    for el in els:
        if not any(anc in chosen for anc in el.iterancestors()):
            out.append(el)
    return out


def _copyright_block(root: etree._Element) -> etree._Element | None:
    """The largest footer-sized block around the last copyright/ICP text of the page."""
    hit = None
    for el in reversed(list(root.iter(etree.Element))):  # the last one counts: read from the end
        if el.tag in ("script", "style", "head", "title"):
            continue
        text, tail = el.text, el.tail
        if text and COPYRIGHT.search(text):
            hit = el
            break
        if tail and COPYRIGHT.search(tail):
            hit = el.getparent()
            break
    for comment in root.iter(etree.Comment):  # text after a template's <!-- 版权 --> note is the comment's tail
        if comment.tail and COPYRIGHT.search(comment.tail) and (hit is None or _precedes(hit, comment)):
            hit = comment.getparent()
    if hit is None:
        return None
    block = hit
    for anc in hit.iterancestors():
        if anc.tag in ("body", "html"):
            break
        if len(text_of(anc)) > _MAX_FOOTER_CHARS:
            break
        if anc.tag in _BLOCKS:
            block = anc
    return block


def _precedes(a: etree._Element, b: etree._Element) -> bool:
    """True when element ``a`` starts before ``b`` in document order."""
    for el in a.getroottree().iter():
        if el is a:
            return True
        if el is b:
            return False
    return False


def _with_footer_siblings(el: etree._Element, named: set) -> list[etree._Element]:
    """A footer split into adjacent blocks (copyright bar + 备案 bar) is one footer; the blocks above it
    are taken by ``bars_above``."""
    after = []
    for sib in el.itersiblings():
        if sib.tag in ("script", "style") or not isinstance(sib.tag, str):
            continue
        if sib not in named or not COPYRIGHT.search(text_of(sib)):  # not a modal's "alert-footer"
            break
        after.append(sib)
    return [el, *after]


def find_footer(root: etree._Element) -> tuple[list[etree._Element], str]:
    body = root.find(".//body")
    scope = body if body is not None else root
    named: list[etree._Element] = []
    for el in scope.iter(etree.Element):  # elements only: comments are skipped in C
        tag = el.tag
        if tag == "footer":
            named.append(el)
        elif tag not in ("html", "body", "script", "style"):
            ident, cls = el.get("id"), el.get("class")
            if (ident and _footer_word(ident)) or (cls and _footer_word(cls)):
                named.append(el)
    named = [el for el in _outermost(named) if text_of(el) or el.find(".//a") is not None]
    by_text = _copyright_block(scope)
    if named:
        # a modal's "alert-footer" may follow the real footer: prefer blocks that read like a footer
        with_copyright = [el for el in named if COPYRIGHT.search(text_of(el))]
        last = (with_copyright or named)[-1]
        # a copyright block after the last named block is the real footer (e.g. class="bottom" nav bars)
        if (
            by_text is not None
            and last not in by_text.iterancestors()
            and by_text is not last
            and by_text not in last.iterancestors()
            and _precedes(last, by_text)
        ):
            return [by_text], "copyright text"
        how = "footer element" if last.tag == "footer" else f"id/class {_named_like_footer(last)!r}"
        return _with_footer_siblings(last, set(named)), how
    if by_text is not None:
        return [by_text], "copyright text"
    return [], ""


def extract_footer(html: str, url: str) -> Footer:
    """The footer block's text and links; ``found`` is False when the page has no recognisable footer."""
    return footer_in(parse_html(html), url)


def footer_in(root: etree._Element, url: str) -> Footer:
    """``extract_footer`` on an already parsed page: the copyright block and the link bars above it,
    with the options of their ``<select>`` jump menus as links."""
    els, how = find_footer(root)
    if not els:
        return Footer(found=False)
    bars, labels = bars_above(els[0], _named_like_footer)
    if bars:
        how += " + link bars: " + ", ".join(labels)
    els = [visible(el) for el in bars + els]
    base = base_url(root, url)
    return Footer(
        found=True,
        how=how,
        text=" ".join(text_of(el) for el in els),
        links=[link for el in els for link in links_in(el, base) + option_links(el, base)],
    )


def has_link(footer_links: list[str], wanted: str) -> bool:
    want = normalise_url(wanted)
    return any(normalise_url(u) == want for u in footer_links)


def has_text(footer_text: str, wanted: str) -> bool:
    """Whitespace-insensitive: CMS templates break 京ICP备 numbers across lines and &nbsp;s."""
    squash = lambda s: re.sub(r"\s+", "", s.replace("\xa0", " "))  # noqa: E731
    return squash(wanted) in squash(footer_text)
