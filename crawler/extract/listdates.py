"""Which article pages a list page needs for its dates, and the dates once they are read.

Lists with full dates need nothing. A year-less list (``[06-20]``) needs one anchor: the article page
of its first unpinned year-less post, or the last resolved date of the previous list page; the rest
take their years from the list order (``dates.resolve_years``). Pinned year-less posts, posts with no
date in the list, and every post of a ``date_source = "article"`` section are dated from their own
article pages. A post whose article page gives no date stays undated (None): no date is invented.
Rows without a followable link (``ListItem.link`` False) are never fetched: their list date is all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from crawler.extract.dates import resolve_years
from crawler.extract.listpage import ListItem

# attachments listed as posts (信息公开 columns often link files directly): no page to read a date from
_FILE = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|wps|et|zip|rar|7z|jpe?g|png|gif|mp4|mp3|txt|ofd)$", re.I)


def readable(url: str) -> bool:
    """Whether ``url`` is likely an HTML page (not an attachment) whose date can be read."""
    return not _FILE.search(urlsplit(url).path)


@dataclass
class DatePlan:
    article_urls: list[str]  # article pages to fetch, in list order, without repeats
    anchor_url: str | None  # the one whose date anchors the year-less dates (also in article_urls)


def plan_dates(items: list[ListItem], anchor: date | None, date_source: str = "list") -> DatePlan:
    """The article pages needed to date ``items``."""
    urls: list[str] = []
    anchor_url = None
    for item in items:
        if not item.link:
            continue
        if date_source == "article" or (item.published is None and (item.month_day is None or item.pinned)):
            urls.append(item.url)
        elif item.published is None and anchor is None and anchor_url is None and readable(item.url):
            anchor_url = item.url
            urls.append(item.url)
    return DatePlan([u for u in dict.fromkeys(urls) if readable(u)], anchor_url)


def resolve_dates(
    items: list[ListItem], article_dates: Mapping[str, date | None], anchor: date | None, date_source: str = "list"
) -> tuple[list[date | None], date | None]:
    """(a date or None per item, the anchor for the next list page of the same section)."""
    if date_source == "article":
        return [(article_dates.get(i.url) if i.link else None) or i.published for i in items], anchor
    unpinned_md = [
        i for i in items if i.published is None and i.month_day and not i.pinned and i.link and readable(i.url)
    ]
    if anchor is None and unpinned_md:
        anchor = article_dates.get(unpinned_md[0].url)
    years: list[date | None] = [None] * len(items)
    if anchor is not None:
        years = resolve_years(
            [i.month_day if i.published is None else None for i in items], anchor, [i.pinned for i in items]
        )
    out: list[date | None] = []
    next_anchor = anchor
    for item, resolved in zip(items, years, strict=True):
        if item.published:
            out.append(item.published)
        elif resolved:
            out.append(resolved)
            next_anchor = resolved
        else:
            out.append(article_dates.get(item.url) if item.link else None)
    return out, next_anchor
