"""Digest alerts after each crawl: one mail per recipient (and one message per chat webhook).

Why a digest and per-recipient state: IT staff want one mail that says what changed since the last one,
never the same finding every night. ``alert_notices`` remembers, per recipient, which findings were
mailed and when, so each digest holds

- new findings (``site_unreachable`` and ``broken_link`` only after ``confirm_after`` consecutive crawls),
- reminders of findings still open ``remind_days`` after they were last mailed,
- findings resolved since they were mailed,
- scheduled crawls that did not run or did not finish, and (to the operators, once) addresses the mail
  server refused.

What a digest lists is capped (``monitor.alerts.layout``: per site and kind at most ``digest_max_lines``,
under 紧急 / 高 / 一般 / 低 headings); the mail carries the complete list as CSV (``monitor.alerts.csvlist``),
chat messages only the capped text. Nothing to say → no mail. Messages go through the outbox table first (``monitor.delivery.outbox``), so an SMTP outage
loses nothing, and a refused address stops only its own copy:
the next ``after_crawl`` / ``alerts send`` / scheduler retry delivers them. Page-derived text is escaped in
HTML, collapsed to one line in text, and never used in a header.
"""

from __future__ import annotations

import html
import logging
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

from monitor import clock, inspection
from monitor.alerts import csvlist, mute
from monitor.alerts.layout import dashboard_links, site_groups
from monitor.alerts.render import Block, DigestView, Item, digest_html, digest_text
from monitor.alerts.wording import KINDS, describe, describe_event, describe_run
from monitor.config import Config
from monitor.delivery.mailer import Attachment, build_message, deliver, one_line
from monitor.delivery.outbox import flush_outbox, queue_mail
from monitor.delivery.webhooks import hook_label, send_webhook
from monitor.errors import ConfigError, MailError
from monitor.severity import LEVELS, label
from monitor.store import alerts as alerts_store
from monitor.store import sitenotes

log = logging.getLogger("monitor.alerts")

SUBJECT_PREFIX = "[网站巡检]"
CONFIRM_KINDS = {"site_unreachable", "section_unreachable", "broken_link"}

# --- what goes into a digest ------------------------------------------------------------------


@dataclass
class Digest:
    recipient: str
    sites: list[str]
    new: list[dict[str, Any]] = field(default_factory=list)
    reminders: list[dict[str, Any]] = field(default_factory=list)
    resolved: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)  # column changes (monitor.store.sitenotes): ride along
    warnings: list[str] = field(default_factory=list)  # 单项否决预警 lines (monitor.inspection); never mail alone

    def is_empty(self) -> bool:
        return not (self.new or self.reminders or self.resolved or self.events or self.runs)

    @property
    def open_items(self) -> list[dict[str, Any]]:
        return self.new + self.reminders


def audiences(config: Config) -> dict[str, list[str]]:
    """Recipient (mail address or ``webhook:<entry>``) → the sites whose findings it receives."""
    all_sites = [s.name for s in config.sites]
    out: dict[str, list[str]] = {}
    if config.email is None:
        return out
    for rcpt in config.email.recipients:
        out[rcpt] = list(all_sites)
    for site in config.sites:
        for rcpt in site.recipients:
            wanted = out.setdefault(rcpt, [])
            if site.name not in wanted:
                wanted.append(site.name)
    for hook in config.email.webhooks:
        out[f"webhook:{hook}"] = list(all_sites)
    # keep config order of sites
    return {r: [s for s in all_sites if s in sites] for r, sites in out.items()}


def confirmed(finding: dict[str, Any], confirm_after: int) -> bool:
    """Failures that come and go are mailed only after ``confirm_after`` consecutive failing crawls."""
    if finding["kind"] in CONFIRM_KINDS:
        return (finding.get("times_seen") or 0) >= confirm_after
    return True


def _local_date(text: str, tz: str) -> date:
    return datetime.fromisoformat(text).astimezone(ZoneInfo(tz)).date()


def compute_digest(
    config: Config,
    db,
    recipient: str,
    sites: list[str],
    findings: list[dict[str, Any]],
    events: list[dict[str, Any]],
    runs: list[dict[str, Any]],
) -> Digest:
    """Decide what ``recipient`` must hear now; pure apart from reading its notices."""
    today = clock.today(config.timezone)
    digest = Digest(recipient, sites, events=list(events), runs=list(runs))
    told = alerts_store.notices(db, recipient)
    open_now = [f for f in findings if f["resolved_at"] is None]
    digest.warnings = inspection.warnings([s for s in config.sites if s.name in sites], open_now)
    findings, told = mute.mailable(config, db, findings, told, today.isoformat())  # acks, ignore_links
    wanted = set(sites)
    by_key = {f["key"]: f for f in findings}
    for f in findings:
        if f["site"] not in wanted or f["resolved_at"] is not None:
            continue
        notice = told.get(f["key"])
        if notice is None or notice["finding_first_seen"] != f["first_seen"]:
            if confirmed(f, config.confirm_after):
                digest.new.append(f)
        elif (today - _local_date(notice["last_mailed"], config.timezone)).days >= config.remind_days:
            digest.reminders.append(f)
    for key in told:
        was = by_key.get(key)
        if was is not None and was["site"] in wanted and was["resolved_at"] is not None:
            digest.resolved.append(was)  # told while open, resolved since
    return digest


# --- wording ----------------------------------------------------------------------------------

SUBJECT_ROOM = 78  # characters after the prefix: what an inbox line can show; kinds beyond it end in "等"


def _count_parts(items: list[dict[str, Any]]) -> list[str]:
    counts: dict[str, int] = {}
    for f in items:
        counts[f["kind"]] = counts.get(f["kind"], 0) + 1
    return [
        f"{counts[k]}{KINDS.get(k, (99, '个其他问题'))[1]}"
        for k in sorted(counts, key=lambda k: KINDS.get(k, (99, ""))[0])
    ]


def subject_for(digest: Digest) -> str:
    """``[网站巡检] 湘江学院等2个网站：【紧急】2个暗链；另有73个暗链，315个失效链接``.

    Urgent findings are counted apart and first; the others by kind. Only site names from the config and
    counts, never page text; at most ``SUBJECT_ROOM`` characters after the prefix (kinds that do not fit
    are left for the body, marked "等")."""
    involved = [s for s in digest.sites if any(f["site"] == s for f in digest.open_items + digest.resolved)]
    if len(involved) == 1:
        who = one_line(involved[0], 30)
    elif involved:
        who = f"{one_line(involved[0], 30)}等{len(involved)}个网站"
    else:
        who = "网站巡检"
    urgent = _count_parts([f for f in digest.open_items if f.get("severity") == "urgent"])
    rest = _count_parts([f for f in digest.open_items if f.get("severity") != "urgent"])
    flags = []
    if digest.resolved:
        flags.append(f"{len(digest.resolved)}个问题已解决")
    if digest.runs or any(e["kind"] != "refused" for e in digest.events):
        flags.append("巡检未按计划完成")
    if any(e["kind"] == "refused" for e in digest.events):
        flags.append("有收件地址被拒收")

    def compose(shown: list[str], cut: bool) -> str:
        first = f"【紧急】{'、'.join(urgent)}" if urgent else ""
        counts = ["，".join(shown) + "等"] if cut and shown else (["更多问题"] if cut else shown)
        others = "，".join(counts + flags)
        if first and others:
            return f"{who}：{first}；另有{others}"
        return f"{who}：{first or others}"

    shown, text = list(rest), compose(rest, False)
    while len(text) > SUBJECT_ROOM and shown:
        shown.pop()
        text = compose(shown, True)
    return one_line(f"{SUBJECT_PREFIX} {text}", 300)


def summary_line(digest: Digest) -> str:
    """``本次 390 条待处理：紧急 2，高 3，一般 380，低 5`` (open findings in this digest, by severity)."""
    items = digest.open_items
    if not items:
        return ""
    counts = [f"{label(lv)} {n}" for lv in LEVELS if (n := sum((f.get("severity") or "normal") == lv for f in items))]
    return f"本次 {len(items)} 条待处理：{'，'.join(counts)}"


def attachment_name(config: Config, digest: Digest) -> str | None:
    """The CSV's file name, or None when the digest lists no finding (only crawl problems)."""
    if not (digest.open_items or digest.resolved):
        return None
    return csvlist.file_name(clock.today(config.timezone).isoformat())


def attachment(config: Config, digest: Digest) -> list[Attachment]:
    """The complete list of the digest's findings as CSV (``monitor.alerts.csvlist``); none without findings."""
    name = attachment_name(config, digest)
    if name is None:
        return []
    parts = [("新发现", digest.new), ("仍未解决", digest.reminders), ("已解决", digest.resolved)]
    return [Attachment(name, csvlist.findings_csv(parts, config.timezone), csvlist.CSV_TYPE)]


def render(
    config: Config, digest: Digest, latest: dict[tuple[str, str], str | None], mail: bool = True
) -> tuple[str, str, str]:
    """(subject, plain text, HTML) for one digest; the layout of both parts is ``monitor.alerts.render``'s.

    ``mail`` False: a chat message, which has no attachment to point to."""
    tz = config.timezone
    today = clock.today(tz)
    everything, site_link = dashboard_links(config.dashboard.public_url)
    view = DigestView(subject_for(digest), clock.local(clock.iso(clock.now()), tz), tz, config.remind_days)
    view.summary = summary_line(digest)
    view.warnings = digest.warnings
    view.attachment = attachment_name(config, digest) if mail else None
    view.dashboard = everything
    view.problems = [describe_event(e, tz) for e in digest.events] + [describe_run(r, tz) for r in digest.runs]
    view.info = [sitenotes.line(n) for n in digest.notes]

    def word(f: dict[str, Any]) -> Item:
        return Item(*describe(f, latest, today), urgent=f.get("severity") == "urgent")

    def resolved(f: dict[str, Any]) -> Item:
        return Item(f"{describe(f, latest, today)[0]}（已于 {clock.local(f['resolved_at'], tz)} 解决）")

    cap = config.digest_max_lines
    for title, items, how, by_level in (
        ("新发现的问题", digest.new, word, True),
        ("仍未解决（提醒）", digest.reminders, word, True),
        ("已解决", digest.resolved, resolved, False),
    ):
        if items:
            view.blocks.append(Block(title, site_groups(items, digest.sites, cap, how, site_link, by_level)))
    return view.subject, digest_text(view), digest_html(view)


def after_crawl(config: Config, store, run_id: int | None = None) -> dict[str, int]:
    """Queue one digest per recipient that has something new to hear, then deliver the outbox.

    Called at the end of every crawl (and by ``campus-monitor alerts send``). Returns counts of
    ``queued``, ``sent`` and ``failed`` messages. Never raises for delivery problems.
    """
    db = store.db
    alerts_store.ensure_schema(db)
    result = {"queued": 0, "sent": 0, "failed": 0}
    who = audiences(config)
    if not who:
        return result
    findings = store.findings(open_only=False)
    events = alerts_store.unreported_events(db)
    runs = alerts_store.unreported_unfinished_runs(db, run_id)
    latest = {key: post["date"] for key, post in store.newest_posts().items()}
    now = clock.iso(clock.now())
    notes, told_notes = sitenotes.unreported(db), set()
    # crawl problems concern whoever runs the monitor: the global recipients and chats (or, if there are
    # none, everyone) - a site's own webmaster cannot fix a missed night
    assert config.email is not None  # audiences() is empty without [email]: returned above
    operators = {r for r in who if r in config.email.recipients or r.startswith("webhook:")} or set(who)
    with db.conn:
        for recipient, sites in who.items():
            mine = recipient in operators
            digest = compute_digest(
                config, db, recipient, sites, findings, events if mine else [], runs if mine else []
            )
            if digest.is_empty():
                continue
            digest.notes = [n for n in notes if n["site"] in sites]
            told_notes |= {n["id"] for n in digest.notes}
            if recipient.startswith("webhook:"):  # a chat message: the capped text, no attachment
                subject, text, _ = render(config, digest, latest, mail=False)
                alerts_store.enqueue(db, "webhook", [recipient[8:]], subject, text.encode("utf-8"))
            else:  # the whole MIME message (CSV attached) is what the outbox keeps, so retries carry it too
                subject, text, page = render(config, digest, latest)
                queue_mail(config, db, [recipient], subject, text, page, attachment(config, digest))
            result["queued"] += 1
            for f in digest.open_items:
                alerts_store.mark_notified(db, recipient, f["key"], f["first_seen"], now)
            for f in digest.resolved:
                alerts_store.forget_notice(db, recipient, f["key"])
        alerts_store.mark_reported(db, [e["id"] for e in events], [r["id"] for r in runs], now)
        sitenotes.mark_reported(db, sorted(told_notes), now)
    result.update(flush_outbox(config, db))
    return result


def send_test(config: Config) -> list[str]:
    """Send a test mail to every configured recipient (and webhook) now; returns the recipients reached."""
    if config.email is None:
        raise ConfigError(f"{config.path}: no [email] table; add host, sender and recipients to send mail")
    rcpts = [r for r in audiences(config) if not r.startswith("webhook:")]
    if not rcpts and not config.email.webhooks:
        raise ConfigError(
            f"{config.path}: email.recipients: no recipient anywhere (nor a site's recipients, nor "
            "webhooks); add an address to test with"
        )
    subject = f"{SUBJECT_PREFIX} 测试邮件"
    stamp = clock.local(clock.iso(clock.now()), config.timezone)
    text = (
        f"这是 campus-monitor 的测试邮件（{stamp}）。收到它说明 SMTP 设置正确。\n"
        f"监测的网站：{'、'.join(s.name for s in config.sites)}\n"
    )
    reached = []
    refused: dict[str, tuple[int, str]] = {}
    if rcpts:
        msg = build_message(config.email, rcpts, subject, text, f"<p>{html.escape(text)}</p>")
        msg["Date"] = format_datetime(clock.now())
        refused = deliver(config.email, msg, rcpts)
        reached += [r for r in rcpts if r not in refused]
    for hook in config.email.webhooks:
        send_webhook(hook, subject, text)
        reached.append(f"webhook {hook_label(hook)}")
    if refused:  # a wrong address is what a test mail is for: name it
        raise MailError(
            "; ".join(f"{r} refused: {code} {reply}" for r, (code, reply) in refused.items())
            + (f" (sent to {', '.join(reached)})" if reached else "")
        )
    return reached


def crawl_hook(config: Config, store, run_id: int, changes: dict[str, Any]) -> None:
    """``monitor.crawl.AFTER_CRAWL`` entry: mail the digest after the checks of a finished crawl.

    Alert trouble must never fail the crawl that already stored its results: log it and go on.
    """
    try:
        result = after_crawl(config, store, run_id)
    except Exception as exc:  # reported, and the outbox keeps what was queued
        log.error("alerts after crawl #%s failed: %s", run_id, exc)
        print(f"campus-monitor: alerts not sent: {one_line(exc)}", file=sys.stderr)
        return
    if result["queued"] or result["failed"]:
        print(
            f"alerts: {result['queued']} queued, {result['sent']} sent, {result['failed']} waiting "
            "(campus-monitor alerts --pending)",
            file=sys.stderr,
        )
