"""Every link a page makes a reader's browser follow or load, for the broken-link check.

Covers anchors, images, scripts, stylesheets, frames, media and attachments, resolved through
``<base href>``. Links a checker must never report (mailto:, tel:, javascript:, data:, a bare
``#fragment``, app schemes such as weixin:) are dropped here, and a URL's fragment is cut off so one
target is one URL. Links to files and other servers by a scheme the monitor never fetches (file:,
ftp:, smb:, …: ``UNFETCHED_SCHEMES``) are kept by ``links_in`` so the check can report them as
``unverified_link`` (scheme_not_checked); ``resolve`` itself only ever returns http(s) URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from w3lib.url import safe_url_string

from crawler.extract.html import CONTROL, base_url, parse_html, text_of

# (tag, attribute) pairs that make the browser fetch something
LINK_ATTRS: tuple[tuple[str, str], ...] = (
    ("a", "href"),
    ("area", "href"),
    ("img", "src"),
    ("script", "src"),
    ("link", "href"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("object", "data"),
)
# <link rel=…> values that are hints, not resources
_HINT_RELS = {"dns-prefetch", "preconnect", "canonical", "alternate", "shortlink", "pingback", "search"}
_SKIP = re.compile(r"^\s*(mailto:|tel:|javascript:|data:|about:|sms:|#|$)", re.I)
# schemes that name a file or another server: reported (never fetched), unlike mailto:/tel:/app links
UNFETCHED_SCHEMES = frozenset(
    {
        "file",
        "ftp",
        "ftps",
        "sftp",
        "smb",
        "cifs",
        "nfs",
        "s3",
        "gopher",
        "tftp",
        "ldap",
        "ldaps",
        "dict",
        "telnet",
        "ws",
        "wss",
        "jar",
    }
)
ATTACHMENT_EXTS = (
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".zip",
    ".rar",
    ".7z",
    ".txt",
    ".wps",
    ".et",
    ".dps",
    ".csv",
    ".tar",
    ".gz",
    ".mp4",
    ".mp3",
    ".apk",
    ".ofd",
    ".ceb",
    ".caj",
)


@dataclass(frozen=True)
class Link:
    url: str  # absolute, fragment removed
    text: str  # anchor text, else title/alt; "" for scripts and stylesheets
    tag: str  # a | img | script | link | iframe | …

    @property
    def attachment(self) -> bool:
        return is_attachment(self.url)


def is_attachment(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(ATTACHMENT_EXTS)


def resolve(base: str, raw: str | None, unfetched: bool = False) -> str | None:
    """Absolute http(s) URL without fragment, or None for links that are not to be checked.
    ``unfetched``: also file:, ftp:, … URLs (``UNFETCHED_SCHEMES``), which are reported, never fetched."""
    if raw is None or _SKIP.match(raw):
        return None
    url = _resolve_base(base, raw)
    if url is None or url.startswith(("http://", "https://")):
        return url
    return url if unfetched else None


def _resolve_base(base: str, raw: str) -> str | None:
    raw = raw.strip()
    # share cache entries between pages: absolute links need no base, root-relative ones only the origin
    if raw.startswith(("http://", "https://")):
        base = ""
    elif raw.startswith("/") and not raw.startswith("//"):
        cut = base.find("/", base.find("//") + 2)
        base = base if cut < 0 else base[:cut]
    return _resolve(base, raw)


@lru_cache(maxsize=65536)
def _resolve(base: str, raw: str) -> str | None:
    """Cached: a site's navigation repeats the same links on every page."""
    raw = raw.strip().replace("\\", "/")
    try:
        absolute = urldefrag(urljoin(base, raw))[0]
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    scheme = urlsplit(absolute).scheme
    if scheme not in ("http", "https") and scheme not in UNFETCHED_SCHEMES:
        return None
    # one spelling per target: raw Chinese paths and their percent-encoding are the same URL
    return safe_url_string(absolute, encoding="utf-8")


def link_text(el: etree._Element) -> str:
    text = text_of(el) if el.tag in ("a", "area") else ""
    if not text:
        text = CONTROL.sub("", (el.get("title") or el.get("alt") or "").strip())
    if not text and el.tag == "a":
        img = el.find(".//img")
        if img is not None:
            text = CONTROL.sub("", (img.get("alt") or img.get("title") or "").strip())
    return text[:200]


_ATTR_OF = dict(LINK_ATTRS)  # one attribute per tag


def links_in(root: etree._Element, base: str) -> list[Link]:
    out: list[Link] = []
    for el in root.iter(*_ATTR_OF):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == "link" and set((el.get("rel") or "").lower().split()) & _HINT_RELS:
            continue
        url = resolve(base, el.get(_ATTR_OF[tag]), unfetched=True)
        if url:
            out.append(Link(url=url, text=link_text(el), tag=tag))
    return out


def extract_links(html: str, url: str) -> list[Link]:
    """All checkable links of a page, in document order (duplicates kept: each is a place); file:,
    ftp:, … links included (reported, never fetched)."""
    root = parse_html(html)
    return links_in(root, base_url(root, url))
