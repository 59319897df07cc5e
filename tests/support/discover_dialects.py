"""How each CMS family spells a column: its URLs, its list rows and its pager (for the discover portals).

Modelled on the saved pages in /work/shared/real-pages: 博达 VSB numbers later pages DEscending
(``xxyw.htm`` → ``xxyw/3.htm`` → … → ``xxyw/1.htm``, pager ``共N条 1/M``); 苏迪 WebPlus uses
``/2345/list.htm``, ``list2.htm`` … and ``wp_paging`` with ``all_count``; TRS WCM uses ``index.html``,
``index_1.html`` … with only ``createPageHTML(countPage, currentPage, …)`` (no item total); the old ASP
site pages by query string (``news.asp?classid=3&page=2``) and is GBK.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field
from datetime import date
from html import escape


@dataclass
class Col:
    """One column of a portal as its designer meant it (the truth is derived from these)."""

    name: str  # as the nav / breadcrumb shows it
    slug: str  # path piece (VSB/TRS) — or the numeric id for WebPlus / ASP
    type: str | None  # the type the name table gives (None: the table does not cover the name)
    posts: int = 0
    newest_ago: int = 3  # days before TODAY of the newest post
    step: int = 6  # days between posts
    reach: str = "nav"  # nav | sidebar (only in its group's sidebar) | more (only a home 更多>>) | disclosure
    static: bool = False  # a single page (学校概况): no list, never required
    group: str = ""  # the nav group (top menu item) it belongs to; "" = a top item of its own
    group_slug: str = ""
    cid: int = 0  # the CMS's numeric column id (VSB's /info/10NN/ folder), set by the builder
    url: str = ""  # first page path, filled by the dialect
    pages: list[str] = field(default_factory=list)  # every page path of the list, filled by the dialect
    articles: list[tuple[str, str, date]] = field(default_factory=list)  # (path, title, date), newest first


def rel(from_path: str, to_path: str) -> str:
    """A relative href as static CMS output writes it (``../info/1012/3456.htm``)."""
    return _rel(posixpath.dirname(from_path.split("?")[0]) or "/", to_path)


@functools.lru_cache(maxsize=65536)
def _rel(base: str, to_path: str) -> str:
    """posixpath.relpath for absolute URL paths, but fast and keeping a folder URL's trailing slash."""
    b = [p for p in base.split("/") if p]
    t = to_path.split("/")[1:]
    i = 0
    while i < min(len(b), len(t) - 1) and b[i] == t[i]:
        i += 1
    return "/".join([".."] * (len(b) - i) + t[i:]) or "./"


class Dialect:
    family = ""
    charset = "utf-8"
    per_page = 10
    states_total = True
    home = "/index.htm"
    prefix = ""  # path prefix of the disclosure sub-site, set per instance

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def list_url(self, col: Col, k: int, pages: int) -> str:
        raise NotImplementedError

    def article_url(self, col: Col, i: int, d: date) -> str:
        raise NotImplementedError

    def static_url(self, col: Col) -> str:
        return self.list_url(col, 1, 1)

    def href(self, from_path: str, to_path: str) -> str:
        return to_path

    def aliases(self, col: Col) -> list[str]:
        """Other URLs that serve the column's first page (DedeCMS: ``/a/news/`` and ``list_5_1.html``)."""
        return []

    def row(self, page: str, href: str, title: str, d: date, k: int) -> str:
        return f'<li><a href="{escape(href)}" title="{escape(title)}">{escape(title)}</a><span>{d}</span></li>'

    def rows(self, page: str, rows: list[str]) -> str:
        return f'<div class="list"><ul>{"".join(rows)}</ul></div>'

    def pager(self, col: Col, k: int, pages: int, total: int) -> str:
        raise NotImplementedError


class Vsb(Dialect):
    """博达 VSB: ``/xwzx/xxyw.htm``, later pages ``/xwzx/xxyw/{M-k+1}.htm``, articles ``/info/1012/3456.htm``."""

    family = "vsb"
    per_page = 12

    def list_url(self, col: Col, k: int, pages: int) -> str:
        stem = f"{self.prefix}/{col.group_slug + '/' if col.group_slug else ''}{col.slug}"
        return f"{stem}.htm" if k == 1 else f"{stem}/{pages - k + 1}.htm"

    def article_url(self, col: Col, i: int, d: date) -> str:
        return f"{self.prefix}/info/{1000 + col.cid}/{5000 - i}.htm"

    def href(self, from_path: str, to_path: str) -> str:
        return rel(from_path, to_path)

    def row(self, page: str, href: str, title: str, d: date, k: int) -> str:
        return (
            f'<li id="line_u9_{k}"><SPAN>[{d}]</SPAN><a href="{href}" target="_blank" title="{escape(title)}">'
            f'{escape(title)}</a><DIV class="clear"></DIV></li>'
        )

    def rows(self, page: str, rows: list[str]) -> str:
        return f'<div class="main_list"><ul>{"".join(rows)}</ul></div>'

    def pager(self, col: Col, k: int, pages: int, total: int) -> str:
        here = col.pages[k - 1]
        nxt = (
            (
                f'<a href="{rel(here, col.pages[k])}" class="Next">下页</a>'
                f'<a href="{rel(here, col.pages[-1])}" class="Next">尾页</a>'
            )
            if k < pages
            else '<span class="NextDisabled">下页</span><span class="NextDisabled">尾页</span>'
        )
        prev = (
            (
                f'<a href="{rel(here, col.pages[0])}" class="Prev">首页</a>'
                f'<a href="{rel(here, col.pages[k - 2])}" class="Prev">上页</a>'
            )
            if k > 1
            else '<span class="PrevDisabled">首页</span><span class="PrevDisabled">上页</span>'
        )
        return (
            f'<table width="100%"><tr><td nowrap align="left" width="1%" id="fanye159415">共{total}条&nbsp;&nbsp;'
            f'{k}/{pages}&nbsp;</td><td nowrap align="left">{prev}{nxt}&nbsp;&nbsp;'
            f'<input type="text" name="pagenum" size="2"><a href="javascript:;">转到</a></td></tr></table>'
        )


class WebPlus(Dialect):
    """苏迪 WebPlus: ``/2345/list.htm``, ``/2345/list2.htm``, articles ``/2022/0701/c2345a67890/page.htm``."""

    family = "webplus"
    per_page = 15
    home = "/main.htm"

    def list_url(self, col: Col, k: int, pages: int) -> str:
        return f"{self.prefix}/{col.slug}/list{'' if k == 1 else k}.htm"

    def static_url(self, col: Col) -> str:
        return f"{self.prefix}/{col.slug}/list.htm"

    def article_url(self, col: Col, i: int, d: date) -> str:
        return f"{self.prefix}/{d:%Y}/{d:%m%d}/c{col.slug}a{90000 - i * 7 - int(col.slug)}/page.htm"

    def row(self, page: str, href: str, title: str, d: date, k: int) -> str:
        return (
            f'<li class="news n{k + 1} clearfix"><div class="dot"></div><div class="news_con">'
            f"<p class=\"news_title\"><a href='{href}' target='_self' title='{escape(title)}'>{escape(title)}</a>"
            f'<span class="news_meta">{d}</span></p></div></li>'
        )

    def rows(self, page: str, rows: list[str]) -> str:
        return f'<div id="wp_news_w6"><ul class="news_list list2">{"".join(rows)}</ul></div>'

    def pager(self, col: Col, k: int, pages: int, total: int) -> str:
        void = "javascript:void(0);"
        nxt, last = (col.pages[k], col.pages[-1]) if k < pages else (void, void)
        first, prev = (col.pages[0], col.pages[k - 2]) if k > 1 else (void, void)
        return (
            f'<div id="wp_paging_w6"><ul class="wp_paging clearfix"><li class="pages_count">每页 '
            f'<em class="per_count">{self.per_page}</em> 记录 总共 <em class="all_count">{total}</em> 记录</li>'
            f'<li class="page_nav"><a class="first" href="{first}">第一页</a><a class="prev" href="{prev}">'
            f'&lt;&lt;上一页</a><a class="next" href="{nxt}">下一页&gt;&gt;</a><a class="last" href="{last}">尾页</a>'
            f'</li><li class="page_jump">页码 <em class="curr_page">{k}</em>/<em class="all_pages">{pages}</em>'
            '<input type="text" class="pageNum"><a class="pagingJump" href="javascript:void(0);">跳转</a></li>'
            "</ul></div>"
        )


class Trs(Dialect):
    """TRS WCM: ``/xwzx/xxyw/index.html`` + ``index_1.html`` …, articles ``./202206/t20220620_570001.html``."""

    family = "trs"
    per_page = 10
    states_total = False
    home = "/index.html"

    def list_url(self, col: Col, k: int, pages: int) -> str:
        stem = f"{self.prefix}/{col.group_slug + '/' if col.group_slug else ''}{col.slug}"
        return f"{stem}/index.html" if k == 1 else f"{stem}/index_{k - 1}.html"

    def article_url(self, col: Col, i: int, d: date) -> str:
        return f"{posixpath.dirname(col.pages[0])}/{d:%Y%m}/t{d:%Y%m%d}_{570000 + i * 13 + len(col.slug)}.html"

    def href(self, from_path: str, to_path: str) -> str:
        r = rel(from_path, to_path)
        return r if r.startswith("..") else "./" + r

    def row(self, page: str, href: str, title: str, d: date, k: int) -> str:
        return (
            f'<tr><td width="20"><img src="../../images/dot.gif"></td><td class="black_14"><a href="{href}" '
            f'target="_blank" title="{escape(title)}" class="cn51black14">{escape(title)}</a></td>'
            f'<td class="cn51hui122" align="right">{d}</td></tr>'
        )

    def rows(self, page: str, rows: list[str]) -> str:
        return f'<table width="100%" class="list_table" cellpadding="0" cellspacing="0">{"".join(rows)}</table>'

    def pager(self, col: Col, k: int, pages: int, total: int) -> str:
        return (
            '<div class="page"><script type="text/javascript">\n'
            f"var currentPage = {k - 1};//所在页从0开始\nvar countPage = {pages}//共多少页\n"
            'createPageHTML(countPage, currentPage, "index", "html");\n</script></div>'
        )


class Asp(Dialect):
    """An old ASP site in GBK: ``news.asp?classid=3`` then ``news.asp?classid=3&page=2``, ``show.asp?id=123``."""

    family = "asp"
    charset = "gbk"
    per_page = 10
    home = "/index.asp"

    def list_url(self, col: Col, k: int, pages: int) -> str:
        base = f"{self.prefix}/news.asp?classid={col.slug}"
        return base if k == 1 else f"{base}&page={k}"

    def static_url(self, col: Col) -> str:
        return f"{self.prefix}/about.asp?id={col.slug}"

    def article_url(self, col: Col, i: int, d: date) -> str:
        return f"{self.prefix}/show.asp?id={int(col.slug) * 1000 + 999 - i}"

    def href(self, from_path: str, to_path: str) -> str:
        return rel(from_path, to_path)

    def row(self, page: str, href: str, title: str, d: date, k: int) -> str:
        return (
            f'<tr><td width="15"><img src="images/arrow.gif"></td><td class="listtitle"><a href="{escape(href)}" '
            f'target="_blank">{escape(title)}</a></td><td width="100" align="right"><font color="#999999">'
            f"{d.year}-{d.month}-{d.day}</font></td></tr>"
        )

    def rows(self, page: str, rows: list[str]) -> str:
        return f'<table width="100%" class="list" border="0">{"".join(rows)}</table>'

    def pager(self, col: Col, k: int, pages: int, total: int) -> str:
        here = col.pages[k - 1]

        def a(n: int, text: str) -> str:
            return f'<a href="{escape(rel(here, col.pages[n - 1]))}">{text}</a>'

        first = a(1, "首页") if k > 1 else "首页"
        prev = a(k - 1, "上一页") if k > 1 else "上一页"
        nxt = a(k + 1, "下一页") if k < pages else "下一页"
        last = a(pages, "尾页") if k < pages else "尾页"
        return (
            f'<div align="center">共 {total} 条记录 页次：{k}/{pages} 每页:{self.per_page} 条 '
            f"{first} {prev} {nxt} {last}</div>"
        )


class Dede(Dialect):
    """DedeCMS: the nav links ``/a/xwzx/xxyw/`` (its page 1, also served as ``list_15_1.html``), then
    ``list_15_2.html`` …; articles ``/a/xwzx/xxyw/2022/0630/1234.html``; ``dede_pages`` says ``共 M页N条``."""

    family = "dede"
    per_page = 12
    home = "/index.html"

    def _dir(self, col: Col) -> str:
        return f"{self.prefix}/a/{col.group_slug + '/' if col.group_slug else ''}{col.slug}/"

    def list_url(self, col: Col, k: int, pages: int) -> str:
        return self._dir(col) if k == 1 else f"{self._dir(col)}list_{col.cid}_{k}.html"

    def static_url(self, col: Col) -> str:
        return f"{self._dir(col)[:-1]}.html"

    def aliases(self, col: Col) -> list[str]:
        return [] if col.static else [f"{self._dir(col)}list_{col.cid}_1.html"]

    def article_url(self, col: Col, i: int, d: date) -> str:
        return f"{self._dir(col)}{d:%Y}/{d:%m%d}/{col.cid * 100 + 99 - i}.html"

    def row(self, page: str, href: str, title: str, d: date, k: int) -> str:
        return (
            f'<li><a href="{href}" class="title">{escape(title)}</a><span class="info"><small>日期：</small>{d}'
            f"<small>点击：</small>{30 + k}</span></li>"
        )

    def rows(self, page: str, rows: list[str]) -> str:
        return f'<div class="listbox"><ul class="e2">{"".join(rows)}</ul></div>'

    def pager(self, col: Col, k: int, pages: int, total: int) -> str:
        def li(n: int, text: str) -> str:
            return f"<li><a href='list_{col.cid}_{n}.html'>{text}</a></li>"

        lis = (li(1, "首页") + li(k - 1, "上一页")) if k > 1 else "<li><a>首页</a></li>"
        lis += "".join(f'<li class="thisclass">{n}</li>' if n == k else li(n, str(n)) for n in range(1, pages + 1))
        lis += (li(k + 1, "下一页") + li(pages, "末页")) if k < pages else "<li><a>末页</a></li>"
        return (
            f'<div class="dede_pages"><ul class="pagelist">{lis}<li><span class="pageinfo">共 <strong>{pages}'
            f"</strong>页<strong>{total}</strong>条</span></li></ul></div>"
        )


DIALECTS: dict[str, type[Dialect]] = {"vsb": Vsb, "webplus": WebPlus, "trs": Trs, "asp": Asp, "dede": Dede}
