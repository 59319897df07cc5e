"""A school portal and its department sub-sites (站群) on other servers, for ``discover``'s sub-site following.

The portal (博达-style, UTF-8) has a ``院系设置`` drop-down and a 院系设置 page linking three department sites on
other loopback servers: 计算机学院 (博达-style, UTF-8, ``127.0.0.1`` on another port), 外国语学院 (an old ASP site
in GBK, on ``127.0.0.2`` when that address can be bound, else 127.0.0.1) and 数学学院 (博达, UTF-8). Its footer
has what every Chinese site's footer has and discovery must never follow: 教育部 and 教育厅 (here a real server on
``localhost``, whose hits must stay 0), the ICP 备案 and 公网安备 links, share buttons. ``school()`` serves
them all and yields the servers and the truth (each site's columns as (name, first-page URL)).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from monitor.demo.siteserver import Page, SiteServer, redirect
from tests.support.servers import free_port

TODAY = date(2022, 7, 1)
TOPICS = [
    "召开学科建设推进会",
    "举办青年教师教学竞赛",
    "开展安全生产大检查",
    "学子在竞赛中获佳绩",
    "召开本科教学工作会议",
]


def loopback_2_works() -> bool:
    """Whether 127.0.0.2 can be bound here (Linux routes all of 127/8 to lo; some systems do not)."""
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.2", 0))
        return True
    except OSError:
        return False


@dataclass
class Column:
    name: str
    path: str  # first page
    posts: int
    newest_ago: int = 2


def _page(title: str, body: str, charset: str = "utf-8") -> Page:
    text = (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{escape(title)}</title></head><body>{body}</body></html>"
    )
    return Page(text.encode(charset, "xmlcharrefreplace"), 200, {"Content-Type": f"text/html; charset={charset}"})


def _articles(col: Column, key: str) -> list[tuple[str, str, date]]:
    newest = TODAY - timedelta(days=col.newest_ago)
    return [
        (
            f"/info/{key}/{900 - i}.htm",
            f"{TOPICS[i % len(TOPICS)]}（{col.name}{i + 1}）",
            newest - timedelta(days=3 * i),
        )
        for i in range(col.posts)
    ]


def _vsb_list(site: str, nav: str, col: Column, key: str, routes: dict[str, Page], per: int = 12) -> None:
    """博达 list pages: ``xyxw.htm``, later pages ``xyxw/{M-k+1}.htm``, pager ``共N条 k/M``, a breadcrumb."""
    rows = _articles(col, key)
    pages = max(1, -(-len(rows) // per))
    stem = col.path[: -len(".htm")]
    urls = [col.path] + [f"{stem}/{pages - k + 1}.htm" for k in range(2, pages + 1)]
    for k, url in enumerate(urls, 1):
        items = "".join(
            f'<li><span>[{d}]</span><a href="{href}" target="_blank" title="{escape(t)}">{escape(t)}</a></li>'
            for href, t, d in rows[(k - 1) * per : k * per]
        )
        nxt = f'<a href="{urls[k]}" class="Next">下页</a>' if k < pages else '<span class="NextDisabled">下页</span>'
        body = (
            f'{nav}<div class="position">当前位置：<a href="/index.htm">首页</a> &gt; <a href="{col.path}">'
            f'{escape(col.name)}</a></div><div class="main_list"><ul>{items}</ul></div>'
            f'<table><tr><td id="fanye1">共{len(rows)}条&nbsp;&nbsp;{k}/{pages}&nbsp;</td><td>{nxt}</td></tr></table>'
        )
        routes[url] = _page(f"{col.name}-{site}", body)
    for href, t, d in rows:
        routes[href] = _page(
            f"{t}-{site}",
            f"{nav}<h1>{escape(t)}</h1><div>发布时间：{d}</div><p>{'正文内容。' * 80}</p><div>上一篇：无</div>",
        )


def _menu(items: list[tuple[str, str]], extra: str = "") -> str:
    lis = "".join(f'<li class="mainlevel"><a href="{escape(h)}">{escape(t)}</a></li>' for h, t in items)
    return f'<div class="nav"><ul id="nav">{lis}{extra}</ul></div>'


def vsb_department(name: str, school: str, cols: list[Column], key: str) -> dict[str, Page]:
    routes: dict[str, Page] = {}
    nav = _menu([("/index.htm", "首页"), ("/xygk.htm", "学院概况")] + [(c.path, c.name) for c in cols])
    blocks = "".join(
        f'<div class="block"><h3>{escape(c.name)}</h3><a class="more" href="{c.path}">更多&gt;&gt;</a><ul>'
        + "".join(f'<li><a href="{h}">{escape(t)}</a><span>{d}</span></li>' for h, t, d in _articles(c, key)[:5])
        + "</ul></div>"
        for c in cols
    )
    footer = f'<div class="footer"><a href="http://www.moe.gov.cn/">教育部</a> 版权所有 © {school}{name}</div>'
    routes["/"] = routes["/index.htm"] = _page(f"{name}-{school}", nav + blocks + footer)
    routes["/xygk.htm"] = _page(f"学院概况-{name}", nav + f"<div>{'学院简介文字。' * 60}</div>")
    for k, c in enumerate(cols):
        _vsb_list(name, nav, c, f"{key}{k}", routes)
    return routes


def asp_department(name: str, cols: list[tuple[str, int, int]]) -> dict[str, Page]:
    """An old ASP department site in GBK: ``news.asp?classid=N``, later pages ``&page=k``."""
    routes: dict[str, Page] = {}
    nav = "".join(f'<a href="news.asp?classid={cid}">{escape(n)}</a> | ' for n, cid, _ in cols)
    nav = f'<table class="nav"><tr><td><a href="index.asp">首页</a> | {nav}</td></tr></table>'
    routes["/"] = routes["/index.asp"] = _page(f"{name}", nav + "<p>欢迎访问" + name + "</p>", "gbk")
    for n, cid, posts in cols:
        per = 10
        pages = max(1, -(-posts // per))
        for k in range(1, pages + 1):
            rows = "".join(
                f'<tr><td><a href="show.asp?id={cid * 100 + i}">{escape(TOPICS[i % 5])}（{n}{i + 1}）</a></td>'
                f"<td>{TODAY - timedelta(days=4 * i + cid)}</td></tr>"
                for i in range((k - 1) * per, min(posts, k * per))
            )
            nxt = f'<a href="news.asp?classid={cid}&page={k + 1}">下一页</a>' if k < pages else "下一页"
            body = (
                f'{nav}<div class="dqwz">您的位置：<a href="index.asp">首页</a> &gt;&gt; {escape(n)}</div>'
                f'<table class="list">{rows}</table><div>共{posts}条记录 页次：{k}/{pages} {nxt}</div>'
            )
            path = f"/news.asp?classid={cid}" + (f"&page={k}" if k > 1 else "")
            routes[path] = _page(f"{n}-{name}", body, "gbk")
    return routes


def portal(depts: list[tuple[str, str]], gov: str) -> dict[str, Page]:
    """The school's main site; ``depts``: (name, home URL) of its department sites; ``gov``: 教育厅's URL."""
    routes: dict[str, Page] = {}
    menu = "".join(f'<li><a href="{escape(u)}" target="_blank">{escape(n)}</a></li>' for n, u in depts)
    nav = _menu(
        [("/index.htm", "首页"), ("/xxgk.htm", "学校概况"), ("/xwzx/xxyw.htm", "学校要闻"), ("/tzgg.htm", "通知公告")],
        f'<li class="mainlevel"><a href="/yxsz.htm">院系设置</a><ul class="sub">{menu}</ul></li>',
    )
    footer = (
        '<div class="footer"><a href="http://www.moe.gov.cn/">教育部</a> '
        f'<a href="{escape(gov)}">湖南省教育厅</a> <a href="http://www.hunan.gov.cn/">湖南省人民政府</a> '
        '<a href="https://beian.miit.gov.cn/" target="_blank">湘ICP备05001234号</a> '
        '<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=43010302000123">湘公网安备43010302000123号</a>'
        '<a href="http://service.weibo.com/share/share.php?url=x&amp;title=y">分享到微博</a>'
        '<a href="https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url=x">QQ空间</a></div>'
    )
    cols = [Column("学校要闻", "/xwzx/xxyw.htm", 30, 1), Column("通知公告", "/tzgg.htm", 16, 3)]
    blocks = "".join(
        f'<div class="block"><h3>{c.name}</h3><a class="more" href="{c.path}">更多&gt;&gt;</a><ul>'
        + "".join(f'<li><a href="{h}">{escape(t)}</a><span>{d}</span></li>' for h, t, d in _articles(c, f"10{k}")[:5])
        + "</ul></div>"
        for k, c in enumerate(cols)
    )
    routes["/"] = routes["/index.htm"] = _page("示范大学", nav + blocks + footer)
    routes["/xxgk.htm"] = _page("学校概况-示范大学", nav + f"<div>{'学校简介文字。' * 60}</div>" + footer)
    listing = "".join(f'<p><a href="{escape(u)}">{escape(n)}</a></p>' for n, u in depts)
    routes["/yxsz.htm"] = _page("院系设置-示范大学", nav + f'<div class="yxsz">{listing}</div>' + footer)
    for k, c in enumerate(cols):
        _vsb_list("示范大学", nav, c, f"10{k}", routes)
    return routes


CS_COLS = [
    Column("学院新闻", "/xyxw.htm", 25, 1),
    Column("通知公告", "/tzgg.htm", 14, 2),
    Column("学术活动", "/xshd.htm", 8),
]
MATH_COLS = [Column("学院动态", "/xydt.htm", 13, 5), Column("本科教学", "/bkjx.htm", 7, 9)]
FL_COLS = [("学院动态", 1, 22), ("通知公告", 2, 12), ("教学科研", 3, 6)]


@dataclass
class School:
    portal: SiteServer
    cs: SiteServer
    fl: SiteServer  # GBK, on 127.0.0.2 when it can be bound
    math: SiteServer
    gov: SiteServer  # 教育厅, linked as http://localhost:PORT/: off-domain, must never be fetched
    merged: SiteServer  # 体育学院: its old address redirects into the main site (a department merged)
    dead: str  # 艺术学院: a link to a server that is down

    def truth(self) -> dict[str, list[tuple[str, str]]]:
        fl = [(n, self.fl.url(f"/news.asp?classid={cid}")) for n, cid, _ in FL_COLS]
        return {
            "示范大学": [("学校要闻", self.portal.url("/xwzx/xxyw.htm")), ("通知公告", self.portal.url("/tzgg.htm"))],
            "示范大学·计算机学院": [(c.name, self.cs.url(c.path)) for c in CS_COLS],
            "示范大学·外国语学院": fl,
            "示范大学·数学学院": [(c.name, self.math.url(c.path)) for c in MATH_COLS],
        }


@contextmanager
def school() -> Iterator[School]:
    with ExitStack() as stack:
        gov = stack.enter_context(SiteServer({"/": _page("湖南省教育厅", "<p>教育厅</p>")}))
        cs = stack.enter_context(SiteServer(vsb_department("计算机学院", "示范大学", CS_COLS, "20")))
        host = "127.0.0.2" if loopback_2_works() else "127.0.0.1"
        fl = stack.enter_context(SiteServer(asp_department("外国语学院", FL_COLS), host=host))
        math = stack.enter_context(SiteServer(vsb_department("数学学院", "示范大学", MATH_COLS, "30")))
        home: list[str] = []
        merged = stack.enter_context(SiteServer({"/": lambda _r: redirect(home[0] + "/xxgk.htm")}))
        dead = f"http://127.0.0.1:{free_port()}/"
        depts = [
            ("计算机学院", cs.url("/index.htm")),
            ("外国语学院", fl.url("/")),
            ("数学学院", math.url("/")),
            ("体育学院", merged.url("/")),
            ("艺术学院", dead),
        ]
        main = stack.enter_context(SiteServer(portal(depts, f"http://localhost:{gov.port}/")))
        home.append(main.base)
        yield School(main, cs, fl, math, gov, merged, dead)
