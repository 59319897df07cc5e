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
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.article_dates import ListDatesMixin, decode_response, list_request
from crawler.errors import classify_failure, failed_request
from crawler.extract import Overrides
from crawler.extract.homedates import home_dates
from crawler.extract.html import parse_html
from crawler.extract.listpage import list_in
from crawler.extract.rowlinks import post_key
from crawler.items import FetchItem, HomeDatesItem, PostItem, SectionDoneItem
from crawler.linkcheck.checker import LinkCheck
from crawler.spec import CrawlSpec, RecheckPlan, SectionSpec, SiteSpec
from crawler.spiders import backfill
from crawler.spiders.walk import ColumnWalkMixin


@dataclass
class SectionState:
    site: SiteSpec
    section: SectionSpec
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
    plan: backfill.Plan = field(default_factory=lambda: backfill.Plan("walk"))
    progress: dict = field(default_factory=dict)  # the stored section_progress row ({} when none)
    stated: dict = field(default_factory=dict)  # stated_total / stated_pages / page_size from page 1
    walk_from_top: bool = False  # this crawl's walk began at page 1 (its gap is the site's miscount)
    top_deep: bool = False  # the read of new posts went past page 1 (top_pending is stored)
    page_modes: dict = field(default_factory=dict)  # list URL → (mode, page number in the list)
    new_at_top: int = 0  # posts the read of new posts found this crawl (0: nothing moved down)
    restarted: bool = False  # the walk began again from page 1 in this crawl


class PortalSpider(ListDatesMixin, ColumnWalkMixin, scrapy.Spider):
    name = "portal"

    def __init__(
        self,
        spec: CrawlSpec,
        known: dict[tuple[str, str], set[str]],
        progress: dict[tuple[str, str], dict] | None = None,
        plan: RecheckPlan | None = None,
        now: Callable[[], datetime] | None = None,
        **kwargs: Any,
    ):
        """``known``: the post keys stored per column; ``progress``: the stored walk progress per column;
        ``plan``: tonight's re-reads and re-checks; ``now``: the one clock (the monitor's)."""
        super().__init__(**kwargs)
        self.spec = spec
        self.sites = spec.sites
        now = now or (lambda: datetime.now(UTC))
        self.today: date = now().astimezone(ZoneInfo(spec.timezone)).date()
        self.states: dict[tuple[str, str], SectionState] = {}
        started = now().astimezone(UTC).replace(microsecond=0).isoformat()
        for site in self.sites:
            for section in site.sections:
                stored = set(known.get((site.name, section.name), set()))
                row = (progress or {}).get((site.name, section.name)) or {}
                self.states[(site.name, section.name)] = SectionState(
                    site,
                    section,
                    stored,
                    started,
                    progress=row,
                    plan=backfill.plan_start(row, section.url, section.backfill_days, section.max_pages),
                )
        self.links = LinkCheck(spec, plan, now)  # links, footers, hidden links (issues 4, 9)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.links.connect(crawler)  # same-site page targets wait for the idle spider (issue 14)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        for site in self.sites:
            yield scrapy.Request(
                site.url,
                callback=self.parse_home,
                errback=self.home_failed,
                dont_filter=True,
                priority=10,
                meta={"site": site.name},
            )
            for section in site.sections:
                state = self.states[(site.name, section.name)]
                state.walk_from_top = state.plan.first_mode == "walk"
                yield self._list_request(state, section.url, state.plan.first_mode, 1)
        for request in self.links.start_requests():
            yield request

    # --- home pages -------------------------------------------------------------------------
    def parse_home(self, response: Response) -> Iterator[Any]:
        assert response.request is not None  # a callback's response always carries its request
        yield FetchItem(
            site=response.meta["site"], section=None, kind="home", url=response.request.url, status=response.status
        )
        text = decode_response(response)
        root = parse_html(text)  # the home page's one parse: links, footer, hidden links, then its dated items
        yield from self.links.on_page(response, response.meta["site"], "home", root=root, text=text)
        yield self.home_item(response, root)

    def home_item(self, response: Response, root: Any) -> HomeDatesItem:
        """The home page's dated items: its freshness is checked from these (issue 13, ``stale_home``)."""
        found = home_dates(root, response.url, self.today)
        return HomeDatesItem(
            site=response.meta["site"],
            url=response.url,
            newest=found.newest.isoformat() if found.newest else None,
            items=[
                {"title": i.title, "url": i.url, "date": i.published.isoformat(), "year_guessed": i.year_guessed}
                for i in found.items
            ],
            blocks=found.blocks,
        )

    def home_failed(self, failure: Failure) -> Iterator[Any]:
        status, reason, error = classify_failure(failure)
        request = failed_request(failure)
        yield FetchItem(
            site=request.meta["site"],
            section=None,
            kind="home",
            url=request.url,
            status=status,
            reason=reason,
            error=error,
        )

    # --- list pages -------------------------------------------------------------------------
    def _list_request(self, state: SectionState, url: str, mode: str, page_no: int) -> scrapy.Request:
        state.pending += 1
        state.seen_pages.add(url)
        return list_request(
            url,
            callback=self.parse_list,
            errback=self.list_failed,
            dont_filter=True,
            meta={
                "site": state.site.name,
                "section": state.section.name,
                "page_no": page_no,
                "first": len(state.seen_pages) == 1 and not state.restarted,
                "mode": mode,
            },
        )

    def _overrides(self, section: SectionSpec) -> Overrides | None:
        if any((section.item, section.title, section.date, section.next_page)):
            return Overrides(item=section.item, title=section.title, date=section.date, next_page=section.next_page)
        return None

    def parse_list(self, response: Response) -> Iterator[Any]:
        state = self.states[(response.meta["site"], response.meta["section"])]
        state.pending -= 1
        state.pages += 1
        if response.meta["first"]:
            state.list_ok = True
            assert response.request is not None  # a callback's response always carries its request
            yield FetchItem(
                site=state.site.name,
                section=state.section.name,
                kind="list",
                url=response.request.url,
                status=response.status,
            )
        text = decode_response(response)
        root = parse_html(text)  # the page's one parse: posts, pagination, then links, footer, hidden links
        page = list_in(root, text, response.url, self._overrides(state.section))
        state.page_modes[response.url] = (response.meta["mode"], response.meta["page_no"])
        if response.meta["first"]:
            state.stated = {
                "stated_total": page.total,
                "stated_pages": page.page_count,
                "page_size": backfill.page_size_of(page),
            }
        followable = [i.url for i in page.items if i.link]  # link-less rows are never fetched or checked
        yield from self.links.on_page(response, state.site.name, "list", followable, root=root, text=text)
        # dates may need article pages first (undated/year-less lists); emit_page runs when they are in
        yield from self.date_page(state, page, response.url)
        yield from self._maybe_done(state)

    def emit_page(self, state: SectionState, page, dates: list, list_url: str) -> Iterator[Any]:
        """Store a list page's posts (``dates`` line up with ``page.items``), then its progress, then
        follow the next page."""
        brought_new, fresh = False, 0
        at_top = state.page_modes.get(list_url, ("top", 1))[0] == "top"  # the read of new posts, not the walk
        for item, published in zip(page.items, dates, strict=True):
            item.published = published
            state.items += 1
            key = post_key(item.url, item.title, published, item.month_day)
            if key not in state.known:
                brought_new, fresh = True, fresh + 1
                state.known.add(key)
            yield PostItem(
                site=state.site.name,
                section=state.section.name,
                url=item.url,
                title=item.title,
                published=published.isoformat() if published else None,
                list_url=list_url,
                key=key,
                link=item.link,
                at_top=at_top and not item.pinned,
            )
        yield from self.follow_page(state, page, dates, list_url, fresh, brought_new)

    def list_failed(self, failure: Failure) -> Iterator[Any]:
        request = failed_request(failure)
        state = self.states[(request.meta["site"], request.meta["section"])]
        state.pending -= 1
        state.errors += 1
        status, reason, error = classify_failure(failure)
        if request.meta["first"]:
            state.error = f"{reason}: {error}"
            yield FetchItem(
                site=state.site.name,
                section=state.section.name,
                kind="list",
                url=request.url,
                status=status,
                reason=reason,
                error=error,
            )
        else:
            self.logger.warning("list page failed: %s (%s)", request.url, error)
            resume = state.plan.resume_url
            if request.meta["mode"] == "top" and resume and resume not in state.seen_pages:
                # the rest of the new posts waits for the next crawl (top_pending); the history need not
                yield self._list_request(state, resume, "resume", state.plan.resume_page)
        yield from self._maybe_done(state)

    def _maybe_done(self, state: SectionState) -> Iterator[Any]:
        if state.pending == 0:
            yield SectionDoneItem(
                site=state.site.name,
                section=state.section.name,
                pages=state.pages,
                items=state.items,
                errors=state.errors,
                list_ok=state.list_ok,
                error=state.error,
                started=state.started,
                duration=round(time.monotonic() - state.t0, 3),
            )
