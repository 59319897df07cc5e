"""Send one e-mail over SMTP (none / STARTTLS / SSL), password from the environment.

Callers build the text and HTML; this module only makes a safe message and delivers it.
Page-derived text never reaches a header raw: headers go through email.headerregistry, which
encodes non-ASCII and refuses CR/LF.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from monitor.config import EmailConfig
from monitor.errors import MailError


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


def one_line(text: object, limit: int = 200) -> str:
    """Collapse whitespace (CR/LF included) so a value is safe to use in a header."""
    return " ".join(str(text).split())[:limit]


def build_message(
    cfg: EmailConfig,
    recipients: list[str],
    subject: str,
    text: str,
    html: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = one_line(subject)
    msg["Message-ID"] = make_msgid(domain="campus-monitor.local")
    msg.set_content(text, charset="utf-8")
    if html is not None:
        msg.add_alternative(html, subtype="html", charset="utf-8")
    for att in attachments:
        maintype, _, subtype = att.mimetype.partition("/")
        msg.add_attachment(att.content, maintype=maintype, subtype=subtype or "octet-stream", filename=att.filename)
    return msg


def deliver(cfg: EmailConfig, msg: EmailMessage, to: list[str] | None = None) -> dict[str, tuple[int, str]]:
    """Hand a message to the configured SMTP server for ``to`` (default: its To header).

    Returns the recipients the server refused at RCPT, ``{address: (code, reply)}`` (4xx: try again later,
    5xx: for good); the others got the message. Raises MailError when nothing could be handed over for a
    reason that concerns the whole message (connection, login, sender, data).
    """
    where = f"SMTP {cfg.host}:{cfg.port}"
    try:
        if cfg.tls == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                cfg.host, cfg.port, timeout=cfg.timeout_seconds, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout_seconds)
        with server:
            if cfg.tls == "starttls":
                server.starttls(context=ssl.create_default_context())
            if cfg.username:
                password = cfg.password()
                if password is None:
                    raise MailError(
                        f"{where}: environment variable {cfg.password_env or '(email.password_env)'}"
                        " is not set; export the SMTP password there"
                    )
                server.login(cfg.username, password)
            try:
                refused = server.send_message(msg, to_addrs=to)
            except smtplib.SMTPRecipientsRefused as exc:  # every recipient refused: nothing was sent
                refused = exc.recipients
        return {
            addr: (int(code), one_line(reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply))
            for addr, (code, reply) in refused.items()
        }
    except MailError:
        raise
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"{where}: {one_line(exc) or type(exc).__name__}; the mail was not sent") from exc
