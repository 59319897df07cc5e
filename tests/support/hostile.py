"""A hacked school site that tries to make the monitor read local files and reach internal services.

Modelled on a DedeCMS school site (``list_15_2.html``-style pager, ``item_tit``/``item_date`` rows) after
an attacker edited its templates: file:, ftp: and data: links, a 下一页 into a local file, links and
redirects to localhost, 127.0.0.2 and the cloud metadata address. A ``Canary`` TCP port on 127.0.0.1
records every connection, and canary files record (through their access time) every read.
"""
from __future__ import annotations
import os
import socket
import threading
from pathlib import Path
from urllib.parse import quote
from tests.support.config import config_toml
from monitor.demo.siteserver import Page, SiteServer, html, redirect


SITE = "城南中学"
METADATA = "http://169.254.169.254/latest/meta-data/"


class Canary:
    """A TCP port on 127.0.0.1 that records each connection and its first bytes; it answers an HTTP
    request with a small page (so an allowed connection is a working link) and says nothing to others."""

    def __init__(self) -> None:
        self.connections: list[bytes] = []
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def port(self) -> int:
        return self._sock.getsockname()[1]

    def _serve(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    first = conn.recv(1024)
                except OSError:
                    first = b""
                self.connections.append(first)
                if first[:4] in (b"GET ", b"HEAD"):
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                                 b"Connection: close\r\n\r\nok")

    def __enter__(self) -> "Canary":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closed.set()
        self._sock.close()


def canary_file(path: Path, text: str) -> Path:
    """Write a file whose access time is set well before its modification time: on relatime and
    strictatime mounts any read moves it (see ``was_read``)."""
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_mtime_ns - 3600 * 10**9, st.st_mtime_ns))
    return path


def was_read(path: Path) -> bool:
    st = path.stat()
    return st.st_atime_ns >= st.st_mtime_ns


def dede_list(title: str, rows: list[tuple[str, str, str]], next_href: str | None) -> str:
    """A DedeCMS list page: ``(href, title, date)`` rows and a pager whose 下一页 goes to ``next_href``."""
    items = "".join(
        f'<li><a href="{href}"><div class="item_right"><div class="item_tit">{t}</div>'
        f'<div class="item_date">{d} 09:53:44</div></div></a></li>' for href, t, d in rows)
    pager = f"<li><a href='{next_href}'>下一页</a></li>" if next_href else ""
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}_{SITE}</title></head><body>"
            f"<div class='position'><a href='/'>主页</a> &gt;&gt; {title}</div>"
            f"<ul class='newslist'>{items}</ul><div class='page'><li class='thisclass'>1</li>{pager}</div>"
            f"<div class='footer'>版权所有 {SITE} 湘ICP备00000000号</div></body></html>")


def local_list(tmp: Path) -> Path:
    """The local file an attacker's 下一页 points at: a list page of 20 posts (never to be stored)."""
    rows = [(f"/a/{n}.html", f"本地文件帖子{n}", f"2022-06-{n:02d}") for n in range(1, 21)]
    return canary_file(tmp / "canary-list.htm", dede_list("本地文件", rows, None))


def build_site(server: SiteServer, canary: Canary, files: dict[str, Path]) -> dict:
    """Routes of the hacked site; ``files``: canary paths by role (list, post, page)."""
    port = canary.port
    data_rows = [("/d/1.html", "数据链接帖子", "2022-06-29")]
    data_list = "data:text/html;charset=utf-8," + quote(dede_list("数据", data_rows, None))
    home = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{SITE}</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/a/xxyw/">学校要闻</a><a href="/a/tzgg/">通知公告</a></div>
<div class="main"><a href="/ok.html">正常页面</a>
<a href="{files['page'].as_uri()}">本地网页</a> <a href="file:///etc/passwd">密码文件</a>
<a href="ftp://127.0.0.1:{port}/pub/readme.txt">FTP下载</a> <img src="data:image/gif;base64,R0lGOD" alt="x">
<a href="http://localhost:{port}/">本机服务</a> <a href="http://127.0.0.2:{port}/admin">回环地址</a>
<a href="{METADATA}">元数据</a> <a href="/go/metadata">跳转元数据</a> <a href="/go/localhost">跳转本机</a>
<a href="/go/file">跳转文件</a> <a href="/go/refresh">自动跳转</a>
<a href="mailto:office@czzx.edu.cn">邮箱</a></div>
<div class="footer">版权所有 {SITE} 湘ICP备00000000号</div></body></html>"""
    xxyw = dede_list("学校要闻", [("/a/xxyw/2.html", "开学典礼", "2022-06-30"),
                                  (files["post"].as_uri(), "期末考试安排", "2022-06-29")],
                     files["list"].as_uri())
    tzgg = dede_list("通知公告", [("/a/tzgg/3.html", "放假通知", "2022-06-28")], data_list)
    post = html(dede_list("正文", [], None))
    return {
        "/": html(home), "/ok.html": html("<html><head><title>正常</title></head><body>" + "<p>正文</p>" * 40),
        "/a/xxyw/": html(xxyw), "/a/tzgg/": html(tzgg), "/a/xxyw/2.html": post, "/a/tzgg/3.html": post,
        "/go/metadata": redirect(METADATA, 302),
        "/go/localhost": redirect(f"http://localhost:{port}/r", 302),
        "/go/file": redirect(files["page"].as_uri(), 302),
        "/go/refresh": html(f'<html><head><meta http-equiv="refresh" content="0;url=http://localhost:{port}/m">'
                            f'<title>跳转中</title></head><body>正在跳转</body></html>'),
    }


def config_text(base: str, database: str, extra: str = "") -> str:
    return config_toml(monitor={"database": database, "timeout_seconds": 5}, extra=extra, sites=[{
        "name": SITE, "url": f"{base}/",
        "sections": [{"name": "学校要闻", "url": f"{base}/a/xxyw/"}, {"name": "通知公告", "url": f"{base}/a/tzgg/"}]}])


__all__ = ["Canary", "Page", "SITE", "METADATA", "build_site", "canary_file", "config_text", "local_list",
           "was_read"]
