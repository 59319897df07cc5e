"""The overview (``/``) and one site's page (``/sites/<name>``)."""

from __future__ import annotations

from flask import Flask, abort, render_template

from monitor.dashboard import queries
from monitor.dashboard.context import dashboard
from monitor.report.chart import month_chart_svg


def overview():
    dash = dashboard()
    data = queries.overview(dash.config, dash.store(), dash.now())
    return render_template("overview.html", page="overview", data=data, states=queries.STATE_LABELS)


def site(name: str):
    dash = dashboard()
    data = queries.site_detail(dash.config, dash.store(), name, dash.now())
    if data is None:
        abort(404, f"没有名为“{name}”的网站（配置文件中没有）。")
    site_chart = month_chart_svg(data["months"], f"{name}：近12个月每月发布数")
    charts = {c["name"]: month_chart_svg(c["months"], f"{c['name']}：近12个月每月发布数") for c in data["columns"]}
    return render_template("site.html", page="site", data=data, site_chart=site_chart, charts=charts)


def register(app: Flask) -> None:
    app.add_url_rule("/", "views.overview", overview)
    app.add_url_rule("/sites/<path:name>", "views.site", site)
