"""One page fetched outside Scrapy (``campus-monitor inspect``) under the crawl's rules.

Why: ``inspect`` reads a page the operator names, and with ``--article-dates`` the article pages that page
links to — URLs an attacker may have written. So it obeys what a crawl obeys (README "Security and
limits"): http(s) only; no loopback, link-local or private address except the host the operator named
and ``[monitor] allow_networks``, judged on every redirect hop; no body larger than ``max_page_bytes``,
with or without Content-Length. Each refusal is one line (``UsageError``), never a traceback.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from crawler.addresses import AddressPolicy, refusal_message
from crawler.extract.encoding import charset_from_content_type
from crawler.settings import USER_AGENT
from monitor.errors import UsageError

MAX_REDIRECTS = 10
CHUNK = 64 * 1024


@dataclass
class Fetched:
    body: bytes
    charset: str | None  # from the Content-Type header
    url: str  # after redirects


def _check_address(url: str, policy: AddressPolicy) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{url}: not fetched: only http:// and https:// pages are read")
    host = parts.hostname
    try:
        infos = socket.getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError):
        raise UsageError(f"{url}: cannot connect (host not found); check the URL") from None
    for info in infos:
        address = str(info[4][0])
        kind = policy.refusal(host, address)
        if kind:
            raise UsageError(f"{url}: {refusal_message(host, address, kind)}")


def safe_get(url: str, timeout: float, policy: AddressPolicy, max_bytes: int) -> Fetched:
    """GET ``url`` following at most ``MAX_REDIRECTS`` redirects, each hop checked like the first."""
    import requests

    for _ in range(MAX_REDIRECTS + 1):
        _check_address(url, policy)
        try:
            resp = requests.get(
                url, timeout=timeout, headers={"User-Agent": USER_AGENT}, allow_redirects=False, stream=True
            )
        except requests.Timeout:
            raise UsageError(f"{url}: no answer within {timeout:g} s; check the URL, or try --timeout 60") from None
        except requests.exceptions.SSLError:
            raise UsageError(f"{url}: TLS/certificate error; check the address (http:// or https://)") from None
        except requests.ConnectionError:
            raise UsageError(f"{url}: cannot connect (host not found or connection refused); check the URL") from None
        except requests.RequestException as exc:
            raise UsageError(f"{url}: cannot fetch the page ({type(exc).__name__})") from exc
        with resp:
            if resp.is_redirect and resp.headers.get("Location"):
                url = urljoin(url, resp.headers["Location"])
                continue
            if resp.status_code >= 400:
                raise UsageError(f"{url}: the server answered HTTP {resp.status_code}; check the URL in a browser")
            body = bytearray()
            try:
                for chunk in resp.iter_content(CHUNK):
                    body += chunk
                    if len(body) > max_bytes:
                        raise UsageError(
                            f"{url}: page larger than {max_bytes} bytes ([monitor] max_page_bytes); not read"
                        )
            except requests.RequestException as exc:
                raise UsageError(f"{url}: the page broke off while it was read ({type(exc).__name__})") from None
            return Fetched(bytes(body), charset_from_content_type(resp.headers.get("Content-Type")), resp.url)
    raise UsageError(f"{url}: more than {MAX_REDIRECTS} redirects (a redirect loop?); check the URL in a browser")
