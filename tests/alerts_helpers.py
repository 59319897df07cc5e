"""Real SMTP server on 127.0.0.1 (aiosmtpd) and helpers to build alert configs and findings."""
from __future__ import annotations

import email
import email.policy
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import Iterator

from aiosmtpd.controller import Controller

from monitor.store import Finding, Store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's naming)
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 Message accepted"

    def to(self, rcpt: str) -> list[EmailMessage]:
        with self.lock:
            return [m for rcpts, m in self.messages if rcpt in rcpts]


@contextmanager
def smtp_server(port: int | None = None) -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = port or free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def write_config(tmp_path: Path, smtp_port: int, sites: str, extra_monitor: str = "",
                 recipients: str = '["it@school.edu.cn"]', email_extra: str = "") -> Path:
    cfg = tmp_path / "sites.toml"
    cfg.write_text(f"""
[monitor]
database = "monitor.db"
timezone = "Asia/Shanghai"
{extra_monitor}

[email]
host = "127.0.0.1"
port = {smtp_port}
sender = "网站巡检 <monitor@school.edu.cn>"
recipients = {recipients}
timeout_seconds = 5
{email_extra}

{sites}
""", encoding="utf-8")
    return cfg


def crawl_findings(db_path: Path, kinds: list[str], sites: list[str], findings: list[Finding]) -> None:
    """What a crawl's checks do at the end: sync the current findings of ``kinds`` on ``sites``."""
    store = Store(db_path)
    try:
        store.sync_findings(kinds, sites, findings, None)
    finally:
        store.close()


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    import os
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=60)


def parts(msg: EmailMessage) -> tuple[str, str]:
    """(plain text, html) of a digest mail."""
    text = msg.get_body(preferencelist=("plain",)).get_content()
    page = msg.get_body(preferencelist=("html",)).get_content()
    return text, page


class WebhookReceiver:
    """A loopback HTTP endpoint that records JSON POSTs (what a chat webhook would receive)."""

    def __init__(self, status: int = 200) -> None:
        import json
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.status = status
        self.posts: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.status == 200:
                    receiver.posts.append(json.loads(body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def __enter__(self) -> "WebhookReceiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
