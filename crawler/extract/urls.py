"""URL identity as people mean it: the post key (footer checks, post storage) and a host's site.

Registrable domains come from tldextract's bundled Public Suffix List snapshot: never fetched from the
internet (``suffix_list_urls=()``), never cached on disk; the crawl must not depend on a download.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def normalise_url(url: str) -> str:
    """Compare URLs the way people mean them: no scheme, no ``www.``, no trailing slash, no default port.

    Posts are stored under this key too, so a site that moves to https (or drops ``www.``) does not
    count every post twice.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    path = parts.path.rstrip("/")
    return netloc + path + (f"?{parts.query}" if parts.query else "")


@lru_cache(maxsize=4096)
def site_domain(host: str) -> str:
    """The registrable domain: ``www.xxx.edu.cn`` → ``xxx.edu.cn``, ``foo.co.jp`` → ``foo.co.jp``,
    ``a.b.com`` → ``b.com``. An IP address, or a name under no public suffix (an intranet or test host),
    is its own site when it has two labels or fewer, else its last two labels."""
    host = (host or "").lower().rstrip(".")
    if not host or re.fullmatch(r"[\d.]+", host) or ":" in host:
        return host
    found = _EXTRACT(host)
    if found.suffix and found.domain:
        return f"{found.domain}.{found.suffix}"
    return ".".join(host.split(".")[-2:])
