"""Verdicts on one answer, pure: a login page, a soft 404, how long Retry-After asks to wait, skip patterns.

Why apart from the checker: these read only a URL, a title, a body or a header, so they are tested
without Scrapy, and the checker (``crawler.linkcheck.checker``) stays about requests and their order.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.extract.hidden import is_off_site
from crawler.extract.links import is_attachment
from crawler.reasons import Reason
from crawler.spec import CrawlSpec

LOGIN_URL = re.compile(
    r"/cas(/|$|\?)|/authserver/|/sso/|/idp/|/login|signin|/oauth|统一身份认证|"
    r"//(ids|cas|sso|auth|authserver|passport|uis|idm)\d*\.",
    re.I,
)
LOGIN_TITLE = re.compile(r"统一身份认证|身份认证|用户登录|登录|单点登录|sign in|log in|login", re.I)
SOFT_404 = re.compile(
    r"(?<![\w.])404(?![\w.])|页面不存在|页面未找到|找不到(该|此)?页面|网页不存在|信息不存在|"
    r"文章不存在|内容不存在|文件不存在|已被删除|not\s+found|page\s+not\s+found|无法找到",
    re.I,
)
SHORT_BODY_CHARS = 600
# targets a browser downloads as files: a HEAD tells that they exist (their bodies are not read)
BINARY_EXTS = (
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".bmp",
    ".webp",
    ".svg",
    ".ico",
    ".tif",
    ".tiff",
    ".css",
    ".js",
    ".swf",
    ".flv",
    ".avi",
    ".wmv",
    ".mov",
    ".mkv",
    ".webm",
    ".wav",
    ".ogg",
    ".woff",
    ".woff2",
    ".ttf",
    ".eot",
    ".exe",
    ".msi",
    ".iso",
    ".dmg",
)
HEAD_TAGS = frozenset({"img", "script", "link", "source", "audio", "video", "embed", "object"})


def looks_like_login(url: str) -> bool:
    return bool(LOGIN_URL.search(unquote(url)))


def title_and_text(root: Any) -> tuple[str, str]:
    """A parsed page's title and its visible body text (scripts and styles left out)."""
    title_el = root.find(".//title")
    title = " ".join("".join(title_el.itertext()).split()) if title_el is not None else ""
    body = root.find("body")
    if body is None:
        return title, ""
    parts = [
        t
        for el in body.iter()
        if isinstance(el.tag, str) and el.tag not in ("script", "style")
        for t in (el.text, el.tail)
        if t
    ]
    return title, " ".join(" ".join(parts).split())


def check_method(url: str, tag: str = "") -> str:
    """The one request a check makes: HEAD for files (attachments, images, scripts, media), whose
    existence is all a check needs; GET for what is likely a page, since only its body tells a soft 404
    or a login page (a HEAD first would cost two requests per page)."""
    if tag in HEAD_TAGS or is_attachment(url) or urlsplit(url).path.lower().endswith(BINARY_EXTS):
        return "HEAD"
    return "GET"


def page_verdict(url: str, final_url: str, redirected: bool, title: str, body: str) -> tuple[bool, str, str]:
    """(ok, reason, detail) of a page that answered 2xx: a login page it was redirected to, a soft 404,
    else fine. Shared by the checks' GET and the pages the crawl read itself."""
    if redirected and looks_like_login(final_url) and not looks_like_login(url):
        return False, Reason.LOGIN_REQUIRED, f"asks for a login ({final_url})"
    if redirected and LOGIN_TITLE.search(title) and not looks_like_login(url):
        return False, Reason.LOGIN_REQUIRED, f"redirects to a login page ({final_url})"
    if is_soft_404(title, body):
        return False, Reason.SOFT_404, f"answers 200 but says the page does not exist: {title[:80]!r}"
    return True, "", ""


def is_soft_404(title: str, body: str) -> bool:
    """A 200 page that says it does not exist: in its title, or in a short body."""
    if SOFT_404.search(title):
        return True
    return len(body) <= SHORT_BODY_CHARS and bool(SOFT_404.search(body))


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date, counted from ``now``); None when absent
    or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def skip_matches(url: str, patterns: Iterable[str]) -> bool:
    """``link_check_skip``: glob patterns (``*``, ``?``) against the whole URL; a plain string matches
    URLs that contain it."""
    for pattern in patterns:
        if any(c in pattern for c in "*?[") and fnmatch.fnmatchcase(url, pattern):
            return True
        if not any(c in pattern for c in "*?[") and pattern in url:
            return True
    return False


def link_filter(spec: CrawlSpec) -> Callable[[str], bool]:
    """Whether a URL is checked: not excluded by ``link_check_skip`` or ``check_external = false``."""
    site_urls = [s.url for s in spec.sites]

    def checkable(url: str) -> bool:
        if skip_matches(url, spec.link_check_skip):
            return False
        return spec.check_external or not is_off_site(url, site_urls)

    return checkable


def site_ignores(spec: CrawlSpec) -> Callable[[str, str], bool]:
    """(site, url) -> does the site's ``ignore_links`` cover this target? Same patterns as
    ``link_check_skip`` (``skip_matches``), but per site: a target another site links to is still checked
    for that site."""
    patterns = {s.name: list(s.ignore_links) for s in spec.sites if s.ignore_links}

    def ignored(site: str, url: str) -> bool:
        mine = patterns.get(site)
        return mine is not None and skip_matches(url, mine)

    return ignored


def distinct_links(links: list[Any]) -> list[tuple[str, str, str]]:
    """One entry per target on a page, keeping the first non-empty link text."""
    out: dict[str, list[str]] = {}
    for link in links:
        entry = out.setdefault(link.url, [link.url, link.text, link.tag])
        if not entry[1] and link.text:
            entry[1] = link.text
    return [(url, text, tag) for url, text, tag in out.values()]
