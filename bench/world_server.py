"""Serve a generated world (``bench.world``) on 127.0.0.1 and count what each night costs.

Every page has an ETag (a hash of its bytes) and a Last-Modified; a GET or HEAD whose If-None-Match
matches (or, without If-None-Match, whose If-Modified-Since is not older than Last-Modified) gets
``304 Not Modified`` without a body, as nginx and the campus CMS servers answer. Counters (requests by
method, status and page kind; bytes on the wire, headers included; the paths asked for) run until
``take()`` returns them and starts the next night from zero. External pages are served on the same
port under ``/ext/`` and reached as ``http://localhost:PORT`` so that the monitor sees another host.
"""
from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench.world import World
from bench.world_pages import etag, http_date, render


@dataclass
class NightStats:
    requests: int = 0
    bytes: int = 0           # status lines + headers + bodies
    body_bytes: int = 0
    methods: Counter = field(default_factory=Counter)   # GET / HEAD / other
    statuses: Counter = field(default_factory=Counter)  # 200 / 304 / 404 …
    kinds: Counter = field(default_factory=Counter)     # home / list / article / file / asset / nav / ext / missing
    conditional: int = 0     # requests that carried If-None-Match or If-Modified-Since
    paths: Counter = field(default_factory=Counter)     # every path asked for, with how often

    def summary(self) -> dict[str, Any]:
        """Everything but the path list, for printing and JSON."""
        return {"requests": self.requests, "bytes": self.bytes, "body_bytes": self.body_bytes,
                "get": self.methods.get("GET", 0), "head": self.methods.get("HEAD", 0),
                "not_modified": self.statuses.get(304, 0), "conditional": self.conditional,
                "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
                "kinds": dict(sorted(self.kinds.items())), "distinct_paths": len(self.paths),
                "repeats": sum(self.paths.values()) - len(self.paths)}


def not_modified(headers: Any, tag: str, modified: str) -> bool:
    """RFC 9110: If-None-Match decides when present; else If-Modified-Since against Last-Modified."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or tag in tags
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            return parsedate_to_datetime(modified) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


class WorldServer:
    """A threaded HTTP/1.1 server for ``world`` on 127.0.0.1; use as a context manager."""

    def __init__(self, world: World, port: int = 0):
        self.world = world
        self.stats = NightStats()
        self._lock = threading.Lock()
        self._idle = threading.Condition()
        self._inflight = 0  # requests read but not yet counted
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            _sent = 0

            def flush_headers(self) -> None:
                self._sent += sum(len(b) for b in getattr(self, "_headers_buffer", []))
                super().flush_headers()

            def _serve(self, method: str) -> None:
                with server._idle:
                    server._inflight += 1
                try:
                    self._reply(method)
                finally:
                    with server._idle:
                        server._inflight -= 1
                        server._idle.notify_all()

            def _reply(self, method: str) -> None:
                self._sent = 0
                reply = render(server.world, self.path, server.ext_base)
                status, body = reply.status, reply.body
                headers = {"Content-Type": reply.ctype}
                if reply.modified is not None:
                    headers["ETag"] = etag(body)
                    headers["Last-Modified"] = http_date(reply.modified)
                    if not_modified(self.headers, headers["ETag"], headers["Last-Modified"]):
                        status, body = 304, b""
                        del headers["Content-Type"]
                conditional = "If-None-Match" in self.headers or "If-Modified-Since" in self.headers
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    if status != 304:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if method != "HEAD" and status != 304:
                        self.wfile.write(body)
                    else:
                        body = b""
                except (BrokenPipeError, ConnectionResetError):
                    return
                server._count(method, status, reply.kind, self.path, self._sent + len(body), len(body),
                              conditional)

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                self._serve("GET")

            def do_HEAD(self) -> None:  # noqa: N802
                self._serve("HEAD")

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._httpd.daemon_threads = True
        self._httpd.handle_error = lambda *a: None  # clients closing keep-alive sockets: not news
        self._thread: threading.Thread | None = None

    def _count(self, method: str, status: int, kind: str, path: str, sent: int, body: int,
               conditional: bool) -> None:
        with self._lock:
            s = self.stats
            s.requests += 1
            s.bytes += sent
            s.body_bytes += body
            s.methods[method] += 1
            s.statuses[status] += 1
            s.kinds[kind] += 1
            s.paths[path] += 1
            s.conditional += conditional

    def take(self, wait: float = 5.0) -> NightStats:
        """This night's counters (after the requests under way are counted); the next night starts
        from zero. A client can read a 304 before its handler counts it, hence the wait."""
        with self._idle:
            self._idle.wait_for(lambda: self._inflight == 0, timeout=wait)
        with self._lock:
            stats, self.stats = self.stats, NightStats()
        return stats

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ext_base(self) -> str:
        """The "external" host: another name for loopback, so the monitor treats it as off-site."""
        return f"http://localhost:{self.port}"

    def start(self) -> "WorldServer":
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "WorldServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
