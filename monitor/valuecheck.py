"""Strict checks of values a person writes (config keys, command options): URLs, numbers, one-line strings.

``urlsplit`` accepts ``http://127.0.0.1:99999/`` and raises on ``http://[::1/`` only when ``.port`` or
``.hostname`` is read, deep in a crawl; a huge number reaches ``timedelta`` or Twisted mid-crawl. Here each
becomes one phrase (or None when fine) that the caller prefixes with the key or option that held it.
"""

from __future__ import annotations

import ipaddress
import math
import re
from typing import Any
from urllib.parse import urlsplit

HTTP = ("http", "https")
EXAMPLE = "https://www.school.edu.cn/"
_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")


def _port_problem(text: str, port: str) -> str | None:
    if port == "":
        return None  # "host:" means the default port (RFC 3986)
    if not port.isascii() or not port.isdigit():
        return f"{text!r}: port {port!r} is not a number; a port is a number from 1 to 65535"
    if not 1 <= int(port) <= 65535:
        return f"{text!r}: port {int(port)} is out of range; a port is a number from 1 to 65535"
    return None


def _host_problem(text: str, host: str) -> str | None:
    """A DNS name (IDN allowed), an IPv4 address, or ``[IPv6]``."""
    if host.startswith("[") or host.endswith("]"):
        inner = host[1:-1] if host.startswith("[") and host.endswith("]") else None
        try:
            ipaddress.IPv6Address(inner or "")
        except ValueError:
            return (
                f"{text!r}: the [ ] around an IPv6 address are unbalanced or hold no IPv6 address; "
                "write it like http://[2001:db8::1]:8080/"
            )
        return None
    if ":" in host:
        return f"{text!r}: an IPv6 address goes in [ ], like http://[2001:db8::1]/"
    try:
        ascii_host = host.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        ascii_host = ""
    labels = ascii_host.split(".")
    if not ascii_host or len(ascii_host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return f"{text!r}: {host!r} is not a valid host name; check the spelling"
    return None


def url_problem(value: object, schemes: tuple[str, ...] = HTTP) -> str | None:
    """None when ``value`` is a well-formed URL with one of ``schemes`` and a host, else what is wrong."""
    if not isinstance(value, str):
        return "must be a string URL"
    text = value.strip()
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
        return f"{text!r} contains spaces or control characters; write the address without them (a space is %20)"
    try:
        parts = urlsplit(text)
    except ValueError:  # unbalanced [ ] (Python checks them while splitting)
        return _host_problem(text, "[") or "not a URL"
    scheme = parts.scheme.lower()
    if scheme not in schemes or not parts.netloc.rpartition("@")[2]:
        wanted = "an http(s) URL" if schemes == HTTP else f"a {'/'.join(schemes)} URL"
        return f"{text!r} is not {wanted} with a host; write the full address such as {EXAMPLE}"
    hostport = parts.netloc.rpartition("@")[2]
    if hostport.startswith("["):
        host, close, rest = hostport.partition("]")
        host += close
        if rest and not rest.startswith(":"):
            return _host_problem(text, "[")
        port = rest[1:]
    else:
        host, _, port = hostport.rpartition(":") if hostport.count(":") == 1 else (hostport, "", "")
    return _host_problem(text, host) or _port_problem(text, port)


def any_scheme_problem(value: str) -> str | None:
    """For URLs of other schemes (apprise's ``dingtalk://token/``): only what would break every parser."""
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 (reading it validates it)
    except ValueError as exc:
        if "IPv6" in str(exc) or "IPv4" in str(exc):
            return _host_problem(value.strip(), "[")
        return f"{value.strip()!r}: {exc}; check the port"
    return None


class IntRange:
    """A whole number in [minimum, maximum]; ``bounds`` is what README's "Configuration ranges" table shows."""

    def __init__(self, minimum: float, maximum: float | None = None):
        self.bounds = (minimum, maximum)

    def __call__(self, value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be a whole number"
        low, high = self.bounds
        if high is None:
            return None if value >= low else f"must be at least {low:,}"
        return None if low <= value <= high else f"{value} is out of range; use a whole number from {low:,} to {high:,}"


class NumberRange(IntRange):
    """A whole or decimal number in [minimum, maximum] (``max_crawl_minutes = 0.1`` is six seconds)."""

    def __call__(self, value: Any) -> str | None:
        low, high = self.bounds
        high = math.inf if high is None else high  # always given here; None would mean "no maximum"
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            return f"must be a number from {low:,} to {high:,} (fractions allowed)"
        return (
            None
            if low <= value <= high
            else f"{value} is out of range; use a number from {low:,} to {high:,} (fractions allowed)"
        )


def line_problem(value: Any) -> str | None:
    """A string that becomes a file name or an HTTP header: not empty, no NUL, no line break."""
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return f"{value!r} contains control characters (a line break, a NUL); remove them"
    return None
