"""What the monitor hands the crawler: the crawl as ``crawler.spec`` types, and the sink for its facts.

Why: the crawler imports nothing from ``monitor/`` (one-way data flow: config → crawl → facts in the
store). The config is translated here into ``CrawlSpec``; ``StoreSink`` satisfies ``crawler.sink.Sink``
over the ``Store``, the link ``Inventory`` and the progress table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from crawler.extract.urls import normalise_url
from crawler.items import FetchItem, HomeDatesItem, PageLinksItem, PostItem, ProgressItem
from crawler.spec import CrawlSpec, SectionSpec, SiteSpec
from monitor import clock
from monitor.config import Config, SiteConfig
from monitor.store.backdate import Backdating
from monitor.store.core import Store
from monitor.store.homedates import save_home
from monitor.store.links import Inventory
from monitor.store.progress import save_progress


def crawl_spec(config: Config, sites: list[SiteConfig]) -> CrawlSpec:
    """The selected sites and the link-check options, as the crawler's plain dataclasses (a column's
    spec copies the config's fields of the same names, so the two cannot drift apart)."""
    return CrawlSpec(
        sites=[
            SiteSpec(
                name=s.name,
                url=s.url,
                linked_from=list(s.linked_from),
                ignore_links=list(s.ignore_links),
                sections=[SectionSpec(**{f.name: getattr(c, f.name) for f in fields(SectionSpec)}) for c in s.sections],
            )
            for s in sites
        ],
        timezone=config.timezone,
        check_links=config.check_links,
        check_external=config.check_external,
        link_check_skip=list(config.link_check_skip),
        hidden_link_keywords=None if config.hidden_link_keywords is None else list(config.hidden_link_keywords),
        max_links_per_page=config.max_links_per_page,
    )


class StoreSink:
    """``crawler.sink.Sink`` over the monitor's store: posts, fetches, progress, link inventory."""

    def __init__(self, store: Store, sites: list[SiteConfig], backdate_days: int = 7, timezone: str = clock.DEFAULT_TZ):
        """``backdate_days``, ``timezone``: the config's, for marking backdated posts (issue 13)."""
        self.store = store
        self.backdate_days, self.timezone = backdate_days, timezone
        self.backdating: Backdating | None = None
        self.inventory = Inventory(store)
        self.columns = {(s.name, c.name): (s.url, c.url, c.stale_after_days) for s in sites for c in s.sections}
        self.section_ids: dict[tuple[str, str], int] = {}

    def __deepcopy__(self, memo: dict) -> StoreSink:
        return self  # a live handle in Scrapy's settings (which are deep-copied): shared, never copied

    def _section_id(self, site: str, section: str) -> int:
        key = (site, section)
        if key not in self.section_ids:
            site_url, url, stale_after_days = self.columns[key]
            self.section_ids[key] = self.store.ensure_section(site, site_url, section, url, stale_after_days)
        return self.section_ids[key]

    def _backdating(self, run_id: int) -> Backdating:
        if self.backdating is None or self.backdating.run_id != run_id:
            today = clock.today(self.timezone)
            self.backdating = Backdating(self.store.db, run_id, self.backdate_days, today, self.timezone)
        return self.backdating

    def save_post(self, run_id: int, item: PostItem) -> bool:
        section_id = self._section_id(item.site, item.section)
        backdating = self._backdating(run_id)
        backdating.baseline(section_id, item.site, item.section)  # before this run's posts change it
        new = self.store.save_post(section_id, item.url, item.title, item.published, run_id, item.list_url, item.key)
        if new and item.at_top:
            backdating.saw_new(section_id, item.key or normalise_url(item.url), item.title, item.published)
        return new

    def save_home(self, run_id: int, item: HomeDatesItem) -> None:
        save_home(self.store.db, run_id, item, clock.iso(clock.now()))

    def save_fetch(self, run_id: int, item: FetchItem) -> None:
        self.store.record_fetch(
            run_id, item.site, item.section, item.kind, item.url, item.status, item.reason, item.error
        )

    def save_progress(self, item: ProgressItem) -> None:
        save_progress(self.store.db, item.site, item.section, item.values)

    def save_section_done(self, row: dict[str, Any]) -> None:
        section_id = self._section_id(row["site"], row["section"])  # a column with no posts still gets its row
        self._backdating(row["run_id"]).finish(section_id)  # 突击更新: once the column's posts are all in
        self.store.save_run_section(row)

    def save_pages(self, run_id: int, items: Iterable[PageLinksItem]) -> None:
        self.inventory.save_pages(run_id, items)

    def save_results(self, run_id: int, rows: list[dict[str, Any]]) -> None:
        self.inventory.save_results(run_id, rows)
