"""Mail a post-count report: HTML in the body, the XLSX attached, a plain-text part for old clients.

The scheduler runs ``report --month YYYY-MM --email`` per ``report_schedule``; that command calls
``send_period_report`` with whatever period the user asked for. Report mails go through the same outbox as
the alert digests (``monitor.alerts.digest``), so an SMTP outage loses no report.
"""

from __future__ import annotations

import json
from typing import Any

from monitor import clock
from monitor.config import Config
from monitor.delivery.mailer import Attachment
from monitor.delivery.outbox import flush_outbox, queue_mail
from monitor.errors import ConfigError
from monitor.report.data import build_full_report
from monitor.report.html import change_text, render_html
from monitor.report.stats import Period, month_period, previous_month
from monitor.report.xlsx import render_xlsx
from monitor.store.core import Store

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_text(report: dict[str, Any]) -> str:
    """The plain-text alternative: one line per site, paragraphs for annual reports."""
    labels = report["period"]
    lines = [f"网站信息发布统计 {labels['label']}（{report['from']} 至 {report['to']}）", ""]
    if report.get("paragraph"):
        lines += [report["paragraph"], ""]
    for site in report["sites"]:
        lines.append(
            f"{site['name']}：{labels['current_label']}发布 {site['total']} 条，"
            f"{labels['previous_label']} {site['previous_total']} 条（{change_text(site['change'])}）"
        )
        for sec in site["sections"]:
            lines.append(f"  {sec['name']}：{sec['posts']} 条，占 {sec['share']:.1f}%，最新 {sec['newest'] or '—'}")
        if site.get("paragraph"):
            lines.append("  " + site["paragraph"])
        lines.append("")
    lines.append("详细表格见附件（Excel）。")
    return "\n".join(lines)


def attachment_name(report: dict[str, Any]) -> str:
    return f"campus-monitor-report-{report['from']}_{report['to']}.xlsx"


def queue_report(config: Config, db, report: dict[str, Any], recipients: list[str]) -> int:
    """Put one built report mail (HTML, text, XLSX attached) in the alert outbox; returns its outbox id.

    Raises ConfigError without [email] or recipients. Delivery is ``monitor.delivery.outbox.flush_outbox``'s job, the same
    path the digests take, so a report made while SMTP is down waits in the database instead of being lost.
    """
    if config.email is None:
        raise ConfigError(f"{config.path}: email: no [email] table; add one with host and sender to mail reports")
    if not recipients:
        raise ConfigError(f"{config.path}: email.recipients: no recipients; list at least one address")
    names = "、".join(s["name"] for s in report["sites"][:3]) + ("等" if len(report["sites"]) > 3 else "")
    subject = f"[campus-monitor] 信息发布统计 {report['period']['label']} {names}"
    return queue_mail(
        config,
        db,
        recipients,
        subject,
        report_text(report),
        render_html(report, for_mail=True),
        attachments=[Attachment(attachment_name(report), render_xlsx(report), XLSX_TYPE)],
    )


def send_period_report(
    config: Config, store: Store, period: Period, sites: list[str] | None = None
) -> list[dict[str, Any]]:
    """Mail ``period``'s report: all sites to [email] recipients, each site to its own ``recipients``.

    The mails are queued in the outbox, then the outbox is delivered (older waiting mails first).
    Returns one entry per mail: ``{"recipients", "sites", "outbox_id", "sent", "failed", "refused", "error"}``;
    a mail with ``sent`` and ``failed`` False stays queued for the next attempt (``alerts send``, a crawl, the
    scheduler's retry); ``refused`` names the addresses the server refused for good.
    """
    if config.email is None:
        raise ConfigError(f"{config.path}: email: no [email] table; add one with host and sender to mail reports")
    chosen = [s for s in config.sites if sites is None or s.name in sites]
    plan: list[tuple[list[str], list[str]]] = []
    if config.email.recipients:
        plan.append((list(config.email.recipients), [s.name for s in chosen]))
    for site in chosen:
        own = [r for r in site.recipients if r not in config.email.recipients]
        if own:
            plan.append((own, [site.name]))
    if not plan:
        raise ConfigError(
            f"{config.path}: email.recipients: nobody to send the report to; list addresses in "
            "[email] recipients or a site's recipients"
        )
    queued: list[dict[str, Any]] = [
        {
            "recipients": rcpts,
            "sites": names,
            "outbox_id": queue_report(config, store.db, build_full_report(config, store, period, names), rcpts),
        }
        for rcpts, names in plan
    ]
    flush_outbox(config, store.db)
    for mail in queued:
        row = store.db.table("alert_outbox").get(mail["outbox_id"])
        mail["sent"] = row["sent_at"] is not None  # to every recipient the server did not refuse for good
        mail["failed"] = row["failed_at"] is not None  # every recipient refused it: never retried
        mail["refused"] = json.loads(row["refused"] or "{}")  # address -> the server's 5xx reply
        mail["error"] = None if mail["sent"] else row["last_error"]
    return queued


def send_monthly_report(config: Config, store: Store, month: str | Period | None = None) -> list[dict[str, Any]]:
    """The scheduled monthly mail for ``month`` ("YYYY-MM" or a Period); None means the month before today
    (in the configured time zone), which is what a report_schedule of "0 8 1 * *" wants."""
    if month is None:
        month = previous_month(clock.today(config.timezone))
    period = month if isinstance(month, Period) else month_period(month)
    return send_period_report(config, store, period)
