"""How PortalSpider follows a column's list pages: the history walk and the read of new posts.

``ColumnWalkMixin`` turns the pure decisions of ``crawler.spiders.backfill`` into requests and
``ProgressItem``s. Each page's progress item is yielded after its posts and before the next request, so the
store's frontier never runs ahead of the posts stored. Needs ``today``, ``logger`` and ``_list_request``
from the spider, and a ``SectionState`` per column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from crawler.items import ProgressItem
from crawler.spiders import backfill


class ColumnWalkMixin:
    # provided by PortalSpider (logger by scrapy.Spider): declared so the type checker knows them
    today: date
    logger: Any
    _list_request: Callable[..., Any]

    def follow_page(
        self, state: Any, page: Any, dates: list, list_url: str, fresh: int, brought_new: bool
    ) -> Iterator[Any]:
        """After a list page's posts: store progress and request the next page in the right mode."""
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

    def _progress(self, state: Any, **values: Any) -> ProgressItem:
        return ProgressItem(
            site=state.site.name,
            section=state.section.name,
            values={"section_url": state.section.url, **state.stated, **values},
        )

    def _walk_on(self, state: Any, page, dates: list, page_no: int, next_url: str | None) -> Iterator[Any]:
        """History walk: store the frontier (the next older page), or the column's completion."""
        cutoff = self.today - timedelta(days=state.section.backfill_days)
        why = backfill.walk_stop(dates, bool(page.items), page_no, state.section.max_pages, cutoff)
        if why is None and next_url is None:
            why = backfill.WHY_LAST
        if why:
            done = backfill.completion(why, state.walk_from_top, state.stated, len(state.known), next_url, page_no + 1)
            done.update(backfill_days=state.section.backfill_days, max_pages=state.section.max_pages)
            if not state.walk_from_top and backfill.needs_rewalk({**state.progress, **done}, len(state.known)):
                # a walk resumed across crawls read every page and is still short: read it all once more
                yield from self._restart_walk(state, "fewer posts stored than the list states")
                return
            state.progress.update(done)
            yield self._progress(state, **done)
            return
        yield self._progress(
            state, complete=0, complete_why=None, frontier_url=next_url, frontier_page=page_no + 1, top_pending=0
        )
        yield self._list_request(state, next_url, "walk", page_no + 1)

    def _top_on(self, state: Any, page, brought_new: bool, page_no: int, next_url: str | None) -> Iterator[Any]:
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
            self.logger.warning(
                "%s / %s: %d posts stored, the list states more; reading the column again",
                state.site.name,
                state.section.name,
                len(state.known),
            )
            state.walk_from_top, plan.resume_url = True, None
            yield self._progress(state, complete=0, frontier_url=next_url, frontier_page=page_no + 1)
            yield self._list_request(state, next_url, "walk", page_no + 1)
        elif plan.resume_url and plan.resume_url not in state.seen_pages:
            yield self._list_request(state, plan.resume_url, "resume", plan.resume_page)
        elif plan.resume_url:  # the top read already passed the frontier: the walk goes on from here
            yield from self._walk_on(state, page, [i.published for i in page.items], page_no, next_url)

    def _restart_walk(self, state: Any, why: str) -> Iterator[Any]:
        """Walk the column again from page 1 in this crawl (at most once: the walk is then from the top)."""
        self.logger.warning(
            "%s / %s: %s; reading the column again from the top", state.site.name, state.section.name, why
        )
        state.walk_from_top, state.plan.resume_url, state.restarted = True, None, True
        state.seen_pages = set()
        yield self._progress(state, complete=0, frontier_url=None, frontier_page=None)
        yield self._list_request(state, state.section.url, "walk", 1)
