"""Where the pipelines put the facts: a ``Sink`` handed over in the ``CAMPUS_MONITOR_SINK`` setting.

Why a protocol: the crawler writes facts but does not know the monitor's store. ``monitor.handoff``
gives an object with these methods (over its ``Store``, link ``Inventory`` and progress table); tests or
other tools can give another. Scrapy deep-copies its settings, so a sink is a live handle whose
``__deepcopy__`` returns itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from crawler.items import FetchItem, HomeDatesItem, PageLinksItem, PostItem, ProgressItem


class Sink(Protocol):
    def save_post(self, run_id: int, item: PostItem) -> bool:
        """Store one post; True when it was not stored before."""

    def save_fetch(self, run_id: int, item: FetchItem) -> None:
        """A home or list page's fetch outcome."""

    def save_home(self, run_id: int, item: HomeDatesItem) -> None:
        """A home page's dated items and the newest date (its freshness)."""

    def save_progress(self, item: ProgressItem) -> None:
        """A column's history-walk progress."""

    def save_section_done(self, row: dict[str, Any]) -> None:
        """A column's summary for this run (pages, items, new posts, errors, timings)."""

    def save_pages(self, run_id: int, items: Iterable[PageLinksItem]) -> None:
        """Pages read for the link inventory."""

    def save_results(self, run_id: int, rows: list[dict[str, Any]]) -> None:
        """Link-check verdicts (``LinkResultItem`` as dicts)."""
