"""A multi-page campus site for the resumable-backfill tests: three columns, 8–12 list pages each.

Two columns are written like Sudytech WebPlus (``list.htm``, ``list2.htm`` …; pager ``每页 18 记录 总共 38
记录 … 页码 1/3``, as on cs.fudan.edu.cn), one like TRS WCM (``index.html``, ``index_1.html`` …; rows in a
table, ``共N页`` and ``createPageHTML(count, current, "index", "html")``). Dates are relative to ``today``;
``extra`` posts are added at the top of a column (a later night), which pushes every older post down the
pages, as on a real site. ``claim`` overrides a column's stated total (a site that miscounts).
"""
from __future__ import annotations
import html as htmlmod
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from tests.support.config import config_toml
from monitor.demo.siteserver import Page, Request, html


@dataclass(frozen=True)
class Column:
    name: str
    path: str  # "/24792/" (WebPlus) or "/tzgg/" (TRS)
    style: str  # webplus | trs
    posts: int
    per_page: int
    every_days: int = 1


COLUMNS = [
    Column("工会活动", "/24792/", "webplus", 190, 18),      # 11 pages, the last one short
    Column("科研快讯", "/24251/", "webplus", 120, 15),      # 8 pages, all full
    Column("通知公告", "/tzgg/", "trs", 230, 20),           # 12 pages
]
SITE = "复江大学计算机学院"


def page_path(col: Column, n: int) -> str:
    """Page n (1-based) of a column: WebPlus list.htm, list2.htm …; TRS index.html, index_1.html …"""
    if col.style == "trs":
        return f"{col.path}index.html" if n == 1 else f"{col.path}index_{n - 1}.html"
    return f"{col.path}list.htm" if n == 1 else f"{col.path}list{n}.htm"


def posts_of(col: Column, today: date, extra: int = 0) -> list[tuple[str, str, date]]:
    """(path, title, date) newest first; post ids grow with time, so a post keeps its URL forever."""
    out = []
    total = col.posts + extra
    for i in range(total):
        pid = total - i  # the oldest post is 1
        d = today - timedelta(days=(i - extra) * col.every_days) if i >= extra else today
        out.append((f"{col.path}c{pid}a{5000 + pid}/page.htm", f"{col.name}第{pid}篇：学院举办学术交流活动", d))
    return out


def _webplus(col: Column, n: int, pages: int, rows: list, claim: int) -> str:
    items = "".join(
        f"<li class=\"news n{k + 1} clearfix\"><div class=\"dot\"></div><div class=\"news_con\">"
        f"<p class=\"news_title\"><a href='{p}' target='_self' title='{htmlmod.escape(t)}'>{htmlmod.escape(t)}</a>"
        f"<span class=\"news_meta\">{d.isoformat()}</span></p><div class=\"news_text\">摘要……</div></div></li>"
        for k, (p, t, d) in enumerate(rows))
    nxt = f"list{n + 1}.htm" if n < pages else "javascript:void(0);"
    last = f"list{pages}.htm" if n < pages else "javascript:void(0);"
    side = "".join(f'<li><a href="/news/{k}.htm">学院要闻{k}</a><span>12-2{k}</span></li>' for k in range(4))
    return f"""<html><head><meta charset="utf-8"><title>{col.name}</title></head><body>
<div class="col_news_list listcon"><ul class="news_list list2">{items}</ul>
<div id="wp_paging_w6"><ul class="wp_paging clearfix"><li class="pages_count">
<span class="per_page">每页&nbsp;<em class="per_count">{col.per_page}</em>&nbsp;记录&nbsp;</span>
<span class="all_count">总共&nbsp;<em class="all_count">{claim}</em>&nbsp;记录&nbsp;</span></li>
<li class="page_nav"><a class="first" href="javascript:void(0);"><span>第一页</span></a>
<a class="prev" href="javascript:void(0);"><span>&lt;&lt;上一页</span></a>
<a class="next" href="{nxt}" target="_self"><span>下一页&gt;&gt;</span></a>
<a class="last" href="{last}" target="_self"><span>尾页</span></a></li>
<li class="page_jump"><span class="pages">页码&nbsp;<em class="curr_page">{n}</em>/<em class="all_pages">{pages}</em></span></li>
</ul></div></div>
<div class="col_side"><h3>学院要闻</h3><ul class="news_list clearfix">{side}</ul></div>
<div class="footer">© 2022 复江大学计算机学院 版权所有</div></body></html>"""


def _trs(col: Column, n: int, pages: int, rows: list) -> str:
    items = "".join(
        f"<tr><td class=\"black_14\"><a href=\"{p}\" target=\"_blank\" title=\"{htmlmod.escape(t)}\""
        f" class='cn51black14'>{htmlmod.escape(t)}</a></td><td class=\"cn51hui122\">{d.isoformat()}<br></td></tr>"
        for p, t, d in rows)
    nav = "".join(f"<span id='pagenav_{k}'>{k + 1}</span>" if k == n - 1 else
                  f"<a id='pagenav_{k}' href='{'index.html' if k == 0 else f'index_{k}.html'}'>{k + 1}</a>"
                  for k in range(pages))
    return f"""<html><head><meta charset="utf-8"><title>通知公告</title></head><body>
<table width="100%" class="list"><tbody>{items}</tbody></table>
<div class="fanye">共{pages}页&nbsp;&nbsp;{nav}</div>
<script>var currentPage = {n - 1};//所在页从0开始
var countPage = {pages}//共多少页
createPageHTML({pages}, {n - 1}, "index", "html");</script>
<div class="footer">版权所有 复江大学计算机学院</div></body></html>"""


def build_site(today: date, extra: dict[str, int] | None = None,
               claim: dict[str, int] | None = None) -> dict[str, Page]:
    routes: dict[str, Page] = {"/": html(f"<html><body><h1>{SITE}</h1></body></html>")}
    for col in COLUMNS:
        posts = posts_of(col, today, (extra or {}).get(col.name, 0))
        pages = -(-len(posts) // col.per_page)
        stated = (claim or {}).get(col.name, len(posts))
        for n in range(1, pages + 1):
            rows = posts[(n - 1) * col.per_page: n * col.per_page]
            body = _trs(col, n, pages, rows) if col.style == "trs" else _webplus(col, n, pages, rows, stated)
            routes[page_path(col, n)] = html(body)
    return routes


def config_text(base: str, database: str = "m.db", extra: str = "") -> str:
    monitor = {"database": database, "timeout_seconds": 60, "backfill_days": 3650, "check_links": False}
    return config_toml(monitor=monitor, extra=extra, sites=[{
        "name": SITE, "url": f"{base}/",
        "sections": [{"name": col.name, "url": f"{base}{page_path(col, 1)}"} for col in COLUMNS]}])


class Gate:
    """Hold chosen page requests until released; ``reached`` is set once all of them have arrived.

    The test waits on ``reached`` (a deadline, not a sleep), signals the crawl, then releases.
    """

    def __init__(self, routes: dict[str, Page], paths: list[str]) -> None:
        self.waiting = set(paths)
        self.reached, self.release = threading.Event(), threading.Event()
        self._lock = threading.Lock()
        for path in paths:
            routes[path] = self._hold(routes[path], path)

    def _hold(self, page: Page, path: str):
        def route(request: Request) -> Page:
            with self._lock:
                self.waiting.discard(path)
                if not self.waiting:
                    self.reached.set()
            self.release.wait(120)
            return page
        return route
