"""A small HTTP server on 127.0.0.1 that serves a site from a dict of routes.

The demo portal and the test fixtures both use it: a route maps a path (with its query string) to a
``Page`` or to a function of the request that returns one, so tests can add slow, looping or huge
pages next to ordinary static ones.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})


def html(text: str, charset: str = "utf-8", declare: bool = True, status: int = 200) -> Page:
    """A page encoded in ``charset``; ``declare=False`` leaves the charset out of the header."""
    ctype = f"text/html; charset={charset}" if declare else "text/html"
    return Page(text.encode(charset), status, {"Content-Type": ctype})


def redirect(location: str, status: int = 301) -> Page:
    return Page(b"", status, {"Location": location})


Route = Page | Callable[["Request"], Page]


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    handler: BaseHTTPRequestHandler


class SiteServer:
    """Serve ``routes`` on 127.0.0.1 (or another loopback ``host``) in a background thread; a context manager."""

    def __init__(self, routes: Mapping[str, Route] | None = None, port: int = 0, host: str = "127.0.0.1"):
        self.host = host
        self.routes: dict[str, Route] = dict(routes or {})
        self.hits: dict[str, int] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self, method: str) -> None:
                with server._lock:
                    server.hits[self.path] = server.hits.get(self.path, 0) + 1
                route = server.routes.get(self.path)
                if route is None:
                    route = server.routes.get(urlsplit(self.path).path)
                if route is None:
                    page = Page(b"<html><head><title>404 Not Found</title></head><body>Not Found</body></html>", 404)
                elif callable(route):
                    page = route(Request(method, self.path, dict(self.headers), self))
                    if page is None:  # the route wrote the response itself
                        return
                else:
                    page = route
                try:
                    self.send_response(page.status)
                    for key, value in page.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(page.body)))
                    self.end_headers()
                    if method != "HEAD":
                        self.wfile.write(page.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self) -> None:  # http.server's naming
                self._serve("GET")

            def do_HEAD(self) -> None:
                self._serve("HEAD")

            def do_POST(self) -> None:  # 大汉 JCMS dataproxy pages are POSTed
                self.post_body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._serve("POST")

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

        self._httpd = ThreadingHTTPServer((host, port), Handler)
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> SiteServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
