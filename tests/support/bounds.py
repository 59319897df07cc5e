"""Hostile campus sites for the bounds tests (issue 10): a home page with 100,000 links, a 50 MB page
streamed chunked without Content-Length, a list page that never answers, a site bigger than its budget.

Pages are written like a VSB/WebPlus school site (导航, 学校要闻 list with dates, ICP footer); everything is
served by ``monitor.demo.siteserver.SiteServer`` on 127.0.0.1 and generated lazily (nothing holds 50 MB).
"""
from __future__ import annotations
import threading
from collections import Counter
from tests.support.config import config_toml
from monitor.demo.siteserver import Page, Request, html


CHUNK = b"<p>" + "学校新闻内容。".encode() * 4000 + b"</p>\n"  # ~84 KB of real-looking text


def campus_page(title: str, body: str) -> Page:
    return html(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><div class="header"><a href="/index.htm">首页</a> <a href="/xwzx/xxyw.htm">学校要闻</a></div>
<div class="main">{body}</div>
<div class="footer">版权所有 © 测试职业学院 地址：某省某市大学路1号 <a href="https://beian.miit.gov.cn/">京ICP备12345678号</a></div>
</body></html>""")


def news_list(prefix: str, count: int = 5, day: str = "2022-06-2") -> Page:
    rows = "".join(f'<li><a href="{prefix}/info/1001/{i}.htm">学校召开第{i}次工作会议</a><span>{day}{i % 9}</span></li>'
                   for i in range(1, count + 1))
    return campus_page("学校要闻", f'<ul class="list">{rows}</ul>')


def article(req: Request) -> Page:
    return campus_page("学校召开工作会议", "<div class='date'>发布时间：2022-06-20</div><p>会议内容。</p>")


class Hits:
    """Requests the server saw, by path, under a lock (the server is threaded)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.paths: Counter[str] = Counter()

    def count(self, path: str) -> None:
        with self.lock:
            self.paths[path] += 1

    def matching(self, prefix: str) -> Counter[str]:
        with self.lock:
            return Counter({p: n for p, n in self.paths.items() if p.startswith(prefix)})


def link_farm_home(links: int) -> Page:
    """A home page with ``links`` distinct links (an injected link farm or a generated site map)."""
    farm = "\n".join(f'<li><a href="/t/{i}.htm">链接{i}</a></li>' for i in range(links))
    return campus_page("测试职业学院", f'<div class="news"><a href="/xwzx/xxyw.htm">学校要闻</a></div><ul>{farm}</ul>')


def counted_target(hits: Hits):
    def target(req: Request) -> Page:
        hits.count(req.path)
        return Page(b"ok", 200, {"Content-Type": "text/plain"})
    return target


def chunked_forever(total: int = 50 * 1024 * 1024):
    """A page streamed in chunks with no Content-Length, ``total`` bytes if the client reads them all."""
    def stream(req: Request) -> None:
        h = req.handler
        try:
            h.send_response(200)
            h.send_header("Content-Type", "text/html; charset=utf-8")
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            if req.method == "HEAD":
                return
            sent = 0
            h.wfile.write(_chunk("<!DOCTYPE html><html><head><title>大文件</title></head><body>\n".encode()))
            while sent < total:
                h.wfile.write(_chunk(CHUNK))
                sent += len(CHUNK)
            h.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up: what we want
        h.close_connection = True
        return
    return stream


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def bounds_config(sites: list[tuple[str, str, list[tuple[str, str]]]], **monitor: object) -> str:
    """A sites.toml: ``sites`` as (name, home URL, [(section, list URL)]), ``monitor`` as [monitor] keys."""
    return config_toml(
        monitor={"database": "m.db", "log_dir": "logs", "check_external": False, **monitor},
        sites=[{"name": name, "url": url, "sections": [{"name": sec, "url": sec_url} for sec, sec_url in sections]}
               for name, url, sections in sites])
