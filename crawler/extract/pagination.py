"""Where a column list continues: links, numbered pagers and the script pagers of TRS and 大汉 JCMS.

Pure functions over a parsed page (or its raw text for script pagers); URLs come back absolute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from crawler.extract.html import text_of

PAGER_WORDS = {
    "首页",
    "尾页",
    "末页",
    "上一页",
    "上页",
    "前页",
    "下一页",
    "下页",
    "后页",
    "更多",
    "more",
    "more>>",
    "第一页",
    "最后一页",
    "跳转",
    "go",
    "确定",
}
NEXT_WORDS = {"下一页", "下页", "后页", "下一頁", "後頁", "next", "nextpage", "下一页>>", "下一頁>>"}
ARROWS = {">", "›", "→"}  # a lone arrow is "next" only when no link says so in words ("»" is often "last")
_STRIP = re.compile(r"[\s<>«»‹›\[\]()（）【】.·…|→\-]+")
_SKIP_HREF = ("javascript:", "mailto:", "tel:", "#", "about:")
_TOTAL = re.compile(r"(?:共|总共|总计|合计)\s*[:：]?\s*(?:\d+\s*页\s*)?(\d+)\s*(?:条|篇|个记录|记录)")
_PAGE_OF = re.compile(r"(?:页次|页码|当前第|第)\s*[:：]?\s*(\d+)\s*/\s*(\d+)")
_PAGES = re.compile(r"(?:共|总共)\s*[:：]?\s*(\d+)\s*页")
_PER_PAGE = re.compile(r"每页\s*(?:显示)?\s*[:：]?\s*(\d+)\s*(?:条|篇|个|记录|项)")
_TRS_CALL = re.compile(
    r"createPageHTML\(\s*([\w.]+)\s*,\s*([\w.]+)\s*,\s*[\"']([^\"']+)[\"']\s*,"
    r"\s*[\"']([^\"']+)[\"']"
)
_JS_VAR = r"\b{name}\s*=\s*(\d+)"
_JCMS_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_JCMS_PROXY = re.compile(
    r"""(?:https?://[^/"'\s<>]+)?(?:/[\w.\-]+)*?/module/(?:web/)?jpage/dataproxy\.jsp"""
    r"""[^"'\s<>\]]*""",
    re.I,
)
_JCMS_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord['\"]?\s*[:=]\s*['\"]?(\d+)", re.I)
_JCMS_PERPAGE = re.compile(r"perpage['\"]?\s*[:=]\s*['\"]?(\d+)", re.I)


def good_href(href: str | None) -> bool:
    return bool(href and not href.strip().lower().startswith(_SKIP_HREF))


def absolute(base: str, href: str) -> str:
    return urldefrag(urljoin(base, href.strip()))[0]


def _classes(el: etree._Element) -> str:
    return (el.get("class") or "").lower()


def is_pager_word(text: str) -> bool:
    """ "首页", "下一页 >>", "更多»" …: link texts that are never a post's title."""
    return _STRIP.sub("", text).lower() in PAGER_WORDS


def is_next_link(a: etree._Element, raw: str | None = None) -> bool:
    """ "下一页", "下页", "Next »", rel=next, class="next" — not "尾页" or "下一篇"."""
    raw = text_of(a) if raw is None else raw
    word = _STRIP.sub("", raw).lower()
    if word in NEXT_WORDS:
        return True
    if a.get("rel", "").lower() == "next":
        return True
    classes = _classes(a).split()
    parent = a.getparent()
    parent_classes = _classes(parent).split() if parent is not None else []
    if any(c in ("next", "p_next", "next-page", "nextpage") for c in classes + parent_classes):
        return not word.isdigit() and word not in ("尾页", "末页", "last", "上一页", "上页", "prev")
    return False


def _digits_out(url: str) -> str:
    return re.sub(r"\d+", "#", url)


def same_column(target: str, current: str) -> bool:
    """Could ``target`` be another page of the list at ``current``? (list-5-3.html, ?page=3,
    xxyw/3.htm, /page/3/ — not a calendar's or another column's numbered link)."""
    t, c = urlsplit(target), urlsplit(current)
    if t.netloc != c.netloc:
        return False
    if _digits_out(t.path + "?" + t.query) == _digits_out(c.path + "?" + c.query):
        return True
    t_dir, c_dir = t.path.rsplit("/", 1)[0], c.path.rsplit("/", 1)[0]
    stem = c.path.rsplit(".", 1)[0] if "." in c.path.rsplit("/", 1)[-1] else c.path.rstrip("/")
    return (
        (t_dir == c_dir and t.path != c.path)
        or t.path.startswith(stem + "/")
        or (t.path == c.path and t.query != c.query)
    )


def numbered_links(root: etree._Element, base: str, current: str) -> list[tuple[int, str]]:
    """Numbered pager links (``1 2 [3] 4``) as (number, url), ascending, excluding the current page."""
    found: dict[int, str] = {}
    for a in root.iter("a"):
        label = text_of(a).strip("[] ")
        if not label.isdigit() or len(label) > 4:
            continue
        href = a.get("href")
        if not good_href(href):
            continue
        target = absolute(base, href)
        if target != current and target not in found.values() and same_column(target, current):
            found.setdefault(int(label), target)
    return sorted(found.items())


def current_page_number(root: etree._Element) -> int | None:
    """The pager's current page: a bare number in a span/strong/b/em/font/li among numbered links."""
    for el in root.iter("span", "strong", "b", "em", "font", "li", "a"):
        if el.tag == "a" and el.get("href") and good_href(el.get("href")):
            continue
        label = text_of(el)
        if label.isdigit() and len(label) <= 4 and len(el) == 0:
            sib = el.getnext() if el.getnext() is not None else el.getprevious()
            if sib is not None and text_of(sib).strip("[] ").isdigit():
                return int(label)
    return None


def pager_total(text: str) -> int | None:
    """What the pager claims: "共 123 条", "总共 38 记录" (None when it says nothing)."""
    match = _TOTAL.search(text)
    return int(match.group(1)) if match else None


def page_of(text: str) -> tuple[int, int] | None:
    """ "页次：1/7", "当前第 1 / 48 页" → (current, count)."""
    match = _PAGE_OF.search(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def stated_pages(text: str) -> int | None:
    """ "共 48 页", "共2页" (TRS), "页码 1/3" (WebPlus), "当前第 1 / 48 页" → the page count the pager states."""
    of = page_of(text)
    if of:
        return of[1]
    match = _PAGES.search(text)
    return int(match.group(1)) if match else None


def stated_page_size(text: str) -> int | None:
    """ "每页 18 记录" (WebPlus ``per_count``), "每页显示20条" → posts per list page, when the pager says."""
    match = _PER_PAGE.search(text)
    return int(match.group(1)) if match else None


@dataclass
class ScriptPager:
    """Pages a script pager would produce; ``next`` is the one after the current page."""

    kind: str
    pages: list[str] = field(default_factory=list)
    next: str | None = None
    count: int | None = None
    current: int | None = None


def _js_number(token: str, raw: str) -> int | None:
    if token.isdigit():
        return int(token)
    match = re.search(_JS_VAR.format(name=re.escape(token)), raw)
    return int(match.group(1)) if match else None


def trs_pages(raw: str, base: str) -> ScriptPager | None:
    """TRS WCM: ``createPageHTML(countPage, currentPage, "index", "html")`` → index.html, index_1.html …

    Page 0 is ``index.html``, page n is ``index_n.html``; the arguments may be numbers or variables.
    Pages built from ``var countPage``/``var currentPage`` alone count too when the URL is an index page.
    """
    if "createPageHTML" not in raw and "countPage" not in raw:
        return None
    call = _TRS_CALL.search(raw)
    if call:
        count, current = _js_number(call.group(1), raw), _js_number(call.group(2), raw)
        prefix, ext = call.group(3), call.group(4)
    else:
        count, current = _js_number("countPage", raw), _js_number("currentPage", raw)
        match = re.search(r"/(index)(?:_\d+)?\.(s?html?)$", urlsplit(base).path)
        if count is None or current is None or not match:
            return None
        prefix, ext = match.group(1), match.group(2)
    if count is None or current is None or count < 1:
        return None
    pages = [absolute(base, f"{prefix}.{ext}" if n == 0 else f"{prefix}_{n}.{ext}") for n in range(count)]
    nxt = pages[current + 1] if current >= 0 and current + 1 < count else None
    return ScriptPager("trs", pages, nxt, count, current)


_JCMS_STORE = re.compile(r"<datastore>.*?</datastore>", re.S | re.I)
_RECORD_TAG = re.compile("<record>", re.I)


def jcms_store(raw: str) -> str | None:
    """The 大汉 JCMS datastore of a column page (the one with most records when modules add more),
    with the page text that follows it up to the next datastore (its pager script); or None."""
    stores = list(_JCMS_STORE.finditer(raw))
    if not stores:
        return raw if _RECORD_TAG.search(raw) else None  # not raw.lower(): a copy of the page
    best = max(range(len(stores)), key=lambda i: len(_JCMS_RECORD.findall(stores[i].group(0))))
    end = stores[best + 1].start() if best + 1 < len(stores) else len(raw)
    return raw[stores[best].start() : end]


def jcms_records(raw: str) -> list[str]:
    """大汉 JCMS: the HTML of each ``<record><![CDATA[…]]></record>`` in a text/xml datastore."""
    return _JCMS_RECORD.findall(raw)


def jcms_next(raw: str, base: str, shown: int) -> ScriptPager | None:
    """The dataproxy request for the records after the ``shown`` ones, or None when all are shown.

    The column page (or a previous dataproxy answer) holds the proxy URL (in ``<nextgroup>`` or the
    pager script), the total (``<totalrecord>`` / ``totalRecord:``) and the page size (``perpage``).
    Requests carry ``startrecord``/``endrecord``/``perpage`` as the JCMS pager sends them.
    """
    total_m = _JCMS_TOTAL.search(raw)
    total = int(total_m.group(1) or total_m.group(2)) if total_m else None
    parts = urlsplit(base)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if "dataproxy.jsp" in parts.path and "startrecord" in query:
        proxy = base
        start = int(query.get("startrecord", "1"))
        end = int(query.get("endrecord", str(start + shown - 1)))
        group = end - start + 1
        first_unseen = end + 1
    else:
        match = _JCMS_PROXY.search(raw)
        if not match:
            return None
        proxy = absolute(base, match.group(0).replace("&amp;", "&"))
        group = max(shown, 1)
        first_unseen = shown + 1
    per_m = _JCMS_PERPAGE.search(raw) or _JCMS_PERPAGE.search(proxy)
    perpage = int(per_m.group(1)) if per_m else group
    if total is not None and first_unseen > total:
        return ScriptPager("jcms", [], None, None, None)
    if total is None and shown == 0:
        return ScriptPager("jcms", [], None, None, None)
    end = first_unseen + group - 1
    if total is not None:
        end = min(end, total)
    pparts = urlsplit(proxy)
    params = [
        (k, v)
        for k, v in parse_qsl(pparts.query, keep_blank_values=True)
        if k not in ("startrecord", "endrecord", "perpage")
    ]
    params += [("startrecord", str(first_unseen)), ("endrecord", str(end)), ("perpage", str(perpage))]
    nxt = urlunsplit((pparts.scheme, pparts.netloc, pparts.path, urlencode(params), ""))
    return ScriptPager("jcms", [nxt], nxt, None, None)


def is_jcms_proxy(url: str) -> bool:
    return urlsplit(url).path.endswith("/jpage/dataproxy.jsp")


def jcms_form(url: str) -> dict[str, str]:
    """The form a JCMS pager POSTs to its dataproxy: every parameter but the record range."""
    return {
        k: v
        for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)
        if k not in ("startrecord", "endrecord", "perpage")
    }


def jcms_total(raw: str) -> int | None:
    match = _JCMS_TOTAL.search(raw)
    return int(match.group(1) or match.group(2)) if match else None
