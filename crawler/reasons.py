"""``Reason``: why a fetch or a link check did not give a plain answer, one string enum for every stage.

Why one type: the crawler writes these strings (``crawler.errors``, the link checker, the bounds), the
store keeps them, the checks sort them (``UNVERIFIED``) and the alerts word them; a typo in any of those
places silently never matched. ``StrEnum`` members are the stored strings themselves.
HTTP statuses are ``http_<status>`` (``http_reason``); ``family`` groups them (``http_5xx``).
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    DNS = "dns"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    TLS = "tls"
    REDIRECT_LOOP = "redirect_loop"
    TOO_LARGE = "too_large"
    CONNECTION = "connection"
    ERROR = "error"  # anything else the download failed with
    SOFT_404 = "soft_404"  # answers 200 but says the page does not exist
    LOGIN_REQUIRED = "login_required"
    RATE_LIMITED = "rate_limited"  # kept answering 429
    SCHEME_NOT_CHECKED = "scheme_not_checked"  # file:, ftp:, … (crawler.fetchpolicy)
    PRIVATE_ADDRESS = "private_address"  # loopback, link-local, private (crawler.fetchpolicy)
    BUDGET_EXHAUSTED = "budget_exhausted"  # [monitor] max_requests_per_site (crawler.bounds)
    DEADLINE = "deadline"  # [monitor] max_crawl_minutes (crawler.bounds); also a finish_reason
    STORAGE_ERROR = "storage_error"  # finish_reason: the disk failed (crawler.storeguard)
    HTTP_404 = "http_404"
    HTTP_4XX = "http_4xx"  # a family (``family``), never stored
    HTTP_5XX = "http_5xx"  # a family (``family``), never stored


def http_reason(status: int) -> str:
    """``http_503`` for 503: the stored reason for an HTTP error status."""
    return f"http_{status}"


def http_status(reason: str) -> int | None:
    """503 for ``http_503``; None for a reason that is not an HTTP status."""
    code = reason[5:] if reason.startswith("http_") else ""
    return int(code) if code.isdigit() else None


def family(reason: str) -> str:
    """The key a table of wordings is looked up by: ``http_503`` → ``http_5xx``, ``http_403`` →
    ``http_4xx``, ``http_404`` and every other reason as it is."""
    status = http_status(reason)
    if status is None or status == 404:
        return reason
    return f"http_{status // 100}xx"
