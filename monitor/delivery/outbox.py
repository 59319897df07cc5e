"""Delivering the alert outbox: every mail and webhook message the monitor sends, per recipient.

Why per recipient: one address the server refuses for good (``550 user unknown``) used to stop the whole
outbox: the message stayed first in line, failed at every attempt, and every later message was marked
failed without being tried, so nobody heard anything again. Now

- a recipient refused with a 5xx at RCPT is stored on its message (``refused``) and never tried again;
  the other recipients get the mail (``delivered``), and the operators' next digest names the address
  once (a ``schedule_events`` row ``mail:<address>`` / ``refused``);
- a message every recipient of which refused it for good (or a 5xx for its data) is marked
  ``failed_at``: listed by ``alerts --pending``, never retried;
- a temporary failure (4xx at RCPT, connection refused, timeout, login) keeps the message queued for
  the recipients not yet served; a failure of the server itself skips the rest of this flush.

Used alike by the alert digests (``monitor.alerts``) and the monthly report mail (``monitor.report.mail``);
webhooks are ``monitor.delivery.webhooks``.
"""

from __future__ import annotations

import email
import email.policy
import logging
import smtplib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from monitor import clock
from monitor.config import Config
from monitor.delivery.mailer import Attachment, build_message, deliver, one_line
from monitor.delivery.webhooks import hook_label, send_webhook
from monitor.errors import MailError
from monitor.store import alerts as alerts_store
from monitor.store.locks import acquire_db_lock, release_db_lock

log = logging.getLogger("monitor.alerts")


# --- the outbox -------------------------------------------------------------------------------


@contextmanager
def outbox_lock(db) -> Iterator[None]:
    """One outbox delivery at a time per database, across processes.

    The scheduler's retry job, a crawl's digest and ``report --email`` may flush at the same moment; without
    this OS lock (on ``<database>.outbox.lock``) both would read the same pending row and send it twice.
    """
    path = next((row[2] for row in db.execute("PRAGMA database_list").fetchall() if row[1] == "main"), "")
    if not path:  # an in-memory database: no other process can see it
        yield
        return
    fd = acquire_db_lock(Path(path), "outbox.lock")
    try:
        yield
    finally:
        release_db_lock(fd)


def queue_mail(
    config: Config,
    db,
    recipients: list[str],
    subject: str,
    text: str,
    html_body: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> int:
    """Keep one whole mail (parts and attachments) in the outbox; ``flush_outbox`` delivers it.

    Every mail the monitor sends (digests, monthly reports) goes this way, so an SMTP outage loses none
    and they leave in the order they were made. Returns the outbox id.
    """
    assert config.email is not None  # callers check: digests need [email] recipients, reports raise ConfigError
    alerts_store.ensure_schema(db)
    msg = build_message(config.email, recipients, subject, text, html_body, attachments)
    msg["Date"] = format_datetime(clock.now())
    return alerts_store.enqueue(db, "mail", recipients, subject, msg.as_bytes())


def flush_outbox(config: Config, db) -> dict[str, int]:
    """Try every pending message once, oldest first. Returns ``sent`` and ``failed`` (still waiting)."""
    alerts_store.ensure_schema(db)
    with outbox_lock(db):
        return _flush(config, db)


def _flush(config: Config, db) -> dict[str, int]:
    counts = {"sent": 0, "failed": 0}
    smtp_down: str | None = None
    for row in alerts_store.pending(db):
        if row["channel"] == "mail":
            outcome = _send_mail(config, db, row, smtp_down)
            if outcome.startswith("down:"):
                smtp_down = outcome[5:]
            if outcome == "sent":
                counts["sent"] += 1
            elif outcome != "refused":  # refused for good: not waiting any more, listed by alerts --pending
                counts["failed"] += 1
            continue
        try:
            send_webhook(row["recipients"][0], row["subject"], row["body"].decode("utf-8"))
        except MailError as exc:
            counts["failed"] += 1
            alerts_store.mark_attempt(db, row["id"], str(exc))
            log.warning("alert %s not delivered, kept for the next attempt: %s", row["id"], exc)
        else:
            counts["sent"] += 1
            alerts_store.mark_attempt(db, row["id"], None)
            log.info("alert %s delivered to %s", row["id"], hook_label(row["recipients"][0]))
    return counts


def _send_mail(config: Config, db, row: dict[str, Any], smtp_down: str | None) -> str:
    """Deliver one outbox mail to the recipients it has not reached yet.

    Returns ``sent``, ``refused`` (failed for good), ``waiting`` or ``down:<error>`` (the server itself
    failed: the rest of this flush is not tried).
    """
    todo = [r for r in row["recipients"] if r not in row["delivered"] and r not in row["refused"]]
    if not todo:  # everyone was served by an earlier attempt that stopped before recording the outcome
        alerts_store.mark_attempt(db, row["id"], None, done=True)
        return "sent" if row["delivered"] else "refused"
    error = "no [email] table in the config" if config.email is None else smtp_down
    refused: dict[str, tuple[int, str]] = {}
    if error is None and config.email is not None:
        msg = email.message_from_bytes(row["body"], policy=email.policy.default)
        try:
            refused = deliver(config.email, msg, todo)
        except MailError as exc:
            cause = exc.__cause__
            if isinstance(cause, smtplib.SMTPDataError) and cause.smtp_code >= 500:  # the message itself, for good
                refused = {r: (cause.smtp_code, one_line(str(exc))) for r in todo}
            else:  # connection, timeout, login, sender, a 4xx: the next message would fare no better now
                error = smtp_down = str(exc)
    if error is not None:
        alerts_store.mark_attempt(db, row["id"], error, done=False)
        log.warning("alert %s not delivered, kept for the next attempt: %s", row["id"], error)
        return f"down:{smtp_down}" if smtp_down else "waiting"
    accepted = [r for r in todo if r not in refused]
    final = {r: f"{code} {reply}" for r, (code, reply) in refused.items() if code >= 500}
    later = {r: f"{code} {reply}" for r, (code, reply) in refused.items() if code < 500}
    problem = "; ".join(f"{r} refused: {why}" for r, why in {**final, **later}.items()) or None
    alerts_store.mark_attempt(db, row["id"], problem, accepted, final, done=not later)
    if accepted:
        log.info("alert %s delivered to %s", row["id"], ", ".join(accepted))
    for address, why in final.items():
        log.warning("alert %s: %s refused it for good (%s); not retried for that address", row["id"], address, why)
        if not alerts_store.refusal_reported(db, address):
            alerts_store.record_event(
                db,
                f"mail:{address}",
                "refused",
                f"邮件服务器拒收（{why}），邮件 #{row['id']}「{one_line(row['subject'], 80)}」"
                "未送达该地址，其他收件人照常投递；请核对该地址",
            )
    if later:
        log.warning("alert %s kept for the next attempt: %s", row["id"], problem)
        return "waiting"
    return "sent" if accepted or row["delivered"] else "refused"
