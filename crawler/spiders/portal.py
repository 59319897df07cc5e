"""PortalSpider: every site's home page and every section's list pages, newest first.

Pagination stops at the section's ``max_pages``, at a page already seen (no loops), and
- on the first crawl of a section: when a page's posts are all older than ``backfill_days``;
- on later crawls: when a page brings no post that was not stored before.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, AsyncIterator, Iterator

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.errors import classify_failure
from crawler.extract import Overrides, extract_list
from crawler.extract.rowlinks import post_key
from crawler.items import FetchItem, PostItem, SectionDoneItem
from crawler.linkcheck import LinkCheck
from crawler.spiders.pagination import ListDatesMixin, decode_response, list_request
from monitor import clock
from monitor.config import Config, SectionConfig, SiteConfig


@dataclass
class SectionState:
    site: SiteConfig
    section: SectionConfig
    known: set[str]  # post keys (crawler.extract.rowlinks.post_key) of the posts stored so far
    started: str
    t0: float = field(default_factory=time.monotonic)
    pending: int = 0
    pages: int = 0
    items: int = 0
    errors: int = 0
    list_ok: bool = False
    error: str = ""
    seen_pages: set[str] = field(default_factory=set)
    first_crawl: bool = False  # nothing stored yet: read back backfill_days instead of "until nothing new"


class PortalSpider(ListDatesMixin, scrapy.Spider):
    name = "portal"

    def __init__(self, config: Config, sites: list[SiteConfig], known: dict[tuple[str, str], set[str]],
                 store: Any, run_id: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.store, self.run_id = store, run_id
        self.config = config
        self.sites = sites
        self.today: date = clock.today(config.timezone)
        self.states: dict[tuple[str, str], SectionState] = {}
        now = clock.iso(clock.now())
        for site in sites:
            for section in site.sections:
                stored = set(known.get((site.name, section.name), set()))
                self.states[(site.name, section.name)] = SectionState(
                    site, section, stored, now, first_crawl=not stored)
        self.sections_total = len(self.states)
        self.links = LinkCheck(config, sites)  # links, footers, hidden links (issue 4)
        self.sections_done = 0

    async def start(self) -> AsyncIterator[Any]:
        for site in self.sites:
            yield scrapy.Request(site.url, callback=self.parse_home, errback=self.home_failed,
                                 dont_filter=True, priority=10, meta={"site": site.name})
            for section in site.sections:
                state = self.states[(site.name, section.name)]
                yield self._list_request(state, section.url)
        for request in self.links.start_requests():
            yield request

    # --- home pages -------------------------------------------------------------------------
    def parse_home(self, response: Response) -> Iterator[Any]:
        yield FetchItem(site=response.meta["site"], section=None, kind="home", url=response.request.url,
                        status=response.status)
        yield from self.links.on_page(response, response.meta["site"], "home")

    def home_failed(self, failure: Failure) -> Iterator[Any]:
        status, reason, error = classify_failure(failure)
        request = failure.request
        yield FetchItem(site=request.meta["site"], section=None, kind="home", url=request.url,
                        status=status, reason=reason, error=error)

    # --- list pages -------------------------------------------------------------------------
    def _list_request(self, state: SectionState, url: str) -> scrapy.Request:
        state.pending += 1
        state.seen_pages.add(url)
        return list_request(url, callback=self.parse_list, errback=self.list_failed, dont_filter=True,
                            meta={"site": state.site.name, "section": state.section.name,
                                  "page_no": len(state.seen_pages)})

    def _overrides(self, section: SectionConfig) -> Overrides | None:
        if any((section.item, section.title, section.date, section.next_page)):
            return Overrides(item=section.item, title=section.title, date=section.date,
                             next_page=section.next_page)
        return None

    def parse_list(self, response: Response) -> Iterator[Any]:
        state = self.states[(response.meta["site"], response.meta["section"])]
        state.pending -= 1
        state.pages += 1
        first_page = response.meta["page_no"] == 1
        if first_page:
            state.list_ok = True
            yield FetchItem(site=state.site.name, section=state.section.name, kind="list",
                            url=response.request.url, status=response.status)
        text = decode_response(response)
        page = extract_list(text, response.url, self._overrides(state.section))
        followable = [i.url for i in page.items if i.link]  # link-less rows are never fetched or checked
        yield from self.links.on_page(response, state.site.name, "list", followable, text=text)
        # dates may need article pages first (undated/year-less lists); emit_page runs when they are in
        yield from self.date_page(state, page, response.url)
        yield from self._maybe_done(state)

    def emit_page(self, state: SectionState, page, dates: list, list_url: str) -> Iterator[Any]:
        """Store a list page's posts (``dates`` line up with ``page.items``) and follow the next page."""
        brought_new = False
        for item, published in zip(page.items, dates):
            item.published = published
            state.items += 1
            key = post_key(item.url, item.title, published, item.month_day)
            if key not in state.known:
                brought_new = True
                state.known.add(key)
            yield PostItem(site=state.site.name, section=state.section.name, url=item.url, title=item.title,
                           published=published.isoformat() if published else None,
                           list_url=list_url, key=key, link=item.link)
        if self._should_follow(state, page, brought_new):
            for next_url in page.next_pages:
                if next_url not in state.seen_pages:
                    yield self._list_request(state, next_url)
                    break

    def _should_follow(self, state: SectionState, page, brought_new: bool) -> bool:
        if not page.items or len(state.seen_pages) >= state.section.max_pages:
            return False
        if state.first_crawl:
            # Lists run newest first, with pinned (置顶) posts on top: the bottom row's date says
            # whether older pages can still hold posts inside the backfill window.
            cutoff = self.today - timedelta(days=state.section.backfill_days)
            dated = [i.published for i in page.items if i.published]
            return not dated or dated[-1] >= cutoff
        return brought_new

    def list_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        state = self.states[(request.meta["site"], request.meta["section"])]
        state.pending -= 1
        state.errors += 1
        status, reason, error = classify_failure(failure)
        if request.meta["page_no"] == 1:
            state.error = f"{reason}: {error}"
            yield FetchItem(site=state.site.name, section=state.section.name, kind="list", url=request.url,
                            status=status, reason=reason, error=error)
        else:
            self.logger.warning("list page failed: %s (%s)", request.url, error)
        yield from self._maybe_done(state)

    def _maybe_done(self, state: SectionState) -> Iterator[Any]:
        if state.pending == 0:
            self.sections_done += 1
            yield SectionDoneItem(site=state.site.name, section=state.section.name, pages=state.pages,
                                  items=state.items, errors=state.errors, list_ok=state.list_ok,
                                  error=state.error, started=state.started,
                                  duration=round(time.monotonic() - state.t0, 3))
