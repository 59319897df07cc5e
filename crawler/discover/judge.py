"""One fetched page → what it is for discovery: a column's list page, an article, a search or login page.

A list page is judged by the list extractor the crawl uses (``crawler.extract.extract_list``): a block of
dated items with titles, usually with a pager. Article pages (one dated title and a long body, 上一篇/下一篇),
search results and login forms are named so the summary can say why they were not proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree

from crawler.discover.naming import breadcrumb, page_title
from crawler.extract import pagination as pg
from crawler.extract.article import article_date
from crawler.extract.html import base_url, parse_html, text_of
from crawler.extract.links import is_attachment, link_text, resolve
from crawler.extract.listpage import extract_list

SEARCH_URL = re.compile(r"search|sousuo|/so/|jansuo|jiansuo|keyword|fulltext|query", re.I)
SEARCH_KEYS = {"q", "wd", "kw", "keyword", "keywords", "searchword", "searchkey", "query", "key", "word"}
LOGIN_URL = re.compile(
    r"/cas(/|$|\?)|/authserver/|/sso/|/idp/|login|signin|/oauth|统一身份认证|//(ids|cas|sso|authserver|passport)\d*\.",
    re.I,
)
LOGIN_TEXT = re.compile(r"统一身份认证|用户登录|单点登录")
OTHER_URL = re.compile(r"sitemap|wzdt|网站地图|calendar|xiaoli|\brss\b|\bfeed\b|\bprint\b|download\.jsp|\.xml$", re.I)
OTHER_TEXT = re.compile(r"^(网站地图|校历|友情链接|网站导航|english|english version|rss|联系我们|打印|关闭)$", re.I)
ARTICLE_NAV = re.compile(r"上一篇|下一篇|上一条|下一条|上篇|下篇")
ARTICLE_META = re.compile(
    r"(发布|发表|更新)(时间|日期)|来源[:：]|作者[:：]|浏览(次数|量)|点击(数|量|次数|率)?[:：]|阅读(次数|量)"
)
SEARCH_TEXT = re.compile(r"搜索结果|检索结果|找到\s*\d+\s*条|搜索到\s*\d+|相关结果")
MIN_ITEMS = 3


@dataclass
class PageFacts:
    """What one page contributed: its verdict and, for a list page, the facts a column proposal shows."""

    url: str
    kind: str  # list | article | search | login | other
    why: str = ""
    title: str = ""
    crumbs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)  # the list's item URLs (the column's identity)
    titles: dict[str, str] = field(default_factory=dict)  # item URL → its title (its link is not navigation)
    dated: int = 0
    newest: date | None = None
    total: int | None = None
    pages: list[str] = field(default_factory=list)  # other pages of the same column (its pager)
    links: list[tuple[str, str]] = field(default_factory=list)  # (url, anchor text), in page order

    @property
    def pager(self) -> bool:
        return bool(self.pages or self.total)


def url_verdict(url: str) -> str | None:
    """What a URL alone says it is (search, login, sitemap/calendar/feed), so it is never fetched; else None."""
    parts = urlsplit(unquote(url))
    if LOGIN_URL.search(url):
        return "login"
    keys = {k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    if SEARCH_URL.search(parts.path) or keys & SEARCH_KEYS:
        return "search"
    if OTHER_URL.search(parts.path) or is_attachment(url):
        return "other"
    return None


def _page_links(root: etree._Element, base: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for a in root.iter("a", "area"):
        url = resolve(base, a.get("href"))
        if url and url.startswith(("http://", "https://")):
            out.append((url, link_text(a)))
    return out


def _has_password_box(root: etree._Element) -> bool:
    return bool(root.xpath("//input[translate(@type,'PASWORD','pasword')='password']"))


def _is_search(root: etree._Element, text: str) -> bool:
    """A search form whose results are the page: a text box named like a query and "搜索结果"-style words."""
    boxes = [
        i
        for i in root.iter("input")
        if (i.get("name") or i.get("id") or "").lower() in SEARCH_KEYS or "search" in (i.get("name") or "").lower()
    ]
    return bool(boxes) and bool(SEARCH_TEXT.search(text))


def _plain_text(root: etree._Element) -> int:
    """Characters of body text outside links: an article's body is long, a list page's is mostly links."""
    body = root.find(".//body")
    if body is None:
        return 0
    return max(0, len(text_of(body)) - sum(len(text_of(a)) for a in body.iter("a")))


def judge_page(html: str, url: str) -> PageFacts:
    """Classify one page (pure: HTML in, facts out)."""
    root = parse_html(html)
    base = base_url(root, url)
    title = page_title(root)
    facts = PageFacts(url=url, kind="other", title=title, crumbs=breadcrumb(root))
    facts.links = _page_links(root, base)
    why_url = url_verdict(url)
    if why_url in ("login", "search"):
        facts.kind, facts.why = why_url, f"{why_url} page (its address)"
        return facts
    if LOGIN_TEXT.search(title):
        facts.kind, facts.why = "login", "login page (统一身份认证 in its title)"
        return facts
    body = root.find(".//body")
    text = text_of(body) if body is not None else ""
    if _is_search(root, text):
        facts.kind, facts.why = "search", "search results (a search form and 搜索结果)"
        return facts
    page = extract_list(html, url)
    facts.total = page.total
    script = page.script_pages if len(page.script_pages) > 1 else []
    facts.pages = [u for u in dict.fromkeys([*page.next_pages, *script]) if u != url]
    pager = bool(facts.pages or page.total or (page.page_count or 0) > 1)
    # rows whose link cannot be followed (a mirror's javascript:;) still count beside a pager or real links;
    # dated rows with no link at all and no pager are a table (a 校历), not a list of posts
    items = page.items if pager or any(i.link for i in page.items) else []
    facts.items = [i.url for i in items if i.link]
    facts.titles = {i.url: i.title for i in items if i.link}
    facts.dated = sum(1 for i in items if i.published or i.month_day)
    facts.newest = page.newest if items else None
    plain = _plain_text(root)
    article_nav = bool(ARTICLE_NAV.search(text))
    listed = (len(items) >= MIN_ITEMS and facts.dated * 2 >= len(items)) or (
        pager and len(items) >= 1 and (facts.dated or len(items) >= MIN_ITEMS)
    )
    body_page = (
        not pager
        and plain > 400
        and len(items) < 2 * MIN_ITEMS
        and bool(ARTICLE_META.search(text) or article_date(html, url)[0])
    )
    if article_nav and not pager:
        facts.kind, facts.why = "article", "article page (上一篇/下一篇)"
    elif body_page:
        facts.kind, facts.why = "article", "article page (one dated title and a long body)"
    elif not listed and _has_password_box(root):  # a login box beside a real list (a portal's header) is fine
        facts.kind, facts.why = "login", "login page (a password box and no list)"
    elif listed:
        facts.kind, facts.why = "list", page.rule
    elif not items and (page.total is not None or page.page_count):
        facts.kind, facts.why = "list", f"a pager stating {page.total or 0} posts, no rows read (an empty column?)"
    elif items:
        facts.why = f"not a column list ({len(items)} items, {facts.dated} dated, no pager)"
    else:
        facts.why = "no list of dated items"
    if facts.kind == "list":
        facts.pages += [u for _, u in pg.numbered_links(root, base, url) if u not in facts.pages]
    return facts
