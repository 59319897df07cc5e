"""Who may see the dashboard: password hashes, the login page, and the rule "users configured → log in".

Hashes are werkzeug.security's scrypt (``scrypt:32768:8:1$salt$hash``): werkzeug ships with Flask, is well
kept, and scrypt is memory-hard; no second crypto dependency. A failed login says the same thing whether
the name or the password was wrong, and an unknown name is checked against a dummy hash so both take
as long. Five failures from one address within five minutes refuse further tries from it for the rest of
those minutes (a lockout, not a sleep: a sleeping request would hold one of waitress's few threads).
"""

from __future__ import annotations

import getpass
import threading
import time
from collections import deque
from functools import cache

from flask import Flask, abort, flash, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from monitor.dashboard.context import dashboard

MAX_FAILURES = 5
WINDOW_SECONDS = 300
OPEN_ENDPOINTS = {"auth.login", "static"}


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


@cache
def _dummy_hash() -> str:
    return hash_password("not a password anyone has")


def verify(users: dict[str, str], name: str, password: str) -> bool:
    """True when ``name`` is a configured user and ``password`` matches its hash (same cost either way)."""
    stored = users.get(name)
    try:
        ok = check_password_hash(stored or _dummy_hash(), password)
    except (ValueError, TypeError):  # a hash written by hand in an unknown format
        ok = False
    return ok and stored is not None


class Throttle:
    """Failed logins per client address; ``blocked`` while MAX_FAILURES fell within WINDOW_SECONDS.

    Real elapsed time (time.monotonic), not the injected clock: it limits guessing speed, which is about
    the wall clock whatever date the monitor pretends it is."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, addr: str, now: float) -> deque[float]:
        times = self._failures.setdefault(addr, deque())
        while times and times[0] <= now - WINDOW_SECONDS:
            times.popleft()
        return times

    def blocked(self, addr: str) -> int:
        """Seconds until ``addr`` may try again (0: it may)."""
        with self._lock:
            now = time.monotonic()
            times = self._recent(addr, now)
            return int(times[0] + WINDOW_SECONDS - now) + 1 if len(times) >= MAX_FAILURES else 0

    def failed(self, addr: str) -> None:
        with self._lock:
            self._recent(addr, time.monotonic()).append(time.monotonic())
            if len(self._failures) > 10_000:  # many addresses: forget the oldest entries
                for key in list(self._failures)[:5_000]:
                    del self._failures[key]

    def succeeded(self, addr: str) -> None:
        with self._lock:
            self._failures.pop(addr, None)


def users() -> dict[str, str]:
    return dashboard().config.dashboard.users


def current_user() -> str | None:
    """The logged-in dashboard user (None when nobody is, or no login is configured)."""
    name = session.get("user")
    return name if isinstance(name, str) and name in users() else None


def who() -> str:
    """Whom an acknowledgement is recorded as: the dashboard user, or without logins (loopback only) the
    OS user running the dashboard — the same as the CLI's ``findings ack``."""
    user = current_user()
    if user:
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "dashboard"


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no //host, no scheme) is followed after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("views.overview")


def register(app: Flask) -> None:
    throttle = Throttle()
    app.extensions["campus_monitor_throttle"] = throttle

    @app.before_request
    def _require_login():
        if not users() or request.endpoint in OPEN_ENDPOINTS:
            return None
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return None

    def login():
        addr = request.remote_addr or "?"
        error = None
        status = 200
        if request.method == "POST":
            wait = throttle.blocked(addr)
            if wait:
                abort(429, f"登录失败次数过多，请 {wait // 60 + 1} 分钟后再试。")
            name = request.form.get("username", "")
            if verify(users(), name, request.form.get("password", "")):
                throttle.succeeded(addr)
                session.clear()  # a fresh session (and CSRF token) for the new login
                session.permanent = True
                session["user"] = name
                return redirect(_safe_next(request.form.get("next")), code=303)
            throttle.failed(addr)
            error, status = "用户名或密码不正确。", 401
        return render_template(
            "login.html", page="login", error=error, next=request.values.get("next", ""), needs_login=bool(users())
        ), status

    def logout():
        session.clear()
        flash("已退出登录。")
        return redirect(url_for("auth.login") if users() else url_for("views.overview"), code=303)

    app.add_url_rule("/login", "auth.login", login, methods=["GET", "POST"])
    app.add_url_rule("/logout", "auth.logout", logout, methods=["POST"])
    app.jinja_env.globals["current_user"] = current_user
