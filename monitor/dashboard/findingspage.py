"""``/findings``: the CLI's filters (``monitor.findingsview.select``), and acknowledge / unacknowledge forms.

An acknowledgement made here is the same row ``campus-monitor findings ack`` writes (``monitor.store.acks``),
with who = the logged-in dashboard user (or the OS user when the dashboard has no logins, loopback only).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Flask, flash, redirect, render_template, request, url_for

from monitor import clock
from monitor.dashboard import auth
from monitor.dashboard.context import dashboard
from monitor.dashboard.queries import local_today, worded
from monitor.findingsview import select
from monitor.severity import LEVELS
from monitor.store import acks

MAX_REASON = 500


def _filters() -> dict[str, Any]:
    args = request.args
    since = (args.get("since") or "").strip() or None
    if since:
        try:
            since = date.fromisoformat(since).isoformat()
        except ValueError:
            flash(f"日期“{since}”无效，应为 YYYY-MM-DD；已忽略。")
            since = None
    return {
        "sites": [s for s in args.getlist("site") if s],
        "kinds": [k for k in args.getlist("kind") if k],
        "severities": [v for v in args.getlist("severity") if v in LEVELS],
        "since": since,
        "all": args.get("all") in ("1", "on", "true"),
    }


def findings_page():
    dash = dashboard()
    config, store = dash.config, dash.store()
    want = _filters()
    rows = store.findings(open_only=not want["all"])
    configured = [s.name for s in config.sites]
    rows = [f for f in rows if f["site"] in configured]  # a site taken out of the config: as the CLI does
    kinds = sorted({f["kind"] for f in rows})
    shown = select(
        rows,
        sites=want["sites"],
        kinds=want["kinds"],
        severities=want["severities"],
        since=want["since"],
        tz=config.timezone,
    )
    today = local_today(dash.now(), config.timezone)
    acks.annotate(store.db, shown, today.isoformat())
    worded(store, shown, today)
    return render_template(
        "findings.html",
        page="findings",
        findings=shown,
        want=want,
        sites=configured,
        kinds=kinds,
        back=request.full_path.rstrip("?"),
        today=today.isoformat(),
    )


def _back() -> str:
    """Where to return after a POST: the findings page with its filters (never another site)."""
    back = request.form.get("back") or ""
    if back.startswith("/findings") and not back.startswith("//"):
        return back
    return url_for("findings.page")


def _ids() -> list[int]:
    out = []
    for value in request.form.getlist("id"):
        if value.strip().isdigit():
            out.append(int(value))
    return out


def ack_post():
    dash = dashboard()
    ids = _ids()
    reason = " ".join((request.form.get("reason") or "").split())[:MAX_REASON]
    until = (request.form.get("until") or "").strip() or None
    if not ids:
        flash("没有选择要确认的问题。")
        return redirect(_back(), code=303)
    if not reason:
        flash("确认时请填写原因（例如：校内地址，仅内网可访问）。")
        return redirect(_back(), code=303)
    if until:
        try:
            until = date.fromisoformat(until).isoformat()
        except ValueError:
            flash(f"日期“{until}”无效，应为 YYYY-MM-DD。")
            return redirect(_back(), code=303)
    try:
        acks.ack(dash.store().db, ids, reason, auth.who(), until, clock.iso(dash.now()))
    except acks.UnknownFinding as exc:
        flash(f"没有编号为 {exc.args[0]} 的问题。")
        return redirect(_back(), code=303)
    flash(f"已确认 {len(ids)} 个问题（#{', #'.join(map(str, ids))}）" + (f"，至 {until}" if until else "") + "。")
    return redirect(_back(), code=303)


def unack_post():
    dash = dashboard()
    ids = _ids()
    try:
        ended = acks.unack(dash.store().db, ids, auth.who(), clock.iso(dash.now()))
    except acks.UnknownFinding as exc:
        flash(f"没有编号为 {exc.args[0]} 的问题。")
        return redirect(_back(), code=303)
    if ended:
        flash(f"已取消确认：#{', #'.join(map(str, ended))}。")
    else:
        flash("这些问题没有有效的确认。")
    return redirect(_back(), code=303)


def findings_url(**params: Any) -> str:
    """A findings link with filters (used by the site page: "all open findings of this site")."""
    query = urlencode({k: v for k, v in params.items() if v}, doseq=True)
    return url_for("findings.page") + (f"?{query}" if query else "")


def register(app: Flask) -> None:
    app.add_url_rule("/findings", "findings.page", findings_page)
    app.add_url_rule("/findings/ack", "findings.ack", ack_post, methods=["POST"])
    app.add_url_rule("/findings/unack", "findings.unack", unack_post, methods=["POST"])
    app.jinja_env.globals["findings_url"] = findings_url
