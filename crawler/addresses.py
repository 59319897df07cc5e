"""Which addresses a crawl may connect to (pure: names and addresses in, a verdict out).

Crawled pages are written by whoever hacked the site, so a link or a redirect must not make the
monitor reach its own machine, the cloud metadata service (169.254.169.254, Alibaba's 100.100.100.200)
or the campus network behind it. Public addresses are always fine; a non-public one only when the
host *name* is one the operator configured (a site, section or linked_from URL: an intranet site
monitored on purpose) or the address lies in ``[monitor] allow_networks``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def host_key(host: str) -> str:
    """One spelling per host name: lower case, no trailing dot, no IPv6 brackets, IDNA for Chinese names."""
    host = host.strip().strip("[]").rstrip(".").lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def url_host(url: str) -> str:
    """``host_key`` of a URL's host; "" when it has none or cannot be parsed."""
    try:
        return host_key(urlsplit(url).hostname or "")
    except ValueError:
        return ""


def as_ip(host: str) -> IPAddress | None:
    """The address when ``host`` is an IP literal (``127.0.0.1``, ``::1``), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None


def _embedded_v4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, 6to4, Teredo or NAT64 IPv6 address."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_kind(ip: IPAddress) -> str | None:
    """Why ``ip`` is not public (loopback, link-local, private, …), or None for a public address."""
    inner = _embedded_v4(ip)
    if inner is not None:
        return address_kind(inner)
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "shared (CGNAT)"
    if ip.is_multicast:
        return "multicast"
    if ip.is_private:
        return "private"
    if ip.is_reserved or not ip.is_global:
        return "reserved"
    return None


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """``allow_networks`` entries as networks (already validated by the config loader)."""
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values)


@dataclass(frozen=True)
class AddressPolicy:
    """Host names allowed whatever they resolve to, and networks allowed whatever the name."""

    allowed_hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def build(cls, hosts: Iterable[str], networks: Iterable[str]) -> AddressPolicy:
        return cls(frozenset(host_key(h) for h in hosts if h), parse_networks(networks))

    def refusal(self, host: str, address: str) -> str | None:
        """None when connecting to ``address`` (resolved from ``host``) is allowed; else a phrase
        saying what kind of address it is."""
        if host_key(host) in self.allowed_hosts:
            return None
        ip = as_ip(address)
        if ip is None:  # not an address at all: nothing to connect to
            return "not an IP address"
        kind = address_kind(ip)
        if kind is None or self._allowed_network(ip):
            return None
        return kind

    def literal_refusal(self, host: str) -> str | None:
        """``refusal`` for a host written as an IP literal; None for names (the resolver judges those)."""
        ip = as_ip(host)
        return None if ip is None else self.refusal(host, str(ip))

    def _allowed_network(self, ip: IPAddress) -> bool:
        inner = _embedded_v4(ip)
        candidates = [ip] if inner is None else [ip, inner]
        return any(c.version == n.version and c in n for c in candidates for n in self.networks)


def refusal_message(host: str, address: str, kind: str) -> str:
    """The one line a finding shows for a refused address."""
    what = f"{address} is" if host_key(host) == host_key(address) else f"{host} resolves to {address},"
    return (
        f"not checked: {what} a {kind} address; the monitor connects there only for the configured "
        f"sites' own hosts or addresses in [monitor] allow_networks"
    )
