"""Jinja2 templates (monitor/templates/, autoescaped) and the one way page text becomes HTML links.

Why a template engine: mail and report HTML used to be built with f-strings and escaped by hand, and the
digest turned URLs into links by replacing them one by one in text that was already escaped; a URL that
was a prefix of another then put an ``<a>`` inside an ``href``, and a mail client read the rest of the
attacker's URL as an ``onmouseover`` attribute. Here every value is escaped by Jinja2's autoescape, and
``linkify`` splits the raw text once into URL and non-URL tokens, escapes each and wraps each whole URL
token in one ``<a>``: nothing it produced is ever scanned again.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

# An http(s) URL runs until whitespace, a control character, a quote or bracket that cannot be part of a
# URL in our texts, or the CJK punctuation our wording puts around URLs (“…”, （…）, ：).
URL_TOKEN = re.compile(r"""https?://[^\s\x00-\x1f\x7f<>"'`“”‘’（）：，。、；！？【】《》「」]+""", re.IGNORECASE)


def safe_href(url: str | None) -> str | None:
    """Only http(s) URLs may become links (never javascript:, data:, file:); None for the rest."""
    if not url or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    return url if url[:8].lower().startswith(("http://", "https://")) else None


def linkify(text: Any) -> Markup:
    """Escaped ``text`` with every whole http(s) URL token wrapped in one ``<a>`` (one regex pass)."""
    text = "" if text is None else str(text)
    out: list[str] = []
    pos = 0
    for match in URL_TOKEN.finditer(text):
        out.append(escape(text[pos : match.start()]))
        url = match.group(0)
        out.append(Markup('<a href="{0}">{0}</a>').format(url))  # format() escapes the URL, quotes included
        pos = match.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


@cache
def environment() -> Environment:
    """One autoescaping environment for every template; missing values are errors, not empty strings."""
    env = Environment(
        loader=PackageLoader("monitor", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["linkify"] = linkify
    env.filters["safe_href"] = safe_href
    return env


def render(template: str, **values: Any) -> str:
    """``template`` (a file name under monitor/templates/) rendered with ``values``."""
    return environment().get_template(template).render(**values)
