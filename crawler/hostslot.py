"""Per-host concurrency keyed by host AND port: one downloader slot per ``host:port``.

Why: Scrapy's ``CONCURRENT_REQUESTS_PER_DOMAIN`` counts per downloader slot, and the slot key is the
hostname alone, so sites served from one address on different ports (common on campus: the main site
on :80, a 站群 sub-system or 信息公开 on :8080) share one host's concurrency. Scrapy also keeps a
request's slot through redirects (the new request copies ``meta["download_slot"]``), so a redirect to
another host queued behind the first host. This middleware sets ``download_slot`` to the URL's
``host:port`` on every request and redirect hop, before the downloader picks the slot.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy.utils.httpobj import urlparse_cached


def host_port(url: str) -> str:
    """``host:port`` of a URL (the scheme's default port when none is written)."""
    return _key(urlsplit(url))


def _key(parts: Any) -> str:
    try:
        port = parts.port
    except ValueError:  # an unreadable port: the fetch will fail anyway, keyed by what is written
        port = None
    return f"{(parts.hostname or '').lower()}:{port or (443 if parts.scheme == 'https' else 80)}"


class HostPortSlot:
    """Downloader middleware: ``meta["download_slot"] = host:port`` for every request it sees."""

    def process_request(self, request: Any) -> None:
        request.meta["download_slot"] = _key(urlparse_cached(request))
