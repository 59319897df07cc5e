"""What a crawl may fetch: http(s) only, and only to allowed addresses (see ``crawler.addresses``).

Two Scrapy components, both configured in ``crawler/settings.py``:

- ``PolicyResolver`` (``TWISTED_DNS_RESOLVER``): every connection the HTTP handler opens asks the
  reactor's resolver for the address, so the check sits where the address is used. A name that
  resolves to a forbidden address resolves to nothing; there is no second lookup an attacker's DNS
  could answer differently (DNS rebinding).
- ``FetchPolicyMiddleware`` (downloader middleware): refuses any request whose scheme is not http(s)
  and any IP-literal host that is forbidden, before a connection is tried. Redirect, meta-refresh and
  retry requests are new requests and pass through it again. It also turns the resolver's refusal
  (a DNS failure) into ``AddressRefused`` so findings say ``private_address``, not ``dns``, and the
  refusal is not retried.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import exceptions as scrapy_exceptions
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from crawler.addresses import AddressPolicy, host_key, refusal_message, url_host

FETCHED_SCHEMES = ("http", "https")
ALLOWED_HOSTS_SETTING = "CAMPUS_MONITOR_ALLOWED_HOSTS"
ALLOW_NETWORKS_SETTING = "CAMPUS_MONITOR_ALLOW_NETWORKS"

# Scrapy >= 2.14 wraps Twisted's DNSLookupError in its own CannotResolveHostError
DNS_ERRORS: tuple[type, ...] = (
    DNSLookupError,
    *(e for e in [getattr(scrapy_exceptions, "CannotResolveHostError", None)] if e),
)
# host -> (address, kind) the resolver refused in this process; read back to name the failure
REFUSED: dict[str, tuple[str, str]] = {}


class SchemeNotFetched(IgnoreRequest):
    """A request for file:, ftp:, data:, s3: … : never fetched (reason ``scheme_not_checked``)."""


class AddressRefused(IgnoreRequest):
    """A request to a loopback/link-local/private address (reason ``private_address``)."""


class _Refused(DNSLookupError):
    """The resolver's refusal: a DNS failure to Twisted (so nothing is connected, nothing is logged)."""


def policy_settings(config: Any) -> dict[str, Any]:
    """The Scrapy settings that carry the address policy from the config to the components."""
    urls = [u for site in config.sites for u in [site.url, *(sec.url for sec in site.sections), *site.linked_from]]
    # a proxy from http_proxy/https_proxy is the operator's choice too (Scrapy's HttpProxyMiddleware)
    urls += [v for k, v in urllib.request.getproxies().items() if k in FETCHED_SCHEMES]
    return {
        ALLOWED_HOSTS_SETTING: sorted({url_host(u) for u in urls} - {""}),
        ALLOW_NETWORKS_SETTING: list(getattr(config, "allow_networks", [])),
    }


def policy_from(settings: Any) -> AddressPolicy:
    return AddressPolicy.build(settings.getlist(ALLOWED_HOSTS_SETTING), settings.getlist(ALLOW_NETWORKS_SETTING))


class PolicyResolver(CachingThreadedResolver):
    """Scrapy's default resolver (IPv4, DNS_TIMEOUT, cache) that answers nothing for forbidden addresses."""

    def __init__(self, reactor: Any, cache_size: int, timeout: float, policy: AddressPolicy):
        super().__init__(reactor, cache_size, timeout)
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> PolicyResolver:
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, cache_size, settings.getfloat("DNS_TIMEOUT"), policy_from(settings))

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # Twisted's naming
        # the cache holds raw answers; every lookup, cached or not, is judged here
        return super().getHostByName(name, timeout).addCallback(self._judge, name)

    def _judge(self, address: str, name: str) -> str:
        kind = self.policy.refusal(name, address)
        if kind is not None:
            REFUSED[host_key(name)] = (address, kind)
            raise _Refused(f"{name} resolves to {address}, a {kind} address")
        return address


class FetchPolicyMiddleware:
    """Refuse non-http(s) requests and forbidden IP literals; name the resolver's refusals."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Any) -> FetchPolicyMiddleware:
        return cls(policy_from(crawler.settings))

    def process_request(self, request: Request) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in FETCHED_SCHEMES:
            raise SchemeNotFetched(f"not checked: only http and https links are fetched ({parts.scheme}: link)")
        host = parts.hostname or ""
        kind = self.policy.literal_refusal(host)
        if kind is not None:
            raise AddressRefused(refusal_message(host, host, kind))
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        """A redirect to file:/ftp: is not followed (RedirectMiddleware passes it on as a 3xx): say why."""
        if 300 <= response.status < 400 and b"Location" in response.headers:
            location = (response.headers[b"Location"] or b"").decode("latin-1").strip()
            try:
                scheme = urlsplit(urljoin(request.url, location)).scheme
            except ValueError:  # unparsable: RedirectMiddleware has already declined it
                return response
            if scheme not in FETCHED_SCHEMES:
                raise SchemeNotFetched(f"not checked: redirects to a {scheme}: URL, which is never fetched")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, DNS_ERRORS):
            host = urlparse_cached(request).hostname or ""
            refused = REFUSED.get(host_key(host))
            if refused is not None:
                raise AddressRefused(refusal_message(host, *refused)) from exception
        return None
