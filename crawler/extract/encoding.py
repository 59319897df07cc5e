"""Turn a page's bytes into text without mojibake.

Campus sites often serve GBK/GB2312 pages with a wrong or missing charset in the HTTP header (many
servers say ISO-8859-1 or UTF-8 by default), declaring the real one only in ``<meta>``, or nowhere.
The bytes decide: valid UTF-8 with non-ASCII text is UTF-8 whatever the labels say (GBK text is almost
never valid UTF-8); otherwise a declared charset that decodes cleanly wins, and GB18030 (a superset of
GB2312 and GBK) is the default for Chinese sites.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-]+)""", re.I)
_GB_FAMILY = {
    "gb2312",
    "gbk",
    "gb18030",
    "x-gbk",
    "gb_2312-80",
    "csgb2312",
    "euc-cn",
    "cp936",
    "ms936",
    "windows-936",
    "hz-gb-2312",
}
# labels servers send by default, which say nothing about the page
_UNRELIABLE = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252", "iso8859-1"}


def normalize_charset(label: str | None) -> str | None:
    """A Python codec name for a charset label; GB family → gb18030; unknown → None."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(body: bytes) -> str | None:
    """The charset named in the page's XML declaration or ``<meta>`` (first 4 KB)."""
    head = body[:4096]
    match = _XML_DECL.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def charset_from_content_type(content_type: str | None) -> str | None:
    """``text/html; charset=GBK`` → ``GBK``."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^;\"'\s]+)", content_type, re.I)
    return match.group(1) if match else None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(body: bytes) -> bool:
    """UTF-8 with a few broken bytes (a truncated page, one bad paste) is still UTF-8."""
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 0x2000)
    return wide >= 20 and bad * 20 <= wide


def detect_encoding(body: bytes, header_charset: str | None = None) -> str:
    """The codec that decodes ``body`` correctly (see the module docstring for the order)."""
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if body.isascii():
        return "utf-8"
    if _strict(body, "utf-8") is not None or _mostly_utf8(body):
        return "utf-8"
    for label in (declared_charset(body), header_charset):
        codec = normalize_charset(label)
        if codec and codec not in _UNRELIABLE and codec != "utf-8" and _strict(body, codec) is not None:
            return codec
    if _strict(body, "gb18030") is not None:
        return "gb18030"
    for label in (declared_charset(body), header_charset):
        codec = normalize_charset(label)
        if codec and codec not in _UNRELIABLE and codec != "utf-8":
            return codec
    return "gb18030"


def decode_page(body: bytes, header_charset: str | None = None) -> str:
    """The page as text; never raises (undecodable bytes become U+FFFD)."""
    codec = detect_encoding(body or b"", header_charset)
    return (body or b"").decode(codec, errors="replace")
