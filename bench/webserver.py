"""A real web server on loopback for a world written by ``bench.world_files``, and its access log.

``serve(root, workdir, port)`` starts nginx (``/usr/sbin/nginx`` or ``nginx`` on PATH) as the current user
with a generated ``nginx.conf`` (pid, logs and temp folders inside ``workdir``, ``daemon off``, one
worker), or, without nginx, a threaded Python file server answering the same way (``ETag``,
``Last-Modified``, ``304``; the ASP pages as ``text/html`` with no charset). Both write one line per request
to ``access.log``: ``METHOD STATUS BYTES_SENT BODY_BYTES HOST URI``; ``take()`` reads the lines written since
the previous ``take()`` and sums them up (requests, GET/HEAD, statuses, bytes, distinct targets, pages).
Every response carries ``LinkChecker: unthrottled``: the header that makes LinkChecker 10 drop its
per-host pause (its ``wait_for_host``), so that it is measured engine against engine.
"""

from __future__ import annotations

import mimetypes
import os
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.world_files import file_for, is_page
from bench.world_server import not_modified

LOG_FORMAT = "$request_method $status $bytes_sent $body_bytes_sent $http_host $request_uri"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


def nginx_conf(root: Path, workdir: Path, port: int) -> str:
    tmp = workdir / "nginx"
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    temps = "\n".join(
        f"  {name}_temp_path {tmp / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # as root, nginx's workers would run as "nobody", who cannot read a private temporary folder
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes 1;
daemon off;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
  {mime}
  default_type application/octet-stream;
  log_format bench '{LOG_FORMAT}';
  access_log {workdir / "access.log"} bench;
{temps}
  sendfile on;
  keepalive_requests 1000000;
  server_tokens off;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    index __index.html;
    charset utf-8;
    add_header LinkChecker unthrottled always;
    location ~ \\.asp$ {{
      charset off;
      default_type text/html;
      try_files /q$uri/_$args =404;
    }}
  }}
}}
"""


class AccessLog:
    """The lines of ``access.log`` written since the previous ``take()``."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = 0

    def take(self, settle: float = 0.3) -> dict[str, Any]:
        """Sum up the new lines; waits until the log stops growing (a server logs a request just after
        answering it, so the last lines of a finished crawler may lag by a moment)."""
        size = -1
        while True:
            now = self.path.stat().st_size if self.path.exists() else 0
            if now == size:
                break
            size = now
            time.sleep(settle)
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read(size - self.offset)
        self.offset = size
        return summarise(data.decode("utf-8", "replace").splitlines())


def summarise(lines: list[str]) -> dict[str, Any]:
    methods: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    targets: set[tuple[str, str]] = set()
    sent = body = pages = 0
    for line in lines:
        parts = line.split(" ", 5)
        if len(parts) < 6:
            continue
        method, status, nbytes, nbody, host, uri = parts
        methods[method] += 1
        statuses[status] += 1
        sent += int(nbytes)
        body += int(nbody)
        targets.add((host, uri))
        pages += method == "GET" and status in ("200", "304") and is_page(uri)
    return {
        "requests": sum(methods.values()),
        "get": methods["GET"],
        "head": methods["HEAD"],
        "not_modified": statuses["304"],
        "statuses": dict(sorted(statuses.items())),
        "bytes": sent,
        "body_bytes": body,
        "distinct": len(targets),
        "pages": pages,
    }


class Nginx:
    """nginx in the foreground as our child; ``stop()`` ends it (by its pid)."""

    name = "nginx"

    def __init__(self, binary: str, root: Path, workdir: Path, port: int):
        (workdir / "nginx").mkdir(parents=True, exist_ok=True)
        conf = workdir / "nginx" / "nginx.conf"
        conf.write_text(nginx_conf(root, workdir, port), encoding="utf-8")
        self.port = port
        self.proc = subprocess.Popen(
            [binary, "-c", str(conf), "-p", str(workdir / "nginx"), "-e", str(workdir / "nginx" / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(f"nginx exited {self.proc.returncode}: {err.strip()[-300:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} within 10 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class PyFiles:
    """The fallback: a threaded Python server for the same folder, answering and logging like nginx."""

    name = "python"

    def __init__(self, root: Path, workdir: Path, port: int):
        log = open(workdir / "access.log", "a", encoding="utf-8")  # noqa: SIM115 (closed by stop())
        lock = threading.Lock()
        self.port = port

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _reply(self, head: bool) -> None:
                target = root / file_for(self.path).lstrip("/")
                headers = {"LinkChecker": "unthrottled"}
                if not target.is_file():
                    status, body = 404, b"<html><body><h1>404 Not Found</h1></body></html>"
                    headers["Content-Type"] = "text/html"
                else:
                    st = target.stat()
                    status, body = 200, target.read_bytes()
                    base = self.path.split("?", 1)[0]
                    ctype = (
                        "text/html"
                        if base.endswith(".asp")
                        else mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                    )
                    headers["Content-Type"] = ctype + (
                        "; charset=utf-8" if ctype == "text/html" and not base.endswith(".asp") else ""
                    )
                    headers["ETag"] = f'"{int(st.st_mtime):x}-{st.st_size:x}"'
                    headers["Last-Modified"] = formatdate(st.st_mtime, usegmt=True)
                    if not_modified(self.headers, headers["ETag"], headers["Last-Modified"]):
                        status, body = 304, b""
                        del headers["Content-Type"]
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                sent_body = b"" if head or status == 304 else body
                if sent_body:
                    self.wfile.write(sent_body)
                with lock:
                    log.write(
                        f"{self.command} {status} {len(sent_body) + 200} {len(sent_body)} "
                        f"{self.headers.get('Host', '')} {self.path}\n"
                    )
                    log.flush()

            def do_GET(self) -> None:
                self._reply(head=False)

            def do_HEAD(self) -> None:
                self._reply(head=True)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._httpd.daemon_threads = True
        self._httpd.handle_error = lambda *a: None  # type: ignore[method-assign]
        self._log = log
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._log.close()


def serve(root: Path, workdir: Path, port: int, prefer_nginx: bool = True) -> Nginx | PyFiles:
    """nginx when installed (and wanted), else the Python file server; both on 127.0.0.1:``port``."""
    binary = nginx_binary() if prefer_nginx else None
    return Nginx(binary, root, workdir, port) if binary else PyFiles(root, workdir, port)
