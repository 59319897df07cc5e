"""Parsing a page and reading it: the one parser, visible text, the base URL. Shared by every extractor.

Why one module: each extractor used to carry its own ``text_of`` and ``<base href>`` resolver, and they
drifted (one stripped the control and bidi characters hostile pages use, one did not).
"""

from __future__ import annotations

import re
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
    return CONTROL.sub("", " ".join("".join(el.itertext()).split()))


def base_url(root: etree._Element, url: str) -> str:
    """The URL relative links resolve against: ``<base href>`` when the page has one."""
    base_el = root.find(".//base[@href]")
    href = (base_el.get("href") or "").strip() if base_el is not None else ""
    return urljoin(url, href) if href else url
