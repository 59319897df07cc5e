"""Turn a Twisted/Scrapy failure into the short reasons findings use (``crawler.reasons.Reason``)."""

from __future__ import annotations

from scrapy import exceptions as sx
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx
from twisted.python.failure import Failure

from crawler.bounds import BodyTooLarge, BudgetExhausted, DeadlineReached
from crawler.fetchpolicy import AddressRefused, SchemeNotFetched
from crawler.reasons import Reason, http_reason


def _scrapy(name: str) -> tuple[type, ...]:
    found = getattr(sx, name, None)
    return (found,) if found else ()


def failed_request(failure: Failure) -> Request:
    """The request an errback's failure is about: Scrapy sets ``failure.request``, Twisted's type lacks it."""
    request: Request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on every errback failure
    return request


def classify_failure(failure: Failure) -> tuple[int | None, str, str]:
    """(HTTP status or None, reason, one-line error) for a failed request."""
    exc = failure.value
    message = " ".join(str(exc).split())[:300] or type(exc).__name__
    if isinstance(exc, HttpError):
        status = exc.response.status
        return status, http_reason(status), f"HTTP {status}"
    if failure.check(SchemeNotFetched):  # file:, ftp:, … never fetched (crawler.fetchpolicy)
        return None, Reason.SCHEME_NOT_CHECKED, message
    if failure.check(AddressRefused):  # loopback, link-local, private address refused
        return None, Reason.PRIVATE_ADDRESS, message
    if failure.check(BudgetExhausted):  # [monitor] max_requests_per_site (crawler.bounds)
        return None, Reason.BUDGET_EXHAUSTED, message
    if failure.check(DeadlineReached):  # [monitor] max_crawl_minutes (crawler.bounds)
        return None, Reason.DEADLINE, message
    if isinstance(exc, BodyTooLarge):  # streamed body (no Content-Length) over max_page_bytes
        return None, Reason.TOO_LARGE, f"page larger than {exc.limit} bytes ([monitor] max_page_bytes); not downloaded"
    # Scrapy >= 2.14 wraps Twisted's errors in its own download exceptions; accept both.
    if failure.check(tx.DNSLookupError, *_scrapy("CannotResolveHostError")):
        return None, Reason.DNS, "host name not found (DNS)"
    if failure.check(tx.ConnectionRefusedError, *_scrapy("DownloadConnectionRefusedError")):
        return None, Reason.REFUSED, "connection refused"
    if failure.check(tx.TimeoutError, tx.TCPTimedOutError, *_scrapy("DownloadTimeoutError")):
        return None, Reason.TIMEOUT, "timed out"
    if "timeout" in message.lower() or "took longer than" in message:
        return None, Reason.TIMEOUT, "timed out"
    if "max size" in message or "maxsize" in message:
        return None, Reason.TOO_LARGE, "page larger than [monitor] max_page_bytes; not downloaded"
    if "SSL" in message or "certificate" in message.lower() or "tls" in type(exc).__name__.lower():
        return None, Reason.TLS, f"TLS/certificate error: {message}"
    if failure.check(IgnoreRequest) and "redirect" in message.lower():
        return None, Reason.REDIRECT_LOOP, "redirect loop or too many redirects"
    if failure.check(tx.ConnectionLost, tx.ConnectionDone, tx.ConnectError):
        return None, Reason.CONNECTION, f"connection failed: {message}"
    return None, Reason.ERROR, message
