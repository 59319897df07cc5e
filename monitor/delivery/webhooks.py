"""Chat webhooks (WeCom, DingTalk, Feishu, ... through Apprise): one message per digest.

Why apart from the outbox: a webhook is one more channel the outbox delivers to, and its entry may carry
a token, so it is named everywhere by ``hook_label`` (never with the token). Apprise is optional
(``pip install 'campus-monitor[chat]'``), so it is imported only when a message is sent.
"""

from __future__ import annotations

import os

from monitor.errors import MailError


def webhook_url(entry: str) -> str:
    """A webhook entry is an Apprise URL, or ``env:NAME`` to keep the token in the environment."""
    if entry.startswith("env:"):
        value = os.environ.get(entry[4:], "")
        if not value:
            raise MailError(f"webhook {entry}: environment variable {entry[4:]} is not set")
        return value
    return entry


def hook_label(entry: str) -> str:
    """How a webhook is named in messages: never with its token."""
    return entry if entry.startswith("env:") else entry.split("://")[0] + "://…"


def send_webhook(entry: str, title: str, body: str) -> None:
    try:
        import apprise  # optional: pip install 'campus-monitor[chat]'
    except ImportError:
        raise MailError(
            f"webhook {hook_label(entry)}: the optional package apprise is not installed;"
            " pip install 'campus-monitor[chat]'"
        ) from None
    url = webhook_url(entry)
    notifier = apprise.Apprise()
    if not notifier.add(url):
        raise MailError(f"webhook {hook_label(entry)}: not a URL apprise understands")
    if not notifier.notify(title=title, body=body):
        raise MailError(f"webhook {hook_label(entry)}: delivery failed (see the log for apprise's reason)")
