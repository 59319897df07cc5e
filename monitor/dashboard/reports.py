"""``/reports``: the monthly / annual report (the same HTML page, XLSX and CSV as ``campus-monitor report``).

Periods are named in the URL as ``YYYY-MM`` (a month), ``YYYY`` (a calendar year) or ``academic-YYYY``
(1 September YYYY to 31 August YYYY+1), the CLI's ``--month`` / ``--year`` / ``--academic-year``.
"""

from __future__ import annotations

import re

from flask import Flask, Response, abort, render_template, request

from monitor.commands.report import FIRST_YEAR, LAST_YEAR, render_bytes
from monitor.dashboard import queries
from monitor.dashboard.context import dashboard
from monitor.report.data import build_full_report
from monitor.report.stats import Period, academic_year_period, month_period, year_period

PERIOD = re.compile(r"(?:(\d{4})-(\d{2})|(\d{4})|academic-(\d{4}))")
TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def parse_period(text: str) -> Period | None:
    """The period a URL names, or None (then the page is a 404)."""
    m = PERIOD.fullmatch(text)
    if m is None:
        return None
    try:
        if m.group(1):
            period = month_period(f"{m.group(1)}-{m.group(2)}")
        elif m.group(3):
            period = year_period(int(m.group(3)))
        else:
            period = academic_year_period(int(m.group(4)))
    except ValueError:
        return None
    return period if period.start.year >= FIRST_YEAR and period.end.year <= LAST_YEAR else None


def _report(name: str) -> dict:
    period = parse_period(name)
    if period is None:
        abort(404, f"没有“{name}”这一统计期；请用 2022-06（月）、2022（年）或 academic-2021（学年）。")
    dash = dashboard()
    today = queries.local_today(dash.now(), dash.config.timezone)
    return build_full_report(dash.config, dash.store(), period, today=today)


def reports_page():
    dash = dashboard()
    today = queries.local_today(dash.now(), dash.config.timezone)
    periods = queries.report_periods(today)
    chosen = request.args.get("period") or periods[0]["period"]
    if parse_period(chosen) is None:
        abort(404, f"没有“{chosen}”这一统计期；请用 2022-06（月）、2022（年）或 academic-2021（学年）。")
    return render_template("reports.html", page="reports", periods=periods, chosen=chosen)


def report_html(period: str):
    return Response(render_bytes(_report(period), "html"), mimetype="text/html")


def _download(period: str, fmt: str) -> Response:
    data = render_bytes(_report(period), fmt)
    return Response(
        data,
        content_type=TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="campus-monitor-report-{period}.{fmt}"'},
    )


def report_xlsx(period: str) -> Response:
    return _download(period, "xlsx")


def report_csv(period: str) -> Response:
    return _download(period, "csv")


def register(app: Flask) -> None:
    app.add_url_rule("/reports", "reports.page", reports_page)
    app.add_url_rule("/reports/<period>.xlsx", "reports.xlsx", report_xlsx)
    app.add_url_rule("/reports/<period>.csv", "reports.csv", report_csv)
    app.add_url_rule("/reports/<period>", "reports.html", report_html)
