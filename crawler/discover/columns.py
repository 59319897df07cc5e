"""Pages → columns: which list pages are pages of one column, which is its first page, what it is called.

Pages of one column are found two ways, both generic: the pager of a list page names its other pages
(next links, numbered links, TRS/JCMS script pagers), and the URL forms every CMS family uses for page n
(``xxyw/2.htm``, ``list2.htm``, ``index_1.html``, ``list_5_2.html``, ``18287_2.html``, ``/page/2/``,
``?page=2``) reduce to one key. A list whose items are all on another column's list (a channel page or
a home block showing a column's newest posts) is that column's excerpt, not a column of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.discover.judge import PageFacts
from crawler.discover.naming import column_name

PAGE_KEYS = {
    "page", "pageno", "pagenum", "pageindex", "pagenumber", "p", "pg", "curpage", "currentpage", "cpage",
    "pn", "paged", "page_no", "ipage", "startrecord", "endrecord", "perpage", "start", "offset",
}  # fmt: skip
_PAGE_PATH = [
    (re.compile(r"/page/\d+/?$"), "/"),  # WordPress
    (re.compile(r"/(list|index|more|default)[_-]?\d+(\.\w+)$"), r"/\1"),  # WebPlus list2.htm, TRS index_1.html
    (re.compile(r"/list_(\d+)_\d+\.html?$"), r"/list_\1"),  # DedeCMS list_5_2.html
    (re.compile(r"/(\d+)_\d+(\.s?html?)$"), r"/\1"),  # SiteServer channels/18287_2.html
    (re.compile(r"/([^/]+)/\d+\.htm$"), r"/\1"),  # VSB xxyw/2.htm → xxyw.htm
    (re.compile(r"/(list|index|default)(\.\w+)$"), r"/\1"),
    (re.compile(r"/([^/]+)\.s?html?$"), r"/\1"),
]
_INDEX = re.compile(r"/(index|default)$")


def column_key(url: str) -> str:
    """One key for every page of a column: page numbers, page parameters and index file names removed."""
    parts = urlsplit(url)
    path = parts.path or "/"
    for pattern, repl in _PAGE_PATH:
        new = pattern.sub(repl, path)
        if new != path:
            path = new
            break
    path = _INDEX.sub("/", path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in PAGE_KEYS]
    return urlunsplit((parts.scheme, parts.netloc.lower(), path.rstrip("/") or "/", urlencode(sorted(query)), ""))


def page_number(url: str) -> int:
    """How far into a pager a URL looks (0 for a first page): used to pick a column's first page."""
    parts = urlsplit(url)
    for k, v in parse_qsl(parts.query):
        if k.lower() in PAGE_KEYS and v.isdigit() and int(v) > 1:
            return int(v)
    if re.search(r"(/page/\d+/?|/list\d+\.\w+|[_/-]\d+\.\w+|_\d+_[2-9]\d*\.html?)$", parts.path):
        if re.search(r"/list_\d+_1\.html?$", parts.path):
            return 0
        return 1
    return 0


@dataclass
class Column:
    name: str
    url: str
    name_from: str
    pages: list[str] = field(default_factory=list)  # every page of it the crawl saw
    items: int = 0
    newest: date | None = None
    total: int | None = None
    crumbs: list[str] = field(default_factory=list)
    config_name: str = ""  # unique within the site (config section names are): 信息公开·通知公告


@dataclass
class Rejected:
    url: str
    kind: str
    why: str


class _Groups:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        while self.parent.setdefault(key, key) != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _first_page(urls: list[str], linked: dict[str, list[str]], pager_targets: set[str]) -> str:
    """The URL a column starts at: not named by another page's pager, linked from navigation, lowest page."""
    return min(urls, key=lambda u: (page_number(u), u in pager_targets, not linked.get(u), len(u), u))


def build_columns(
    pages: dict[str, PageFacts], linked: dict[str, list[str]], home: str, site_title: str
) -> tuple[list[Column], list[Rejected]]:
    """Group the list pages into columns, named; every other fetched page is rejected with its reason.

    ``linked``: URL → the anchor texts of the links that led to it (navigation, 更多, sidebars)."""
    rejected = [Rejected(u, f.kind, f.why) for u, f in pages.items() if f.kind != "list" and u != home]
    lists = {u: f for u, f in pages.items() if f.kind == "list" and column_key(u) != column_key(home)}
    groups = _Groups()
    pager_targets: set[str] = set()
    for url, facts in lists.items():
        groups.join(column_key(url), column_key(url))
        for other in facts.pages:
            pager_targets.add(other)
            if other in lists or column_key(other) != column_key(url):
                groups.join(column_key(other), column_key(url))
    by_items: dict[tuple[str, ...], str] = {}
    for url, facts in lists.items():  # the same list under two addresses (tzgg.htm and tzgg/index.htm)
        sig = tuple(facts.items[:10])
        if len(sig) >= 2:
            if sig in by_items:
                groups.join(column_key(url), column_key(by_items[sig]))
            by_items.setdefault(sig, url)
    members: dict[str, list[str]] = {}
    for url in lists:
        members.setdefault(groups.find(column_key(url)), []).append(url)
    columns = []
    for urls in members.values():
        first = _first_page(urls, linked, pager_targets)
        facts = lists[first]
        texts = [t for u in urls for t in linked.get(u, [])]
        name, source = column_name(facts.crumbs, texts, facts.title, site_title)
        dates = [d for d in (lists[u].newest for u in urls) if d is not None]
        items = {i for u in urls for i in lists[u].items}
        columns.append(
            Column(
                name or first, first, source, sorted(urls), len(items), max(dates) if dates else None,
                next((lists[u].total for u in urls if lists[u].total is not None), None), facts.crumbs,
            )
        )  # fmt: skip
    columns, excerpts = _drop_excerpts(columns, lists)
    rejected += excerpts
    _distinct_names(columns)
    order: dict[str, int] = {}
    for u in [*linked, *pages]:  # the order the navigation showed them
        order.setdefault(u, len(order))
    return sorted(columns, key=lambda c: order.get(c.url, len(order))), rejected


def _drop_excerpts(columns: list[Column], lists: dict[str, PageFacts]) -> tuple[list[Column], list[Rejected]]:
    """A list without a pager whose posts are mostly other columns' (a channel page, a sub-site's home,
    a "最新公开" block) shows their newest posts; it is not a column of its own."""
    items = {c.url: {i for u in c.pages for i in lists[u].items} for c in columns}
    paged = {c.url: any(lists[u].pager for u in c.pages) for c in columns}
    keep: list[Column] = []
    dropped: list[Rejected] = []
    for col in sorted(columns, key=lambda c: (not paged[c.url], -len(items[c.url]))):
        mine = items[col.url]
        hosts = [o for o in keep if mine & items[o.url]]
        covered = set().union(*(items[o.url] for o in hosts)) & mine if hosts else set()
        if not paged[col.url] and len(covered) >= 2 and len(covered) * 2 >= len(mine):
            names = ", ".join(o.name for o in hosts[:3]) + ("…" if len(hosts) > 3 else "")
            why = f"shows other columns' newest posts ({len(covered)} of {len(mine)} are in {names})"
            dropped.append(Rejected(col.url, "excerpt", why))
        else:
            keep.append(col)
    return keep, dropped


def _distinct_names(columns: list[Column]) -> None:
    """Config section names are unique per site: a repeated name gets its parent crumb (信息公开·通知公告)
    or a number in ``config_name``; ``name`` stays as the site shows it."""
    seen: set[str] = set()
    for col in sorted(columns, key=lambda c: (len(c.url), c.url)):
        col.config_name = col.name
        if col.name in seen:
            parent = col.crumbs[-2] if len(col.crumbs) >= 2 else ""
            candidate = f"{parent}·{col.name}" if parent else col.name
            n = 2
            while candidate in seen:
                candidate, n = f"{col.name} ({n})", n + 1
            col.config_name = candidate
        seen.add(col.config_name)
