"""CSRF protection for every POST: a per-session token in each form, compared in constant time.

Why our own twenty lines and not Flask-WTF: the dashboard has five small forms and no WTForms; the rule is
the synchronizer token pattern (OWASP) — a random token kept in the signed session cookie, echoed in a
hidden ``csrf_token`` field, checked with ``hmac.compare_digest`` before any view runs. SameSite=Lax on
the cookie is a second line, not the only one. A refused POST is a 400 and changes nothing.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, abort, request, session

FIELD = "csrf_token"


def token() -> str:
    """This session's token (made on first use; a new login gets a new one)."""
    value = session.get(FIELD)
    if not isinstance(value, str) or len(value) < 32:
        value = session[FIELD] = secrets.token_urlsafe(32)
    return value


def valid(sent: str | None) -> bool:
    expected = session.get(FIELD)
    if not isinstance(expected, str) or not isinstance(sent, str) or not sent:
        return False
    return hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8"))


def register(app: Flask) -> None:
    @app.before_request
    def _check():
        if request.method not in ("GET", "HEAD", "OPTIONS") and not valid(request.form.get(FIELD)):
            abort(400, "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。")

    app.jinja_env.globals["csrf_token"] = token
