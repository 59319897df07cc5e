"""URL identity as people mean it, shared by footer checks and post storage."""
from __future__ import annotations

from urllib.parse import urlsplit


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
