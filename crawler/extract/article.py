"""The publish date of an article page, for lists that show no dates (or no years).

Campus CMSs print it as ``发布时间：2022-06-20``, ``发布日期：``, ``日期：`` or in meta tags
(``<meta name="PubDate">`` on TRS/Hanweb, ``article:published_time`` on WordPress). Labelled dates come
first because article bodies mention other dates; then the date in the URL (TRS ``t20220620_``, JCMS
``/art/2022/6/20/``); htmldate is the last resort (JSON-LD, other meta names), with its content-wide
search kept off so that a date mentioned in the body is never taken for the publish date.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from crawler.extract.dates import make_date, parse_date
from crawler.extract.html import parse_html, without

_META_NAMES = {
    "pubdate",
    "publishdate",
    "publish_date",
    "firstpublishedtime",
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "dcterms.issued",
    "contentpublishtime",
}
_LABELS = re.compile(
    r"(?:发布时间|发布日期|发表时间|发表日期|发文日期|上传时间|添加时间|录入时间|更新时间|成文日期|"
    r"发布于|日期|时间|Published|Date)\s*[:：]?\s*"
    r"((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})",
    re.I,
)
_DATE_CLASSES = re.compile(
    r"publishdate|pubdate|publish_time|posttime|post-date|entry-date|arti_update|"
    r"article_publishdate|time|date",
    re.I,
)


def _meta_date(root: etree._Element) -> date | None:
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        if key in _META_NAMES:
            found = parse_date(meta.get("content") or "")
            if found:
                return found
    for el in root.iter("time"):
        found = parse_date(el.get("datetime") or "") or parse_date("".join(el.itertext()))
        if found:
            return found
    return None


def _labelled_date(text: str) -> date | None:
    for match in _LABELS.finditer(text):
        found = parse_date(match.group(1))
        if found:
            return found
    return None


def _class_date(root: etree._Element) -> date | None:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        ident = (el.get("class") or "") + " " + (el.get("id") or "")
        if ident.strip() and _DATE_CLASSES.search(ident):
            text = " ".join("".join(el.itertext()).split())
            if len(text) <= 60:
                found = parse_date(text)
                if found:
                    return found
    return None


_URL_DATES = [
    re.compile(p)
    for p in (
        r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+",  # TRS: /202009/t20200922_5702557.html
        r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/",  # 大汉 JCMS /art/2022/6/20/, WordPress /2022/06/20/
        r"/((?:19|20)\d{2})/(\d{2})(\d{2})/",  # DedeCMS /a/news/2017/0419/40.html
        r"/((?:19|20)\d{2})(\d{2})(\d{2})/",  # /20220620/123.html
    )
]


def url_date(url: str | None) -> date | None:
    """A publish date in the article URL, as TRS, JCMS, DedeCMS and WordPress write them."""
    if not url:
        return None
    for pattern in _URL_DATES:
        match = pattern.search(url)
        if match:
            found = make_date(*(int(g) for g in match.groups()))
            if found:
                return found
    return None


def _htmldate(html: str, url: str | None) -> date | None:
    try:
        from htmldate import find_date

        found = find_date(html, url=url, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is a best-effort fallback; a bad page must not stop the crawl
        return None
    return date.fromisoformat(found) if found else None


def article_date(html: str, url: str | None = None) -> tuple[date | None, str]:
    """(publish date, how it was found) of an article page; (None, "") when the page gives none."""
    return article_date_in(parse_html(html), html, url)


def article_date_in(root: etree._Element, html: str, url: str | None = None) -> tuple[date | None, str]:
    """``article_date`` on the page's one parse (``html``, its source, is for htmldate's last resort);
    the tree is read without its scripts and styles and left as it was found."""
    found = _meta_date(root)
    if found:
        return found, "meta"
    with without(root, "script", "style"):
        body = root.find("body")
        text = " ".join("".join((body if body is not None else root).itertext()).split())
        found = _labelled_date(text)
        if found:
            return found, "label"
        found = _class_date(root)
        if found:
            return found, "class"
    found = url_date(url)
    if found:
        return found, "url"
    found = _htmldate(html, url)  # JSON-LD, other meta names, <abbr class="published"> …
    return (found, "htmldate") if found else (None, "")
