"""LinkStorePipeline: link facts (pages, verdicts, footers, hidden links) into SQLite as they arrive."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from crawler.linkitems import FooterItem, HiddenLinksItem, LinkResultItem, PageLinksItem
from monitor.links_store import LinkStore


class LinkStorePipeline:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.links: LinkStore | None = None
        self.run_id = 0
        self.pending: list[dict] = []
        self.pages: list[PageLinksItem] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> "LinkStorePipeline":
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.links, self.run_id = LinkStore(spider.store), spider.run_id
        # facts of earlier crawls of these sites are no longer needed: findings keep the history
        self.links.prune(self.run_id, [s.name for s in spider.sites])

    def flush(self) -> None:
        if self.pages:
            self.links.save_pages(self.run_id, self.pages)
            self.pages = []
        if self.pending:
            self.links.save_results(self.run_id, self.pending)
            self.pending = []

    def close_spider(self) -> None:
        self.flush()

    def process_item(self, item: Any) -> Any:
        links, run_id = self.links, self.run_id
        if isinstance(item, PageLinksItem):
            self.pages.append(item)
            if len(self.pages) >= 100:
                self.flush()
        elif isinstance(item, LinkResultItem):
            # verdicts are many and small: written in batches (checks only run on finished crawls)
            self.pending.append(asdict(item))
            if len(self.pending) >= 500:
                self.flush()
        elif isinstance(item, FooterItem):
            links.save_footer(run_id, item.site, item.page_url, item.found, item.how, item.text, item.links)
        elif isinstance(item, HiddenLinksItem):
            links.save_hidden(run_id, item.site, item.page_url, item.hidden)
        return item
