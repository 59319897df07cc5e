"""A fixture school site exposing every link failure, footer case and hiding method (issue 4).

Modelled on the real pages in the reference set: a VSB-style home page with a copyright/ICP footer,
an injected ``display:none`` block of off-site links like lgedu_net's, hover menus and tab panels that
are hidden but legitimate like pmodlh's and lgedu_net's.
"""
from __future__ import annotations
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from tests.support.config import config_toml
from monitor.demo.siteserver import Page, Request, SiteServer, html, redirect


SITE = "测试学院"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Knobs:
    """What the home page shows; tests flip these between crawls."""
    broken: bool = True     # the 404 link and the spam block are on the home page
    footer_text: bool = True
    footer_link: bool = True
    stop: threading.Event = field(default_factory=threading.Event)  # releases the slow endpoint


def page(title: str, body: str, head: str = "") -> Page:
    return html(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
                f"<body>{body}</body></html>")


SPAM_BLOCK = """
<div style="display:none;"><a href="http://www.spam-casino.example.com/">澳门百家乐<a>
<a href="http://www.hncic.example.net/">海南建设信息网<a></div>
<style>.hd1 {position:absolute; left:-9999px; top:-9999px}</style>
<div class="hd1"><a href="http://offscreen.example.org/">offscreen</a></div>
<p style="font-size:0"><a href="http://fontzero.example.org/">fontzero</a></p>
<div style="height:1px;width:1px;overflow:hidden"><a href="http://tinybox.example.org/">tiny</a></div>
<marquee height="1" width="1"><a href="http://marquee.example.org/">marquee</a></marquee>
<div style="background:#ffffff"><a style="color:#fff" href="http://samecolour.example.org/">white</a></div>
<span style="opacity:0"><a href="http://opacity.example.org/">opacity</a></span>
<p style="text-indent:-9999px"><a href="http://indent.example.org/">indent</a></p>
<div style="position:absolute;clip:rect(0 0 0 0)"><a href="http://clip.example.org/">clip</a></div>
<div style="position:absolute;z-index:-10"><a href="http://zindex.example.org/">zindex</a></div>
<div style="visibility:hidden"><a href="http://visibility.example.org/">visibility</a></div>
<script>document.write('<a href="http://docwrite.example.top/">开云体育</a>');</script>
<div id="jsx"><a href="http://scripthidden.example.org/">scripthidden</a></div>
<script>document.getElementById("jsx").style.display="none";</script>
"""

LEGIT_HIDDEN = """
<ul class="nav"><li><a href="/xxgk.htm">学校概况</a>
  <ul class="sub" style="display:none"><li><a href="/xxgk/xxjj.htm">学校简介</a></li></ul></li></ul>
<div id="tab_con_2" class="tab" style="display:none"><a href="/info/2.htm">第二个标签页</a></div>
<span onmouseover="show('tab_con_2')">标签</span>
"""


def build_site(base: str, closed_port: int, knobs: Knobs) -> dict:
    """Routes of the fixture site served at ``base`` (http://127.0.0.1:PORT)."""
    state = {"flaky": 0, "rate": 0}

    def slow(req: Request) -> Page:
        knobs.stop.wait(4)  # answers long after the 1 s timeout (released when the test ends)
        return page("slow", "late")

    def head405(req: Request) -> Page:
        if req.method == "HEAD":
            return Page(b"", 405, {"Allow": "GET"})
        return page("ok", "GET works")

    def flaky(req: Request) -> Page:
        state["flaky"] += 1
        return Page(b"busy", 503) if state["flaky"] == 1 else page("flaky", "second time lucky")

    def rate_once(req: Request) -> Page:
        state["rate"] += 1
        return Page(b"slow down", 429, {"Retry-After": "1"}) if state["rate"] == 1 else page("rl", "ok now")

    def home(req: Request) -> Page:
        links = """
<a href="/ok.html">正常页面</a> <a href="/error500">服务器错误</a>
<a href="http://127.0.0.1:CLOSED/x.htm">关闭端口</a> <a href="http://nosuch-host.invalid/">不存在的域名</a>
<a href="https://127.0.0.1:PORT/ok.html">证书错误</a> <a href="/slow">慢页面</a> <a href="/soft404">软404</a> <a href="/loop1">重定向循环</a>
<a href="/head405">HEAD不支持</a> <a href="/old">旧地址</a> <a href="/flaky">偶尔繁忙</a>
<a href="/rate-once">限流一次</a> <a href="/always429">一直限流</a> <a href="/files/secret.pdf">内部文件</a>
<a href="mailto:office@example.edu.cn">邮箱</a> <a href="tel:0731-1234567">电话</a>
<a href="javascript:void(0)">脚本</a> <a href="#top">顶部</a>
<a href="/中文/页面.html">中文路径</a> <a href="/%E4%B8%AD%E6%96%87/%E9%A1%B5%E9%9D%A2.html">编码路径</a>
<a href="/files/plan.pdf">附件</a> <a href="/files/gone.docx">失效附件</a>
<img src="/img/logo.png" alt="校徽"> <script src="/js/app.js"></script>
<iframe src="/frame.html"></iframe> <a href="/info/1.htm">置顶新闻</a>
""".replace("CLOSED", str(closed_port)).replace("PORT", base.rsplit(":", 1)[1])
        if knobs.broken:
            links += '<a href="/missing.html">已删除页面</a>' + SPAM_BLOCK
        footer_links = '<a href="https://www.moe.gov.cn/">教育部</a>' if knobs.footer_link else ""
        icp = "湘ICP备12345678号" if knobs.footer_text else ""
        body = (f'<div class="header"><a href="/">首页</a></div>{LEGIT_HIDDEN}<div class="main">{links}</div>'
                f'<div class="footer"><p>版权所有：{SITE} 地址：长沙市岳麓区 {icp}</p>{footer_links}</div>')
        return page(SITE, body, head='<link rel="stylesheet" href="/css/site.css">')

    ok = page("正常", "<p>正常内容</p>" * 20)
    routes = {
        "/": home,
        "/ok.html": ok,
        "/error500": Page(b"boom", 500),
        "/slow": slow,
        "/soft404": page("页面不存在", "<p>对不起，您访问的页面不存在！</p>"),
        "/loop1": redirect("/loop2", 302),
        "/loop2": redirect("/loop1", 302),
        "/head405": head405,
        "/old": redirect("/older", 301),
        "/older": redirect("/ok.html", 301),
        "/flaky": flaky,
        "/rate-once": rate_once,
        "/always429": Page(b"slow down", 429, {"Retry-After": "1"}),
        "/files/secret.pdf": redirect("/cas/login?service=%2Ffiles%2Fsecret.pdf", 302),
        "/cas/login": page("统一身份认证", "<form>用户名 密码</form>"),
        "/%E4%B8%AD%E6%96%87/%E9%A1%B5%E9%9D%A2.html": ok,
        "/files/plan.pdf": Page(b"%PDF-1.4 fake", 200, {"Content-Type": "application/pdf"}),
        "/img/logo.png": Page(b"\x89PNG fake", 200, {"Content-Type": "image/png"}),
        "/js/app.js": Page(b"var a=1;", 200, {"Content-Type": "application/javascript"}),
        "/css/site.css": Page(b"body{}", 200, {"Content-Type": "text/css"}),
        "/frame.html": ok,
        "/xxgk.htm": ok,
        "/xxgk/xxjj.htm": ok,
        # the section: one list page, two posts; a post links to a broken attachment
        "/tzgg.htm": page("通知公告", '<ul class="list">'
                          '<li><a href="info/1.htm">关于开展安全检查的通知</a><span>2022-06-28</span></li>'
                          '<li><a href="info/2.htm">关于放假安排的通知</a><span>2022-06-20</span></li></ul>'),
        "/info/1.htm": page("关于开展安全检查的通知",
                            '<base href="/sub/"><p>正文</p><a href="rel.html">相对链接</a>'
                            '<a href="/info/missing.pdf">检查表.pdf</a>'),
        "/sub/rel.html": ok,
        "/info/2.htm": page("关于放假安排的通知", "<p>正文</p><a href='/ok.html'>回首页</a>"),
    }
    return routes


def config_text(base: str, database: str, portal_url: str | None = None, extra: str = "") -> str:
    monitor = {"database": database, "timeout_seconds": 1, "check_external": True,
               "link_check_skip": ["*.example.com/*", "example.org", "example.net", "example.top", "moe.gov.cn"]}
    return config_toml(monitor=monitor, extra=extra, sites=[{
        "name": SITE, "url": f"{base}/", "footer_links": ["http://moe.gov.cn"],
        "footer_text": ["版权所有", "湘ICP备12345678号"], "linked_from": [portal_url] if portal_url else None,
        "sections": [{"name": "通知公告", "url": f"{base}/tzgg.htm"}]}])


def start(knobs: Knobs) -> SiteServer:
    server = SiteServer({})
    server.routes.update(build_site(server.base, free_port(), knobs))
    return server.start()


@contextmanager
def school_servers(knobs: Knobs) -> Iterator[tuple[SiteServer, SiteServer, Knobs]]:
    """The school site (``start``) and an empty portal beside it, stopped however the test ends."""
    server = start(knobs)
    portal = SiteServer({}).start()
    try:
        yield server, portal, knobs
    finally:
        knobs.stop.set()
        server.stop()
        portal.stop()
