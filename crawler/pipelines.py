"""Item pipelines: every fact the spider yields goes to the sink (``crawler.sink``) handed over in settings.

Configured in ``from_crawler`` from settings, as Scrapy's own ``CoreStats`` / ``LogStats`` are:
``CAMPUS_MONITOR_SINK`` (where facts go), ``CAMPUS_MONITOR_RUN_ID`` and ``CAMPUS_MONITOR_NOW`` (the one
clock, a callable returning an aware datetime). Without a sink the pipelines are not installed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from scrapy.exceptions import NotConfigured

from crawler.items import (
    FetchItem,
    HomeDatesItem,
    LinkResultItem,
    PageLinksItem,
    PostItem,
    ProgressItem,
    SectionDoneItem,
)
from crawler.reasons import Reason
from crawler.sink import Sink

# refusals by the crawl's own bounds (crawler.bounds): the target was never asked, so there is no verdict
# to store; a stored one would count as a re-check and could resolve a finding nobody re-examined
NOT_A_VERDICT = {Reason.BUDGET_EXHAUSTED, Reason.DEADLINE}


def iso(moment: datetime) -> str:
    """UTC, to the second, as every timestamp in the store."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def configured(crawler: Any) -> tuple[Sink, int, Callable[[], datetime]]:
    settings = crawler.settings
    sink = settings.get("CAMPUS_MONITOR_SINK")
    if sink is None:
        raise NotConfigured("no CAMPUS_MONITOR_SINK")
    return sink, settings.getint("CAMPUS_MONITOR_RUN_ID"), settings.get("CAMPUS_MONITOR_NOW")


class StorePipeline:
    """Posts, fetch outcomes, walk progress and section summaries: written the moment they arrive."""

    def __init__(self, sink: Sink, run_id: int, now: Callable[[], datetime]):
        self.sink, self.run_id, self.now = sink, run_id, now
        self.new_posts: Counter[tuple[str, str]] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        return cls(*configured(crawler))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PostItem):
            if self.sink.save_post(self.run_id, item):
                self.new_posts[(item.site, item.section)] += 1
        elif isinstance(item, FetchItem):
            self.sink.save_fetch(self.run_id, item)
        elif isinstance(item, ProgressItem):
            self.sink.save_progress(item)
        elif isinstance(item, HomeDatesItem):
            self.sink.save_home(self.run_id, item)
        elif isinstance(item, SectionDoneItem):
            self.sink.save_section_done(
                {
                    "run_id": self.run_id,
                    "site": item.site,
                    "section": item.section,
                    "pages": item.pages,
                    "items": item.items,
                    "new_posts": self.new_posts[(item.site, item.section)],
                    "errors": item.errors,
                    "list_ok": int(item.list_ok),
                    "error": item.error,
                    "started": item.started,
                    "duration": item.duration,
                    "finished": iso(self.now()),
                }
            )
        return item


class LinkStorePipeline:
    """Pages read and check verdicts, for the link inventory. Facts are many and small: written in
    batches (checks only run on finished crawls)."""

    def __init__(self, sink: Sink, run_id: int, now: Callable[[], datetime]):
        self.sink, self.run_id = sink, run_id
        self.pending: list[dict] = []
        self.pages: list[PageLinksItem] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> LinkStorePipeline:
        return cls(*configured(crawler))

    def flush(self) -> None:
        if self.pages:
            self.sink.save_pages(self.run_id, self.pages)
            self.pages = []
        if self.pending:
            self.sink.save_results(self.run_id, self.pending)
            self.pending = []

    def close_spider(self) -> None:
        self.flush()

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageLinksItem):
            self.pages.append(item)
            if len(self.pages) >= 100:
                self.flush()
        elif isinstance(item, LinkResultItem) and item.reason not in NOT_A_VERDICT:
            self.pending.append(asdict(item))
            if len(self.pending) >= 500:
                self.flush()
        return item
