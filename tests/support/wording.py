"""Is a mail all Chinese? ``english_words`` lists the ASCII words our own wording left in a digest.

Allowed, because they are not prose: URLs, reason codes and config keys (snake_case, or a code in
parentheses like ``(timeout)``), text quoted from a page or the config (“…”, 「…」), product and standard
names (HTTP, ICP, CSV, Excel, campus-monitor) and the time zone name.
"""
from __future__ import annotations
import re
from html.parser import HTMLParser
from monitor.templating import URL_TOKEN

ALLOWED = ("campus-monitor", "Asia/Shanghai", "HTTP", "ICP", "TLS", "CSV", "Excel")


def english_words(text: str) -> list[str]:
    text = URL_TOKEN.sub(" ", text)
    text = re.sub(r"[\w.-]+\.csv\b", " ", text)  # the attachment's file name
    text = re.sub(r"“[^”]*”|「[^」]*」", " ", text)  # quoted page or config text
    text = re.sub(r"\((?:[a-z0-9_]+)\)", " ", text)  # reason codes: (timeout), (http_404)
    text = re.sub(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", " ", text)  # codes and config keys: max_links_per_page
    text = re.sub(r"\[\[?[a-z.]+\]\]?", " ", text)  # config tables: [monitor], [[sites]]
    for word in ALLOWED:
        text = text.replace(word, " ")
    return re.findall(r"[A-Za-z]{2,}", text)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(page: str) -> str:
    """What a reader sees of an HTML part (tag names and attributes are not wording)."""
    parser = _Text()
    parser.feed(page)
    return "\n".join(parser.parts)
