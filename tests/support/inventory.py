"""A small VSB-style school site for the link-inventory tests (issue 9): honours If-None-Match, logs
every request with the night it came in, and lets a test change pages between nights.

One column 通知公告 over two list pages (info/1-6, then info/7-9); every article links back to /ok.html;
article 9 carries the broken attachments and a hidden off-site link the tests follow night after night.
"""
from __future__ import annotations
import hashlib
from dataclasses import dataclass, field
from tests.support.config import config_toml
from monitor.demo.siteserver import Page, Request, SiteServer


SITE = "测试学院"
ARTICLE9 = ('<a href="/files/missing.pdf">申报表.pdf</a> <a href="/files/old.doc">旧表格.doc</a> '
            '<a href="/files/removed.pdf">已撤附件.pdf</a>'
            '<div style="display:none"><a href="http://spam.example.com/">澳门百家乐</a></div>')
BROKEN = {"/files/missing.pdf", "/files/old.doc", "/files/removed.pdf", "/gone-home.html"}


@dataclass
class World:
    """What the site shows tonight; tests change it between nights."""
    night: int = 1
    home_extra: str = '<a href="/gone-home.html">旧通知</a>'
    footer_link: bool = False
    home_down: bool = False
    article9: str = ARTICLE9
    fixed: set[str] = field(default_factory=set)  # broken paths that answer 200 now
    extra: dict[int, str] = field(default_factory=dict)  # more HTML at the end of article N
    no_head: set[str] = field(default_factory=set)  # paths that answer HEAD with 405 (GET works)
    log: list[tuple[int, str, str, int, str]] = field(default_factory=list)  # night, method, path, status, INM

    def requests(self, night: int, path: str | None = None) -> list[tuple[str, int, str]]:
        return [(m, s, inm) for n, m, p, s, inm in self.log if n == night and (path is None or p == path)]

    def paths(self, night: int) -> set[str]:
        return {p for n, _, p, _, _ in self.log if n == night}


def shell(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}-{SITE}</title></head><body>'
            f'<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/tzgg.htm">通知公告</a>'
            f'</li></ul></div>{body}</body></html>')


def list_page(numbers: range, pager: str) -> str:
    rows = "".join(f'<li><a href="/info/{n}.htm" title="关于第{n}项工作的通知">关于第{n}项工作的通知</a>'
                   f'<span>2022-06-{29 - n:02d}</span></li>' for n in numbers)
    return shell("通知公告", f'<div class="main"><h2>通知公告</h2><ul class="list">{rows}</ul>'
                             f'<div class="pb_sys_common">{pager}</div></div>')


def pages(world: World) -> dict[str, Page | None]:
    """Tonight's body of every path (None: the default 404 page)."""
    footer = '<a href="https://www.moe.gov.cn/">教育部</a>' if world.footer_link else ""
    out: dict[str, Page | None] = {
        "/": Page(b"bad gateway", 502) if world.home_down else _html(shell(SITE, (
            f'<div class="main"><a href="/ok.html">学校概况</a> {world.home_extra}</div>'
            f'<div class="footer"><p>版权所有：{SITE} 湘ICP备12345678号</p>{footer}</div>'))),
        "/tzgg.htm": _html(list_page(range(1, 7), '共9条 1/2 <a href="/tzgg/2.htm" class="Next">下页</a>')),
        "/tzgg/2.htm": _html(list_page(range(7, 10), '共9条 2/2 <a href="/tzgg.htm">上页</a>')),
        "/ok.html": _html(shell("学校概况", "<p>正常内容</p>" * 20)),
    }
    for n in range(1, 10):
        extra = (world.article9 if n == 9 else "") + world.extra.get(n, "")
        out[f"/info/{n}.htm"] = _html(shell(f"关于第{n}项工作的通知", (
            f'<h1>关于第{n}项工作的通知</h1><p>发布时间：2022-06-{29 - n:02d}</p><p>正文</p>'
            f'<a href="/ok.html">学校概况</a> {extra}')))
    out["/files/plan.pdf"] = Page(b"%PDF-1.4 plan", 200, {"Content-Type": "application/pdf"})
    out["/img/photo.jpg"] = Page(b"\xff\xd8\xff\xe0 jpeg", 200, {"Content-Type": "image/jpeg"})
    for path in BROKEN:
        out[path] = Page(b"%PDF-1.4 fixed", 200, {"Content-Type": "application/pdf"}) if path in world.fixed else None
    return out


def _html(text: str) -> Page:
    return Page(text.encode(), 200, {"Content-Type": "text/html; charset=utf-8"})


def start(world: World) -> SiteServer:
    """Serve ``world`` on 127.0.0.1: ETag from the body, 304 when If-None-Match matches, every request logged."""
    server = SiteServer({})

    def serve(req: Request) -> Page:
        page = pages(world).get(req.path) or Page(b"<html><title>404 Not Found</title></html>", 404)
        if req.method == "HEAD" and req.path in world.no_head:
            page = Page(b"", 405, {"Allow": "GET"})
        inm = req.headers.get("If-None-Match", "")
        if page.status == 200:
            etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
            page = Page(page.body, 200, dict(page.headers, ETag=etag))
            if inm == etag:
                page = Page(b"", 304, {"ETag": etag})
        world.log.append((world.night, req.method, req.path, page.status, inm))
        return page

    for path in pages(world):
        server.routes[path] = serve
    return server.start()


def config_text(base: str, smtp_port: int | None, recheck_days: int, skip: tuple[str, ...] = ()) -> str:
    email = {"host": "127.0.0.1", "port": smtp_port, "sender": "网站巡检 <monitor@school.edu.cn>",
             "recipients": ["it@school.edu.cn"], "timeout_seconds": 5} if smtp_port else None
    monitor = {"database": "m.db", "timeout_seconds": 5, "recheck_days": recheck_days,
               "link_check_skip": ["spam.example.com", *skip]}
    return config_toml(monitor=monitor, email=email, sites=[{
        "name": SITE, "url": f"{base}/", "footer_links": ["http://moe.gov.cn"],
        "sections": [{"name": "通知公告", "url": f"{base}/tzgg.htm"}]}])
