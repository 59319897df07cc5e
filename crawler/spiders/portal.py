"""PortalSpider: every site's home page and every section's list pages, newest first.

A column's list pages are read in two modes (``crawler.spiders.backfill`` decides which, from the
column's stored progress), and never past a page already seen (no loops):
- ``walk`` (its history): down to ``backfill_days``, the last page or ``max_pages``; the frontier is
  stored after every page, so an interrupted walk continues in the next crawl;
- ``top`` (new posts): until a page brings no post that was not stored before, then the unfinished walk
  (if any) continues from its frontier.
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
from crawler.extract.urls import normalise_url
from crawler.items import FetchItem, PostItem, ProgressItem, SectionDoneItem
from crawler.linkcheck import LinkCheck
from crawler.spiders import backfill
from crawler.spiders.pagination import ListDatesMixin, decode_response, list_request
from monitor import clock
from monitor.config import Config, SectionConfig, SiteConfig


@dataclass
class SectionState:
    site: SiteConfig
    section: SectionConfig
    known: set[str]  # normalise_url keys of the posts stored so far
    started: str
    t0: float = field(default_factory=time.monotonic)
    pending: int = 0
    pages: int = 0
    items: int = 0
    errors: int = 0
    list_ok: bool = False
    error: str = ""
    seen_pages: set[str] = field(default_factory=set)
    plan: backfill.Plan = field(default_factory=lambda: backfill.Plan("walk"))
    progress: dict = field(default_factory=dict)  # the stored section_progress row ({} when none)
    stated: dict = field(default_factory=dict)  # stated_total / stated_pages / page_size from page 1
    walk_from_top: bool = False  # this crawl's walk began at page 1 (its gap is the site's miscount)
    top_deep: bool = False  # the read of new posts went past page 1 (top_pending is stored)
    page_modes: dict = field(default_factory=dict)  # list URL → (mode, page number in the list)
    new_at_top: int = 0  # posts the read of new posts found this crawl (0: nothing moved down)
    restarted: bool = False  # the walk began again from page 1 in this crawl


class PortalSpider(ListDatesMixin, scrapy.Spider):
    name = "portal"

    def __init__(self, config: Config, sites: list[SiteConfig], known: dict[tuple[str, str], set[str]],
                 store: Any, run_id: int, progress: dict[tuple[str, str], dict] | None = None, **kwargs: Any):
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
                row = (progress or {}).get((site.name, section.name)) or {}
                self.states[(site.name, section.name)] = SectionState(
                    site, section, stored, now, progress=row,
                    plan=backfill.plan_start(row, section.url, section.backfill_days, section.max_pages))
        self.sections_total = len(self.states)
        self.links = LinkCheck(config, sites)  # links, footers, hidden links (issue 4)
        self.sections_done = 0

    async def start(self) -> AsyncIterator[Any]:
        for site in self.sites:
            yield scrapy.Request(site.url, callback=self.parse_home, errback=self.home_failed,
                                 dont_filter=True, priority=10, meta={"site": site.name})
            for section in site.sections:
                state = self.states[(site.name, section.name)]
                state.walk_from_top = state.plan.first_mode == "walk"
                yield self._list_request(state, section.url, state.plan.first_mode, 1)
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
    def _list_request(self, state: SectionState, url: str, mode: str, page_no: int) -> scrapy.Request:
        state.pending += 1
        state.seen_pages.add(url)
        return list_request(url, callback=self.parse_list, errback=self.list_failed, dont_filter=True,
                            meta={"site": state.site.name, "section": state.section.name,
                                  "page_no": page_no, "first": len(state.seen_pages) == 1 and not state.restarted,
                                  "mode": mode})

    def _overrides(self, section: SectionConfig) -> Overrides | None:
        if any((section.item, section.title, section.date, section.next_page)):
            return Overrides(item=section.item, title=section.title, date=section.date,
                             next_page=section.next_page)
        return None

    def parse_list(self, response: Response) -> Iterator[Any]:
        state = self.states[(response.meta["site"], response.meta["section"])]
        state.pending -= 1
        state.pages += 1
        if response.meta["first"]:
            state.list_ok = True
            yield FetchItem(site=state.site.name, section=state.section.name, kind="list",
                            url=response.request.url, status=response.status)
        text = decode_response(response)
        page = extract_list(text, response.url, self._overrides(state.section))
        state.page_modes[response.url] = (response.meta["mode"], response.meta["page_no"])
        if response.meta["first"]:
            state.stated = {"stated_total": page.total, "stated_pages": page.page_count,
                            "page_size": backfill.page_size_of(page)}
        yield from self.links.on_page(response, state.site.name, "list", [i.url for i in page.items], text=text)
        # dates may need article pages first (undated/year-less lists); emit_page runs when they are in
        yield from self.date_page(state, page, response.url)
        yield from self._maybe_done(state)

    def emit_page(self, state: SectionState, page, dates: list, list_url: str) -> Iterator[Any]:
        """Store a list page's posts (``dates`` line up with ``page.items``), then its progress, then
        follow the next page."""
        brought_new, fresh = False, 0
        for item, published in zip(page.items, dates):
            item.published = published
            state.items += 1
            key = normalise_url(item.url)
            if key not in state.known:
                brought_new, fresh = True, fresh + 1
                state.known.add(key)
            yield PostItem(site=state.site.name, section=state.section.name, url=item.url, title=item.title,
                           published=published.isoformat() if published else None,
                           list_url=list_url)
        mode, page_no = state.page_modes.pop(list_url, ("top", 1))
        next_url = next((u for u in page.next_pages if u not in state.seen_pages), None)
        if mode == "top":
            state.new_at_top += fresh
        if mode == "resume" and state.new_at_top and page.items and fresh == len(page.items):
            # New posts came in since the frontier was stored, yet the frontier page holds none of the
            # posts stored before it: the site renumbered its pages (VSB counts pages from the oldest,
            # so a new page moves every URL), and posts between may be skipped. Read from the top.
            yield from self._restart_walk(state, "the list was renumbered since the last crawl")
        elif mode in ("walk", "resume"):
            yield from self._walk_on(state, page, dates, page_no, next_url)
        else:
            yield from self._top_on(state, page, brought_new, page_no, next_url)

    def _progress(self, state: SectionState, **values: Any) -> ProgressItem:
        return ProgressItem(site=state.site.name, section=state.section.name,
                            values={"section_url": state.section.url, **state.stated, **values})

    def _walk_on(self, state: SectionState, page, dates: list, page_no: int, next_url: str | None) -> Iterator[Any]:
        """History walk: store the frontier (the next older page), or the column's completion."""
        cutoff = self.today - timedelta(days=state.section.backfill_days)
        why = backfill.walk_stop(dates, bool(page.items), page_no, state.section.max_pages, cutoff)
        if why is None and next_url is None:
            why = backfill.WHY_LAST
        if why:
            done = backfill.completion(why, state.walk_from_top, state.stated, len(state.known), next_url,
                                       page_no + 1)
            done.update(backfill_days=state.section.backfill_days, max_pages=state.section.max_pages)
            if not state.walk_from_top and backfill.needs_rewalk({**state.progress, **done}, len(state.known)):
                # a walk resumed across crawls read every page and is still short: read it all once more
                yield from self._restart_walk(state, "fewer posts stored than the list states")
                return
            state.progress.update(done)
            yield self._progress(state, **done)
            return
        yield self._progress(state, complete=0, complete_why=None, frontier_url=next_url,
                             frontier_page=page_no + 1, top_pending=0)
        yield self._list_request(state, next_url, "walk", page_no + 1)

    def _top_on(self, state: SectionState, page, brought_new: bool, page_no: int,
                next_url: str | None) -> Iterator[Any]:
        """New posts at the top: read on while pages bring new posts, then continue the history walk."""
        plan = state.plan
        if brought_new and page.items and next_url and len(state.seen_pages) < state.section.max_pages:
            if next_url == plan.resume_url:  # the new posts reach the frontier: the walk takes over here
                plan.resume_url = None
                yield self._list_request(state, next_url, "walk", plan.resume_page)
                return
            if not state.top_deep:  # a kill now would hide the rest of the new posts: say so
                state.top_deep = True
                yield self._progress(state, top_pending=1)
            yield self._list_request(state, next_url, "top", page_no + 1)
            return
        yield self._progress(state, top_pending=0)  # also refreshes the stated total
        state.progress.update(state.stated)
        if backfill.needs_rewalk(state.progress, len(state.known)) and next_url:
            # fewer stored than the list states: read the rest of the column with the backfill rule
            self.logger.warning("%s / %s: %d posts stored, the list states more; reading the column again",
                                state.site.name, state.section.name, len(state.known))
            state.walk_from_top, plan.resume_url = True, None
            yield self._progress(state, complete=0, frontier_url=next_url, frontier_page=page_no + 1)
            yield self._list_request(state, next_url, "walk", page_no + 1)
        elif plan.resume_url and plan.resume_url not in state.seen_pages:
            yield self._list_request(state, plan.resume_url, "resume", plan.resume_page)
        elif plan.resume_url:  # the top read already passed the frontier: the walk goes on from here
            yield from self._walk_on(state, page, [i.published for i in page.items], page_no, next_url)

    def _restart_walk(self, state: SectionState, why: str) -> Iterator[Any]:
        """Walk the column again from page 1 in this crawl (at most once: the walk is then from the top)."""
        self.logger.warning("%s / %s: %s; reading the column again from the top", state.site.name,
                            state.section.name, why)
        state.walk_from_top, state.plan.resume_url, state.restarted = True, None, True
        state.seen_pages = set()
        yield self._progress(state, complete=0, frontier_url=None, frontier_page=None)
        yield self._list_request(state, state.section.url, "walk", 1)

    def list_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        state = self.states[(request.meta["site"], request.meta["section"])]
        state.pending -= 1
        state.errors += 1
        status, reason, error = classify_failure(failure)
        if request.meta["first"]:
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
