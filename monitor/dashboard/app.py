"""The dashboard's Flask app: ``create_app(config, *, now=None)``.

Why Flask: small, well kept, Jinja2 (already the project's template engine) with autoescape on for every
``.html`` template, signed-cookie sessions built in; waitress serves it (``monitor.dashboard.server``).
One app per config: the pages read the configured sites and the database the config names; the clock is
injected (``now``), by default ``monitor.clock.now`` (which honours ``--now`` / CAMPUS_MONITOR_NOW).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, render_template, request
from flask.sessions import SecureCookieSessionInterface
from jinja2 import StrictUndefined
from markupsafe import Markup

from monitor import clock, kinds, severity, templating
from monitor.config import Config
from monitor.dashboard import auth, csrf, findingspage, reports, views
from monitor.dashboard.context import Dashboard, close_store, dashboard
from monitor.private import private_opener

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE.parent / "templates" / "dashboard"
SESSION_HOURS = 12  # a login lasts a working day; then the reader logs in again
SECRET_ENV = "CAMPUS_MONITOR_SECRET"


# Kinds the digest's wording has no counter for yet (f-findings adds Chinese names for every kind).
class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure whenever the request came over https.

    Behind a reverse proxy, ``serve --trusted-proxy ADDR`` lets waitress take the scheme from that proxy's
    X-Forwarded-Proto, so the cookie is Secure exactly when the reader's browser uses https; on plain-http
    loopback it must not be, or the browser would never send it back."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def secret_key(config: Config) -> str:
    """$CAMPUS_MONITOR_SECRET, else ``<database>.secret`` (made once, 0600): sessions survive a restart."""
    from_env = os.environ.get(SECRET_ENV)
    if from_env:
        return from_env
    path = Path(str(config.database) + ".secret")
    try:
        with open(path, "x", encoding="ascii", opener=private_opener) as fh:
            fh.write(secrets.token_hex(32))
    except FileExistsError:
        pass
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:  # an empty or truncated file would make every cookie forgeable
        raise OSError(f"{path}: the dashboard's secret key is too short; delete the file to make a new one")
    return key


def kind_label(kind: str | None) -> str:
    """The Chinese name of a finding kind ("hidden_link" → "暗链"), the one map in ``monitor.kinds``."""
    return kinds.name(kind)


def local_time(value: str | None) -> str:
    return clock.local(value, dashboard().config.timezone)


def chart(svg: str) -> Markup:
    """SVG from monitor.report.chart, which escapes its only text (the title) itself."""
    return Markup(svg)


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    # no script at all; the report page keeps its inline <style>
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "script-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
}


def create_app(
    config: Config, *, now: Callable[[], datetime] | None = None, secret: str | None = None, **settings: Any
) -> Flask:
    """The dashboard for ``config``; ``now`` returns the current aware time (tests pin it)."""
    app = Flask("monitor.dashboard", template_folder=str(TEMPLATES), static_folder=str(HERE / "static"))
    app.config.update(
        SECRET_KEY=secret or secret_key(config),
        SESSION_COOKIE_NAME="campus_monitor_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",  # Lax, not Strict: a link in the digest mail must open the page logged in
        SESSION_COOKIE_SECURE=False,  # per request: CookieSessions
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        MAX_CONTENT_LENGTH=64 * 1024,  # the largest form is an ack of a few hundred ids
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    app.config.update(settings)
    app.session_interface = CookieSessions()
    app.extensions["campus_monitor"] = Dashboard(config, now or (lambda: clock.now(config.timezone)))
    app.teardown_appcontext(close_store)
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.filters.update(
        safe_href=templating.safe_href,
        kind_label=kind_label,
        severity_label=severity.label,
        local_time=local_time,
        chart=chart,
    )
    app.jinja_env.globals.update(severity_levels=severity.LEVELS)
    auth.register(app)
    csrf.register(app)
    views.register(app)
    findingspage.register(app)
    reports.register(app)

    @app.after_request
    def _headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")  # pages show private findings
        return response

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(429)
    def _error(exc):
        return render_template("error.html", page="error", code=exc.code, message=exc.description), exc.code

    return app
