"""Rows a reader sees whose link cannot be followed, and the identity every post is stored under.

Why: 信息公开 columns, SEO clones and mirrors show dated rows whose link is ``javascript:;``,
``javascript:void(0)`` with the target in ``onclick``, ``#``, an ``<a>`` without ``href`` or no ``<a>``
at all. A reader still sees a post, so the monitor counts it. Such a row is a post only with a date
in its row (a year-less one too): an undated title with nothing to follow is as likely a heading or a
menu entry as a post, so it is left out. Its identity is the URL its script opens when one can be
read (``checkXnwk('173114.htm', …)``, ``window.open('…')``, ``location.href='…'``, Teleport's
``window.location='…'``), else its title plus its date. Such posts are never fetched or link-checked:
the script often guards the page (campus network only) and a request would report false breakage.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.extract.dates import DATE_HINT
from crawler.extract.pagination import absolute, good_href, is_pager_word
from crawler.extract.urls import normalise_url

_NEVER = ("mailto:", "tel:", "about:", "data:")
_STRING = r"""\(\s*(?:'([^']*)'|"([^"]*)")"""
_EXPLICIT = re.compile(
    r"(?:\bopen|location\.(?:assign|replace))" + _STRING + r"""|location(?:\.href)?\s*=\s*(?:'([^']*)'|"([^"]*)")"""
)
_CALL = re.compile(r"\b[A-Za-z_$][\w$.]*" + _STRING)  # checkXnwk('173114.htm', …), openWin("/a/1.html")
_PAGE = re.compile(
    r"^(?:https?://\S+|/\S+|\.{1,2}/\S+|[\w\-./]+\.(?:s?html?|jsp|php|aspx?|do|jhtml|psp)"
    r"(?:\?\S*)?)$",
    re.I,
)
_CONTROL_WORDS = re.compile(r"打印|关闭|分享|收藏|下载|返回|顶部|字号|纠错|登录|注册|搜索|繁体|无障碍|English", re.I)
_FIELD = re.compile(r"^\S{1,6}\s*[:：]")  # "索引号：…", "来源：…": a metadata line, not a title
_LABEL = re.compile(
    r"(?:发布|更新|时间|日期|来源|作者|点击|浏览|阅读)\S{0,4}\s*[:：]?"
    r"|[\[\](){}（）【】:：|/\-]"
)


def anchor_state(a: etree._Element) -> str:
    """ "good" (an href a browser follows), "dead" (``javascript:``, ``#``, empty, missing) or "skip"."""
    href = a.get("href")
    if good_href(href):
        return "good"
    if href is None and a.get("name") and not a.get("onclick"):
        return "skip"  # a named anchor (<a name="OLE_LINK1">, Word's bookmarks), not a link
    return "skip" if href and href.strip().lower().startswith(_NEVER) else "dead"


def anchor_counts(root: etree._Element) -> tuple[dict, dict]:
    """(good, dead): how many followable / unfollowable links sit under each element.

    Dead links count only where no good link is: a row of a good title link and its ``javascript:``
    share buttons stays a one-link row; a row of one ``javascript:;`` title becomes a candidate."""
    good: dict[etree._Element, int] = {}
    dead: dict[etree._Element, int] = {}
    for a in root.iter("a"):
        state = anchor_state(a)
        if state == "skip" or (state == "dead" and not (a.text or len(a))):
            continue  # <a name="top"></a>, mailto:
        table = good if state == "good" else dead
        el = a
        while el is not None:
            table[el] = table.get(el, 0) + 1
            el = el.getparent()
    return good, dead


def is_candidate_row(row: etree._Element, good: dict, dead: dict, marked: set) -> bool:
    """Could ``row`` be one post? 1–4 good links, or none and 1–4 dead ones, or no link but a date."""
    n = good.get(row, 0)
    if n:
        return n <= 4
    d = dead.get(row, 0)
    return 1 <= d <= 4 or (d == 0 and row in marked)


def js_target(el: etree._Element | None, base: str) -> str:
    """The page a script link opens, absolute, or "" when none can be read."""
    if el is None:
        return ""
    for attr in ("href", "onclick", "tppabs"):
        code = (el.get(attr) or "").strip()
        if not code or (attr == "href" and not code.lower().startswith("javascript:")):
            continue
        if attr == "tppabs":  # Teleport Ultra keeps the original address here
            return absolute(base, code) if _PAGE.match(code) else ""
        found = _EXPLICIT.search(code)
        picked = next((g for g in found.groups() if g), "") if found else ""
        if not picked:
            for call in _CALL.finditer(code):
                arg = call.group(1) if call.group(1) is not None else call.group(2)
                if _PAGE.match(arg.strip()):
                    picked = arg
                    break
        picked = picked.strip()
        if picked and not picked.lower().startswith(("javascript:", "#")) and _PAGE.match(picked):
            return absolute(base, picked)
    return ""


def row_target(row: etree._Element, link: etree._Element | None, base: str) -> str:
    """The link's script target, else the row's own ``onclick`` (``<tr onclick="location.href=…">``)."""
    return js_target(link, base) or (js_target(row, base) if row is not link else "")


def bare_title(outside: list[str], raw_date: str) -> str:
    """The title of a row with no ``<a>``: its longest text once the date and labels are taken out."""
    best = ""
    for text in outside:
        rest = " ".join(text.replace(raw_date, " ").split()) if raw_date else text
        if DATE_HINT.search(rest) and len(rest) <= 20:
            continue
        core = _LABEL.sub("", rest).strip()
        if len(core) >= 4 and not core.isdigit() and not is_pager_word(core) and len(rest) > len(best):
            best = rest.strip(" -|:：")
    return best


def plausible_title(title: str, row_text: int = 0) -> bool:
    """Whether a link-less row's text reads like a post title rather than a control or a field line
    (``row_text``: the row's text length; an article body or a whole page section is no row)."""
    core = title.strip(" []【】()（）")
    if len(core) < 4 or _FIELD.match(core) or row_text > 600:
        return False
    return not ((len(core) <= 10 and _CONTROL_WORDS.search(core)) or _CONTROL_WORDS.match(core))


def post_key(url: str, title: str, published: object = None, month_day: tuple[int, int] | None = None) -> str:
    """How the store names a post: its normalised URL, or ``title:<title>|<YYYY-MM-DD>`` when it has
    none (two rows of the same title on different dates are two posts; a year-less date whose year
    stays unknown is written ``MM-DD``)."""
    if url:
        return normalise_url(url)
    day = published.isoformat() if hasattr(published, "isoformat") else (published or "")
    if not day and month_day:
        day = f"{month_day[0]:02d}-{month_day[1]:02d}"
    return f"title:{' '.join(title.split())}|{day}"


def distinct_rows(items: list) -> list:
    """Link-less rows that repeat on one page (same key) are one post; linked rows are left alone."""
    seen: set[str] = set()
    out = []
    for item in items:
        if not item.link:
            key = post_key(item.url, item.title, item.published, item.month_day)
            if key in seen:
                continue
            seen.add(key)
        out.append(item)
    return out


def lone_dead(items: list) -> bool:
    """One link-less row alone is no list (an article's "分享" line, a form's date field)."""
    return len(items) < 2 and not any(i.link for i in items)
