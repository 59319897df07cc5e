"""Build one discover portal (home, nav with drop-downs, 更多>> blocks, sidebars, breadcrumbs, list pages with
pagers, articles, a 信息公开网 sub-site, and the traps) as SiteServer routes plus the truth it must yield.

The page frame follows the saved campus pages: ``<ul id="nav">`` with ``mainlevel`` items and sub-menus, a
``当前位置：`` breadcrumb, a left ``sidebar`` of the group's columns, a footer with 教育部 and 友情链接.
Articles carry a dated 相关文章 list and search results are dated rows with a pager — both look like lists
and must not be proposed as columns.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from monitor.demo.siteserver import Page
from tests.support import discover_frames as frames
from tests.support.discover_dialects import Col, Dialect

TOPICS = [
    "召开2022年党风廉政建设工作会议",
    "举行学科建设推进会",
    "开展安全生产大检查",
    "与地方政府签署战略合作协议",
    "学子在全国大学生竞赛中获佳绩",
    "举办青年教师教学竞赛",
    "召开本科教学工作会议",
    "开展师德师风专题教育",
    "举行新学期工作部署会",
    "获批国家自然科学基金项目",
    "举办校园开放日活动",
    "召开研究生培养工作会议",
]


@dataclass
class Site:
    """A portal: its school, its CMS dialect, main-site columns and 信息公开网 columns (the latter's dialect
    carries the sub-site's path prefix)."""

    key: str
    school: str
    main: Dialect
    cols: list[Col]
    sub: Dialect
    dcols: list[Col]
    today: date
    traps: dict[str, str] = field(default_factory=dict)  # kind → path (search, search2, login, sitemap, …)
    missing: str = ""  # a nav link that answers 404
    declare: bool = True  # whether responses carry the charset in Content-Type
    nav_submenus: bool = True


def _fill(d: Dialect, col: Col, cid: int, today: date) -> None:
    col.cid = cid
    if col.static:
        col.url = d.static_url(col)
        col.pages = [col.url]
        return
    n = max(1, math.ceil(col.posts / d.per_page))
    col.pages = [d.list_url(col, k, n) for k in range(1, n + 1)]
    col.url = col.pages[0]
    newest = today - timedelta(days=col.newest_ago)
    col.articles = []
    for i in range(col.posts):
        day = newest - timedelta(days=col.step * i)
        col.articles.append(
            (d.article_url(col, i, day), f"{TOPICS[(i + cid) % len(TOPICS)]}（{col.slug}-{i + 1}）", day)
        )


class Builder:
    def __init__(self, site: Site) -> None:
        self.s = site
        self.routes: dict[str, object] = {}
        self._navs: dict[tuple[str, bool], str] = {}
        for k, c in enumerate(site.cols):
            _fill(site.main, c, c.cid or 10 + k, site.today)
        for k, c in enumerate(site.dcols):
            _fill(site.sub, c, c.cid or 60 + k, site.today)
        self.disclosure_home = site.sub.prefix + site.sub.home

    # --- page frame -------------------------------------------------------------------------------
    def page(self, text: str, path: str, meta: bool = True) -> Page:
        d = self.s.main
        if d.charset != "utf-8" and not meta:
            text = text.replace(f'<meta http-equiv="Content-Type" content="text/html; charset={_mcs(d)}">', "")
        ctype = f"text/html; charset={_mcs(d)}" if self.s.declare else "text/html"
        return Page(text.encode(d.charset, "xmlcharrefreplace"), 200, {"Content-Type": ctype})

    def a(self, here: str, to: str, text: str, extra: str = "") -> str:
        href = to if to.startswith("http") else self.s.main.href(here, to)
        return f'<a href="{escape(href)}"{extra} title="{escape(text)}">{escape(text)}</a>'

    def h(self, here: str, to: str) -> str:
        return to if to.startswith("http") else self.s.main.href(here, to)

    def nav(self, here: str, sub: bool) -> str:
        """The menu; its relative hrefs depend only on the page's folder, so it is built once per folder."""
        key = (here.split("?")[0].rsplit("/", 1)[0], sub)
        if key not in self._navs:
            self._navs[key] = self._nav(here, sub)
        return self._navs[key]

    def _nav(self, here: str, sub: bool) -> str:
        cols = self.s.dcols if sub else self.s.cols
        groups: dict[str, list[Col]] = {}
        for c in cols:
            if c.reach in ("nav", "disclosure") or (c.reach == "sidebar" and not c.group):
                groups.setdefault(c.group or c.name, []).append(c)
        items = [(self.h(here, self.disclosure_home if sub else self.s.main.home), "首页", [])]
        for g, cs in groups.items():
            menu = [(self.h(here, c.url), c.name) for c in cs] if self.s.nav_submenus and cs[0].group else []
            if not sub and self.s.missing and g == next(c.group for c in self.s.cols if c.posts and c.group):
                menu.append((self.h(here, self.s.missing), "校友风采"))  # answers 404
            items.append((self.h(here, cs[0].url), g, menu))
        if sub:
            items.append((self.h(here, self.s.main.home), "学校主页", []))
        else:
            items.append((self.h(here, self.disclosure_home), "信息公开", []))
        return frames.nav(self.s.main.family, items)

    def frame(self, here: str, title: str, body: str, sub: bool = False) -> str:
        t = self.s.traps
        name = self.s.school + ("信息公开网" if sub else "")
        top = (
            f'<div class="topbar">{self.a(here, t["login"], "统一身份认证")} | {self.a(here, t["sitemap"], "网站地图")}'
            f" | {self.a(here, t['search'], '站内搜索')}</div>"
        )
        foot = (
            f'<div class="footer"><div class="links">{self.a(here, "http://www.moe.gov.cn/", "教育部")} '
            f"{self.a(here, t['links'], '友情链接')} {self.a(here, t['calendar'], '校历')}</div>"
            f"<p>版权所有：{self.s.school} 地址：某省某市大学路1号 某ICP备05001234号</p></div>"
        )
        return (
            f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={_mcs(self.s.main)}">'
            f'<title>{escape(title)}</title></head><body><div class="header"><div class="logo">{escape(name)}</div>'
            f'{top}{self.nav(here, sub)}<form action="{escape(t["search"].split("?")[0])}" method="get">'
            f'<input name="q"><input type="submit" value="搜索"></form></div>'
            f'<div class="container">{body}</div>{foot}</body></html>'
        )

    def crumbs(self, here: str, c: Col, sub: bool, tail: str = "") -> str:
        parts = [(self.h(here, self.disclosure_home if sub else self.s.main.home), "首页")]
        group = [x for x in (self.s.dcols if sub else self.s.cols) if x.group and x.group == c.group]
        if c.group:
            parts.append((self.h(here, group[0].url), c.group))
        parts.append((self.h(here, c.url), c.name))
        return frames.crumbs(self.s.main.family, parts, tail)

    def sidebar(self, here: str, c: Col, sub: bool) -> str:
        mates = [
            x
            for x in (self.s.dcols if sub else self.s.cols)
            if (c.group and x.group == c.group) or x is c or (sub and x.reach == "disclosure")
        ]
        items = [(self.h(here, x.url), x.name, x is c) for x in mates]
        return frames.side(self.s.main.family, c.group or ("信息公开目录" if sub else c.name), items)

    def heading(self, c: Col) -> str:
        """VSB and WebPlus print the column's name over the list; TRS and the ASP site only in the breadcrumb."""
        return f'<h2 class="column-title">{escape(c.name)}</h2>' if self.s.main.family in ("vsb", "webplus") else ""

    def title(self, page: str) -> str:
        return frames.title(self.s.main.family, page, self.s.school)

    # --- pages ------------------------------------------------------------------------------------
    def column(self, c: Col, sub: bool) -> None:
        d = self.s.sub if sub else self.s.main
        if c.static:
            body = (
                f'{self.sidebar(c.url, c, sub)}<div class="main">{self.crumbs(c.url, c, sub)}<h1>{escape(c.name)}</h1>'
                f'<div class="content"><p>{escape(self.s.school)}始建于1952年，现有全日制本科生两万余人。'
                f"学校占地面积3000余亩，设有20个学院。</p></div></div>"
            )
            self.routes[c.url] = self.page(self.frame(c.url, self.title(c.name), body, sub), c.url)
            return
        n = len(c.pages)
        for k, path in enumerate(c.pages, 1):
            chunk = c.articles[(k - 1) * d.per_page : k * d.per_page]
            rows = [d.row(path, d.href(path, a), t, day, j) for j, (a, t, day) in enumerate(chunk)]
            listing = d.rows(path, rows) if rows else '<div class="main_list"><p>暂无内容</p></div>'
            body = (
                f'{self.sidebar(path, c, sub)}<div class="main">{self.crumbs(path, c, sub)}'
                f"{self.heading(c)}{listing}{d.pager(c, k, n, c.posts)}</div>"
            )
            self.routes[path] = self.page(self.frame(path, self.title(c.name), body, sub), path, meta=k == 1)
        for alias in d.aliases(c):
            self.routes[alias] = self.routes[c.url]
        for i, (a, _t, _day) in enumerate(c.articles):
            self.routes[a] = functools.partial(self.article, c, i, sub)

    def article(self, c: Col, i: int, sub: bool, request: object = None) -> Page:
        path, t, day = c.articles[i]
        related = [x for j, x in enumerate(c.articles) if j != i][:5]
        rel_rows = "".join(f"<li>{self.a(path, a, tt)}<span>{dd}</span></li>" for a, tt, dd in related)
        nav = "".join(
            f"<p>{label}：{self.a(path, c.articles[j][0], c.articles[j][1])}</p>"
            for label, j in (("上一篇", i - 1), ("下一篇", i + 1))
            if 0 <= j < len(c.articles)
        )
        body = (
            f'{self.sidebar(path, c, sub)}<div class="main">{self.crumbs(path, c, sub, "正文")}'
            f'<div class="article"><h1>{escape(t)}</h1><div class="info">发布时间：{day} 来源：{escape(c.name)} '
            f'点击数：{100 + i}</div><div class="v_news_content"><p>{day.year}年{day.month}月{day.day}日，'
            f"{escape(self.s.school)}{escape(t)}。</p></div>{nav}"
            f'<div class="related"><h3>相关文章</h3><ul>{rel_rows}</ul></div></div></div>'
        )
        return self.page(self.frame(path, self.title(t), body, sub), path, meta=False)

    def block(self, here: str, c: Col, dated: bool = True) -> str:
        items = "".join(
            f'<li>{self.a(here, a, t)}<span class="date">{day if dated else f"{day:%m-%d}"}</span></li>'
            for a, t, day in c.articles[:6]
        )
        label = {  # how each family words (or draws) its 更多 link
            "webplus": "MORE+",
            "trs": '<img src="images/more.gif" alt="更多" border="0">',
            "asp": "更多...",
            "dede": "更多",
        }.get(self.s.main.family, "更多&gt;&gt;")
        more = f'<a href="{escape(self.s.main.href(here, c.url))}" class="more">{label}</a>'
        return (
            f'<div class="block"><div class="block_title"><h3>{escape(c.name)}</h3>{more}</div><ul>{items}</ul></div>'
        )

    def homes(self) -> None:
        s, here = self.s, self.s.main.home
        firsts = [c for c in s.cols if c.type == "news" and c.reach == "nav"][:1] + [
            c for c in s.cols if c.type == "notice" and c.reach == "nav"
        ][:1]
        blocks = [self.block(here, c, dated=k == 0) for k, c in enumerate(firsts)]
        blocks += [self.block(here, c, dated=False) for c in s.cols if c.reach == "more"]
        banner = f'<div class="banner">{self.a(here, self.disclosure_home, "信息公开网")}</div>'
        body = f'<div class="home">{"".join(blocks)}{banner}</div>'
        page = self.page(self.frame(here, s.school, body), here)
        self.routes[here] = page
        self.routes["/"] = page
        dh = self.disclosure_home
        newest = sorted(
            ((a, t, day) for c in s.dcols for a, t, day in c.articles[:3]), key=lambda x: x[2], reverse=True
        )
        items = "".join(f"<li>{self.a(dh, a, t)}<span>{day}</span></li>" for a, t, day in newest[:8])
        dblocks = "".join(self.block(dh, c, dated=False) for c in s.dcols if c.reach == "more")
        dbody = (
            f'<div class="home"><div class="block"><h3>最新公开</h3><ul>{items}</ul></div>{dblocks}'
            f'<div class="guide">{self.a(dh, s.traps["sitemap"], "信息公开指南")}</div></div>'
        )
        self.routes[dh] = self.page(self.frame(dh, f"{s.school}信息公开网", dbody, sub=True), dh)

    def traps(self) -> None:
        s, t = self.s, self.s.traps
        pool = sorted(((a, tt, day) for c in s.cols for a, tt, day in c.articles), key=lambda x: x[2], reverse=True)
        for k, key in enumerate(("search", "search2")):
            here = t[key]
            rows = "".join(
                f'<li><a href="{escape(a)}" target="_blank">{escape(tt)}</a><span class="time">{day}</span></li>'
                for a, tt, day in pool[k * 10 : (k + 1) * 10]
            )
            nxt = f'<a href="{escape(t["search2"])}">下一页</a>' if k == 0 else ""
            body = (
                f'<div class="search-result"><p>搜索“学校”，共找到 32 条结果 {k + 1}/4</p><ul class="result-list">'
                f'{rows}</ul><div class="pages">{nxt}</div></div>'
            )
            self.routes[here] = self.page(self.frame(here, self.title("搜索结果"), body), here)
        login = (
            '<div class="login"><h2>统一身份认证</h2><form method="post" action="#"><p>用户名 <input name="username">'
            '</p><p>密码 <input type="password" name="password"></p><p><input type="submit" value="登录"></p></form>'
            f'<p>最近公告：</p><ul><li><a href="#">系统升级通知</a><span>{s.today - timedelta(days=9)}</span></li></ul></div>'
        )
        self.routes[t["login"]] = self.page(
            f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" '
            f'content="text/html; charset={_mcs(s.main)}"><title>统一身份认证平台</title>'
            f"</head><body>{login}</body></html>",
            t["login"],
        )
        here = t["sitemap"]
        groups = "".join(
            f"<dl><dt>{escape(c.group or c.name)}</dt><dd>{self.a(here, c.url, c.name)}</dd></dl>"
            for c in s.cols + s.dcols
            if c.reach in ("nav", "disclosure")
        )
        self.routes[here] = self.page(
            self.frame(here, self.title("网站地图"), f'<div class="sitemap">{groups}</div>'), here
        )
        here = t["links"]
        sites = [
            ("教育部", "http://www.moe.gov.cn/"),
            ("中国政府网", "http://www.gov.cn/"),
            ("中国教育和科研计算机网", "http://www.edu.cn/"),
            ("学信网", "https://www.chsi.com.cn/"),
        ]
        lis = "".join(f"<li>{self.a(here, u, n)}</li>" for n, u in sites)
        self.routes[here] = self.page(self.frame(here, self.title("友情链接"), f'<ul class="links">{lis}</ul>'), here)
        here = t["calendar"]
        start = date(s.today.year, 2, 21)
        weeks = "".join(
            f"<tr><td>第{w + 1}周</td><td>{start + timedelta(weeks=w)}</td>"
            f"<td>{start + timedelta(weeks=w, days=6)}</td></tr>"
            for w in range(20)
        )
        body = f'<h2>{s.today.year - 1}-{s.today.year}学年第二学期校历</h2><table class="calendar">{weeks}</table>'
        self.routes[here] = self.page(self.frame(here, self.title("校历"), body), here)

    def build(self) -> tuple[dict[str, object], dict]:
        for c in self.s.cols:
            self.column(c, False)
        for c in self.s.dcols:
            self.column(c, True)
        self.homes()
        self.traps()
        return self.routes, self.truth()

    def truth(self) -> dict:
        s = self.s
        columns = [
            {
                "name": c.name,
                "url": c.url,
                "type": c.type,
                "posts": c.posts,
                "newest": str(c.articles[0][2]) if c.articles else None,
                "total": (c.posts if s.main.states_total else None) if not c.static else None,
                "pages": list(c.pages),
                "aliases": (s.sub if c in s.dcols else s.main).aliases(c),
                "reach": c.reach,
                "group": c.group,
                "site": "disclosure" if c in s.dcols else "main",
                "static": c.static,
                "required": not c.static and c.posts > 0,
            }
            for c in s.cols + s.dcols
        ]
        traps = [{"url": u, "kind": k.rstrip("2")} for k, u in s.traps.items()]
        traps += [
            {"url": s.main.home, "kind": "home"},
            {"url": "/", "kind": "home"},
            {"url": self.disclosure_home, "kind": "home"},
            {"url": "http://www.moe.gov.cn/", "kind": "offsite"},
        ]
        if s.missing:
            traps.append({"url": s.missing, "kind": "404"})
        traps += [{"url": a, "kind": "article"} for c in s.cols + s.dcols for a, _, _ in c.articles]
        return {
            "portal": s.key,
            "family": s.main.family,
            "school": s.school,
            "home": s.main.home,
            "charset": s.main.charset,
            "columns": columns,
            "traps": traps,
        }


def _mcs(d: Dialect) -> str:
    return "gb2312" if d.charset == "gbk" else d.charset
