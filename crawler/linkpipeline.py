"""LinkStorePipeline: pages read and check verdicts into the link inventory (``monitor.store.links``)."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from crawler.linkitems import LinkResultItem, PageLinksItem
from monitor.store.links import Inventory

# refusals by the crawl's own bounds (crawler.bounds): the target was never asked, so there is no verdict
# to store; a stored one would count as a re-check and could resolve a finding nobody re-examined
NOT_A_VERDICT = {"budget_exhausted", "deadline"}


class LinkStorePipeline:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.inventory: Inventory  # set in open_spider, before any item arrives
        self.run_id = 0
        self.pending: list[dict] = []
        self.pages: list[PageLinksItem] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> LinkStorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.inventory, self.run_id = Inventory(spider.store), spider.run_id

    def flush(self) -> None:
        if self.pages:
            self.inventory.save_pages(self.run_id, self.pages)
            self.pages = []
        if self.pending:
            self.inventory.save_results(self.run_id, self.pending)
            self.pending = []

    def close_spider(self) -> None:
        self.flush()

    def process_item(self, item: Any) -> Any:
        # facts are many and small: written in batches (checks only run on finished crawls)
        if isinstance(item, PageLinksItem):
            self.pages.append(item)
            if len(self.pages) >= 100:
                self.flush()
        elif isinstance(item, LinkResultItem) and item.reason not in NOT_A_VERDICT:
            self.pending.append(asdict(item))
            if len(self.pending) >= 500:
                self.flush()
        return item
