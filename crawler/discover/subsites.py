"""Department sub-sites (站群): which links on a school's own pages lead to another site of the same school.

A university's 院系设置 / 机构设置 / 二级网站 menus link to sites on other hosts (``cs.xxx.edu.cn``,
``xxgk.xxx.edu.cn``). They are the school's when the host shares the home's registrable domain, read from the
Public Suffix List (``edu.cn``, ``gov.cn``, ``com.cn`` are suffixes, so ``cs.xxx.edu.cn`` belongs to
``xxx.edu.cn`` and ``xxx.edu.cn.evil.com`` to ``evil.com``). A bureau on a government's domain
(``jyj.changsha.gov.cn``) is not the whole city's government: its sub-sites must lie under its own host. An
IP-literal home (an intranet site, the tests' loopback servers) owns the same address on any port, and a
loopback home every loopback address. Gov portals, 备案 links and share buttons are other domains: never
followed. Pure functions: URLs in, verdicts out.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from crawler.discover.judge import OTHER_TEXT, PageFacts, url_verdict
from crawler.extract.urls import site_domain

MAX_TEXT = 20  # a department's name in a menu (外国语学院（国际教育学院）), not a post's title
# hosts of services, not sites with columns: mail, VPN, sign-on, the 网上办事大厅, mirrors
SERVICE_HOST = re.compile(
    r"^(mail|email|webmail|exmail|vpn|webvpn|sslvpn|ehall|ids|cas|sso|authserver|passport|pan|yun|mirrors?|"
    r"ftp|dns|ntp|portal|my|one|ca|pay|jwxt|xk|card|ecard)\d*\.",
    re.I,
)
GOVERNMENT_SUFFIX = re.compile(r"(^|\.)gov(\.[a-z]{2})?$")
DISCLOSURE_TEXT = re.compile(r"信息公开")  # the 信息公开网 stays part of the main site (crawler.discover.follow)


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def site_key(url: str) -> str:
    """One key per site address: host without ``www.``, with its port when not the default (``cs.x.edu.cn:8080``)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return url
    host = host[4:] if host.startswith("www.") else host
    try:
        port = parts.port
    except ValueError:
        port = None
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return f"{host}:{port}" if port and port != default else host


def same_school(home: str, url: str) -> bool:
    """Whether ``url`` is on a site of the school whose home is ``home`` (its own host included)."""
    try:
        home_host = (urlsplit(home).hostname or "").lower().rstrip(".")
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:  # a hostile page's broken address (http://[x/): not the school's
        return False
    if not home_host or not host:
        return False
    home_ip, ip = _ip(home_host), _ip(host)
    if home_ip is not None or ip is not None:
        if home_ip is None or ip is None:
            return False
        return ip == home_ip or (home_ip.is_loopback and ip.is_loopback)
    domain = site_domain(home_host)
    if site_domain(host) != domain:
        return False
    base = home_host[4:] if home_host.startswith("www.") else home_host
    if GOVERNMENT_SUFFIX.search(domain.split(".", 1)[-1]) and base != domain:
        return host == base or host.endswith("." + base)  # a bureau's sub-sites, not the city's other bureaus
    return True


def subsite_home(url: str) -> str:
    """Where a sub-site is read from: the link itself when it names a site's front (``/``, ``/index.htm``,
    ``/jsjxy/``), else the host's root (a link straight to one of its posts)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) <= 1 and not parts.query:
        return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def subsite_links(facts: PageFacts, home: str, own: set[str]) -> list[tuple[str, str]]:
    """(url, anchor text) of the links on a main-site page that lead to another site of the same school.

    ``own``: ``site_key`` of the hosts the main site already reads (its home, redirects, the 信息公开网).
    A menu-like text is needed (a department's name, not a post title, not 网站地图); login, search and file
    addresses and service hosts (mail, VPN) are not sites."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for url, text in facts.links:
        key = site_key(url)
        text = text.strip()
        if key in own or key in seen or not same_school(home, url):
            continue
        if not text or len(text) > MAX_TEXT or OTHER_TEXT.match(text) or DISCLOSURE_TEXT.search(text):
            continue
        if SERVICE_HOST.match(urlsplit(url).hostname or "") or url_verdict(url):
            continue
        seen.add(key)
        out.append((url, text))
    return out


def offsite_hosts(facts: PageFacts, home: str) -> set[str]:
    """Hosts a page links that belong to no site of the school (gov portals, 备案, share buttons): counted only."""
    return {site_key(u) for u, _ in facts.links if not same_school(home, u)}
