"""Which links of a page discovery follows: the site's navigation, not its posts.

Menus, drop-downs, sidebars and 更多 links carry short texts; post links carry long titles and are the
items of the page's own list. Other hosts are followed only when the link names the disclosure sub-site
(信息公开网) — department sub-sites (站群) are sites of their own (``crawler.discover.subsites``: the spider reads
them as separate sites).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.discover.judge import OTHER_TEXT, PageFacts, url_verdict
from crawler.extract import pagination as pg

DISCLOSURE_TEXT = re.compile(r"信息公开")
MAX_NAV_TEXT = 16


def netloc(url: str) -> str:
    return urlsplit(url).netloc.lower()


def nav_links(facts: PageFacts, hosts: set[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]], set[str]]:
    """(links to follow, links skipped by their address with the reason, new hosts to allow).

    ``hosts``: the site's own host and the disclosure sub-sites found so far. A page's own list items and
    its pager's pages are not followed (posts are not columns; later pages belong to this column)."""
    follow: list[tuple[str, str]] = []
    skipped: list[tuple[str, str]] = []
    new_hosts: set[str] = set()
    own = set(facts.pages) | {facts.url}
    seen: set[str] = set()
    for url, text in facts.links:
        title = facts.titles.get(url)
        if url in seen or url in own or (title is not None and (not text or text in title or title in text)):
            continue  # a post of the page's list (the same URL under a menu's short text is still followed)
        seen.add(url)
        host = netloc(url)
        if host not in hosts and host not in new_hosts:
            if DISCLOSURE_TEXT.search(text) and len(text) <= MAX_NAV_TEXT:
                new_hosts.add(host)
            else:
                continue
        if len(text) > MAX_NAV_TEXT or OTHER_TEXT.match(text.strip()):
            continue
        if text and pg.is_pager_word(text) and "更多" not in text and "more" not in text.lower():
            continue
        why = url_verdict(url)
        if why:
            skipped.append((url, why))
            continue
        follow.append((url, text))
    return follow, skipped, new_hosts
