"""Progress: one line per finished section plus a heartbeat, on stderr; Scrapy's own log goes to a file."""

from __future__ import annotations

import sys
import time
from typing import Any

from scrapy import signals

from crawler.items import SectionDoneItem


class Progress:
    def __init__(self, enabled: bool, total: int, interval: float = 5.0):
        self.enabled = enabled
        self.total = total  # sections in this crawl (CAMPUS_MONITOR_SECTIONS)
        self.interval = interval
        self.pages = 0
        self.done = 0
        self.last = time.monotonic()
        self.out = sys.stderr

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        ext = cls(
            crawler.settings.getbool("CAMPUS_MONITOR_PROGRESS", True),
            crawler.settings.getint("CAMPUS_MONITOR_SECTIONS"),
        )
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def response_received(self, *args: Any, **kwargs: Any) -> None:
        self.pages += 1
        now = time.monotonic()
        if self.enabled and now - self.last >= self.interval:
            self.last = now
            print(f"  … {self.done}/{self.total} sections done, {self.pages} pages fetched", file=self.out, flush=True)

    def item_scraped(self, item: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(item, SectionDoneItem):
            self.done += 1
            if self.enabled:
                note = f"error: {item.error}" if item.error else f"{item.items} posts on {item.pages} pages"
                print(
                    f"  [{self.done}/{self.total}] {item.site} / {item.section}: {note}"
                    f" ({self.pages} pages fetched so far)",
                    file=self.out,
                    flush=True,
                )
