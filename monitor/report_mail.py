"""Mail a post-count report: HTML in the body, the XLSX attached, a plain-text part for old clients.

The scheduler calls ``send_monthly_report(config, store, "2022-06")`` per ``report_schedule``; the
``report --email`` command calls ``send_report`` with whatever period the user asked for.
"""
from __future__ import annotations

from typing import Any

from monitor import clock
from monitor.config import Config, ConfigError
from monitor.mailer import Attachment, send_mail
from monitor.report_data import build_full_report
from monitor.report_html import change_text, render_html
from monitor.report_stats import Period, month_period, previous_month
from monitor.report_xlsx import render_xlsx
from monitor.store import Store

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_text(report: dict[str, Any]) -> str:
    """The plain-text alternative: one line per site, paragraphs for annual reports."""
    labels = report["period"]
    lines = [f"网站信息发布统计 {labels['label']}（{report['from']} 至 {report['to']}）", ""]
    if report.get("paragraph"):
        lines += [report["paragraph"], ""]
    for site in report["sites"]:
        lines.append(f"{site['name']}：{labels['current_label']}发布 {site['total']} 条，"
                     f"{labels['previous_label']} {site['previous_total']} 条（{change_text(site['change'])}）")
        for sec in site["sections"]:
            lines.append(f"  {sec['name']}：{sec['posts']} 条，占 {sec['share']:.1f}%，最新 {sec['newest'] or '—'}")
        if site.get("paragraph"):
            lines.append("  " + site["paragraph"])
        lines.append("")
    lines.append("详细表格见附件（Excel）。")
    return "\n".join(lines)


def attachment_name(report: dict[str, Any]) -> str:
    return f"campus-monitor-report-{report['from']}_{report['to']}.xlsx"


def send_report(config: Config, report: dict[str, Any], recipients: list[str]) -> None:
    """Send one built report to ``recipients``; raises ConfigError without [email], MailError on failure."""
    if config.email is None:
        raise ConfigError(f"{config.path}: email: no [email] table; add one with host and sender to mail reports")
    if not recipients:
        raise ConfigError(f"{config.path}: email.recipients: no recipients; list at least one address")
    names = "、".join(s["name"] for s in report["sites"][:3]) + ("等" if len(report["sites"]) > 3 else "")
    subject = f"[campus-monitor] 信息发布统计 {report['period']['label']} {names}"
    send_mail(config.email, recipients, subject, report_text(report), render_html(report, for_mail=True),
              attachments=[Attachment(attachment_name(report), render_xlsx(report), XLSX_TYPE)])


def send_period_report(config: Config, store: Store, period: Period,
                       sites: list[str] | None = None) -> list[dict[str, Any]]:
    """Mail ``period``'s report: all sites to [email] recipients, each site to its own ``recipients``.

    Returns what was sent: ``[{"recipients": [...], "sites": [...]}]``.
    """
    if config.email is None:
        raise ConfigError(f"{config.path}: email: no [email] table; add one with host and sender to mail reports")
    chosen = [s for s in config.sites if sites is None or s.name in sites]
    sent: list[dict[str, Any]] = []
    if config.email.recipients:
        report = build_full_report(config, store, period, [s.name for s in chosen])
        send_report(config, report, list(config.email.recipients))
        sent.append({"recipients": list(config.email.recipients), "sites": [s.name for s in chosen]})
    for site in chosen:
        own = [r for r in site.recipients if r not in config.email.recipients]
        if own:
            send_report(config, build_full_report(config, store, period, [site.name]), own)
            sent.append({"recipients": own, "sites": [site.name]})
    if not sent:
        raise ConfigError(f"{config.path}: email.recipients: nobody to send the report to; list addresses in "
                          "[email] recipients or a site's recipients")
    return sent


def send_monthly_report(config: Config, store: Store, month: str | Period | None = None) -> list[dict[str, Any]]:
    """The scheduled monthly mail for ``month`` ("YYYY-MM" or a Period); None means the month before today
    (in the configured time zone), which is what a report_schedule of "0 8 1 * *" wants."""
    if month is None:
        month = previous_month(clock.today(config.timezone))
    period = month if isinstance(month, Period) else month_period(month)
    return send_period_report(config, store, period)
