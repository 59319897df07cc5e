"""Real loopback servers shared by the tests: a free port, an SMTP sink (aiosmtpd), a webhook receiver.

The CLI runners live in tests/support/cli.py (``run_cli``, ``start_cli``); everything here talks only to 127.0.0.1.
"""
from __future__ import annotations
import email
import email.policy
import json
import socket
import threading
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from aiosmtpd.controller import Controller


def free_port() -> int:
    """A port nothing listens on (yet): connection refused until a server takes it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    """A real aiosmtpd server on 127.0.0.1 that keeps every message it accepts.

    Use as a context manager; ``wait_for(n)`` waits on a condition (with a deadline), never on a sleep.
    Like a real server it may refuse recipients at RCPT: addresses in ``refuse`` get ``550`` (unknown user,
    for good), and with ``defer`` set every recipient gets ``451`` (try again later). ``rcpts_asked`` keeps
    every RCPT the server saw, accepted or not.
    """

    def __init__(self, port: int | None = None, refuse: set[str] = frozenset(), defer: bool = False) -> None:
        self.port = port or free_port()
        self.refuse = set(refuse)
        self.defer = defer
        self.rcpts_asked: list[str] = []
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.arrived = threading.Condition()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        self.rcpts_asked.append(address)
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown in local recipient table"
        if self.defer:
            return f"451 4.3.0 <{address}>: Temporary lookup failure, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's naming)
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append((list(envelope.rcpt_tos), msg))
            self.arrived.notify_all()
        return "250 Message accepted"

    def __enter__(self) -> "SmtpSink":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    def to(self, rcpt: str) -> list[EmailMessage]:
        with self.arrived:
            return [m for rcpts, m in self.messages if rcpt in rcpts]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[tuple[list[str], EmailMessage]]:
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(f"expected {count} mails, got {len(self.messages)}")
            return list(self.messages)


def parts(msg: EmailMessage) -> tuple[str, str]:
    """(plain text, html) of a mail."""
    text = msg.get_body(preferencelist=("plain",)).get_content()
    page = msg.get_body(preferencelist=("html",)).get_content()
    return text, page


class WebhookReceiver:
    """A loopback HTTP endpoint that records JSON POSTs (what a chat webhook would receive)."""

    def __init__(self, status: int = 200) -> None:
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


def held_portal(today, wait: float = 60.0):
    """The demo portal with one list page that holds its answer until ``release`` is set: (routes, hit,
    release). ``hit`` is set when the crawl asks for it — a deadline-bound wait, never a sleep."""
    import threading

    from monitor.demo.portal import build_portal
    from monitor.demo.siteserver import Page

    hit, release = threading.Event(), threading.Event()
    routes = build_portal(today)
    slow_path = next(p for p in routes if p.endswith(".htm") and "info" not in p and p.count("/") > 2)
    page = routes[slow_path]

    def slow(request) -> Page:
        hit.set()
        release.wait(wait)
        return page

    routes[slow_path] = slow
    return routes, hit, release
