"""Parsing a page and reading it: the one parser, visible text, the base URL. Shared by every extractor.

Why one module: each extractor used to carry its own ``text_of`` and ``<base href>`` resolver, and they
drifted (one stripped the control and bidi characters hostile pages use, one did not).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urljoin

from lxml import etree

# ANSI escapes, other C0/C1 controls, zero-width and bidi-override characters: never shown from a page
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

_PARSER = etree.HTMLParser(remove_comments=False, remove_pis=True, no_network=True)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")


def parse_html(html: str) -> etree._Element:
    """Parse with plain lxml.etree (no lxml.html element classes: they cost a lookup per node).

    An XHTML page's ``<?xml … encoding=…?>`` is dropped first: the text is already decoded, and lxml
    refuses a str that still declares an encoding.
    """
    root = None
    try:
        root = etree.fromstring(_XML_DECL.sub("", html or "", count=1) or "<html></html>", _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        pass
    return root if root is not None else etree.fromstring("<html><body></body></html>", _PARSER)


def text_of(el: etree._Element) -> str:
    """Visible text, whitespace collapsed, without control and bidi-override characters (untrusted)."""
    if len(el) or not isinstance(el.tag, str):
        raw = "".join(el.itertext())
    else:  # a leaf (most links): its text is all there is, read without itertext's generator
        raw = el.text or ""
    return CONTROL.sub("", " ".join(raw.split()))


def base_url(root: etree._Element, url: str) -> str:
    """The URL relative links resolve against: ``<base href>`` when the page has one."""
    base_el = root.find(".//base[@href]")
    href = (base_el.get("href") or "").strip() if base_el is not None else ""
    return urljoin(url, href) if href else url


@contextmanager
def without(root: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """``root`` with its ``tags`` elements taken out (their tail text kept, as ``etree.strip_elements``
    with ``with_tail=False`` does), put back on exit.

    Why: one parse serves every extractor of a page; list and date extraction read the page without its
    scripts and styles, the hidden-link scan needs them, so the tree must come back as it was.
    """
    undo: list[tuple[etree._Element, int, etree._Element, etree._Element | None, str | None]] = []
    gone: set[etree._Element] = set()
    for el in list(root.iter(*tags)):
        parent = el.getparent()
        if parent is None or any(anc in gone for anc in el.iterancestors()):
            continue  # the root itself, or inside an element already taken out
        prev, index = el.getprevious(), parent.index(el)
        old = prev.tail if prev is not None else parent.text
        if el.tail:
            if prev is not None:
                prev.tail = (old or "") + el.tail
            else:
                parent.text = (old or "") + el.tail
        parent.remove(el)  # lxml moves the tail with the element: it is back in place on insert
        gone.add(el)
        undo.append((parent, index, el, prev, old))
    try:
        yield root
    finally:
        for parent, index, el, prev, old in reversed(undo):
            if prev is not None:
                prev.tail = old
            else:
                parent.text = old
            parent.insert(index, el)
