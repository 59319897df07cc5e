"""StorePipeline: every item is written to SQLite the moment it arrives (nothing buffered to lose)."""
from __future__ import annotations

from collections import Counter
from typing import Any

from crawler.items import FetchItem, PostItem, ProgressItem, SectionDoneItem
from monitor import clock
from monitor.store.core import Store
from monitor.store.progress import save_progress


class StorePipeline:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.store: Store  # set in open_spider, before any item arrives
        self.run_id = 0
        self.new_posts: Counter[tuple[str, str]] = Counter()
        self.section_ids: dict[tuple[str, str], int] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        pipeline = cls(crawler)
        crawler.campus_pipeline = pipeline  # the crawl runner reads the counters back
        return pipeline

    def _section_id(self, spider: Any, site: str, section: str) -> int:
        key = (site, section)
        if key not in self.section_ids:
            state = spider.states[key]
            self.section_ids[key] = self.store.ensure_section(
                site, state.site.url, section, state.section.url, state.section.stale_after_days)
        return self.section_ids[key]

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.store, self.run_id = spider.store, spider.run_id

    def process_item(self, item: Any) -> Any:
        spider = self.crawler.spider
        if isinstance(item, PostItem):
            section_id = self._section_id(spider, item.site, item.section)
            if self.store.save_post(section_id, item.url, item.title, item.published, self.run_id, item.list_url,
                                   item.key):
                self.new_posts[(item.site, item.section)] += 1
        elif isinstance(item, FetchItem):
            self.store.record_fetch(self.run_id, item.site, item.section, item.kind, item.url, item.status,
                                    item.reason, item.error)
        elif isinstance(item, ProgressItem):
            save_progress(self.store.db, item.site, item.section, item.values)
        elif isinstance(item, SectionDoneItem):
            self._section_id(spider, item.site, item.section)
            self.store.save_run_section({
                "run_id": self.run_id, "site": item.site, "section": item.section, "pages": item.pages,
                "items": item.items, "new_posts": self.new_posts[(item.site, item.section)],
                "errors": item.errors, "list_ok": int(item.list_ok), "error": item.error,
                "started": item.started, "duration": item.duration, "finished": clock.iso(clock.now())})
        return item
