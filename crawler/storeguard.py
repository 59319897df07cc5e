"""StorageGuard: the first disk-full or I/O error stops the crawl; the runner then prints one line.

Why: Scrapy logs a traceback for every item a pipeline fails on and keeps crawling, so a full disk gave
thousands of tracebacks (each also failing to reach the log file, which prints another) and a run recorded
as if nothing happened. After the first fault every further write fails the same way, or worse, a small one
succeeds and marks a column done whose posts were lost; so the guard swallows the rest quietly.

Installed as Scrapy's ``ITEM_PROCESSOR`` (``GuardedPipelineManager``): every item pipeline, present and
future, is wrapped without a line in its own code. The crawl's log file handler is watched the same way.
"""

from __future__ import annotations

import functools
import inspect
import logging
import sys
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.pipelines import ItemPipelineManager

from crawler.diskfault import storage_fault
from crawler.reasons import Reason

REASON = Reason.STORAGE_ERROR  # the crawl's finish_reason when the guard stopped it
PIPELINE_METHODS = ("open_spider", "close_spider", "process_item")


class StorageGuard:
    """Per crawler: the first storage fault (what, which file, SQLite's or the OS's message)."""

    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.fault: str | None = None  # e.g. "the disk is full"
        self.where = ""  # "database" or the path of the log file
        self.error = ""

    @classmethod
    def of(cls, crawler: Any) -> StorageGuard:
        guard = getattr(crawler, "storage_guard", None)
        if guard is None:
            guard = crawler.storage_guard = cls(crawler)
            guard.watch_log_files()
            crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        return guard

    def spider_opened(self, *args: Any, **kwargs: Any) -> None:
        """A fault before the spider was open (the log file at start-up) stops it as soon as it is."""
        if self.fault:
            raise CloseSpider(REASON)

    def record(self, exc: BaseException, where: str) -> bool:
        """True when ``exc`` is a storage fault (the caller swallows it); the first one is kept."""
        what = storage_fault(exc)
        if what is None:
            return False
        if self.fault is None:
            self.fault, self.where, self.error = what, where, str(exc)
        return True

    def stop(self) -> None:
        """Close the spider with ``REASON`` (scheduled on the reactor: never re-entered from a pipeline)."""
        from scrapy.utils.defer import deferred_from_coro
        from twisted.internet import reactor

        def close() -> None:
            engine = self.crawler.engine
            if engine is not None and engine.spider is not None:  # else spider_opened stops it
                deferred_from_coro(engine.close_spider_async(reason=REASON))

        reactor.callFromThread(close)

    # --- pipelines ----------------------------------------------------------------------------
    def wrap(self, pipeline: Any) -> Any:
        """A stand-in for ``pipeline`` whose methods stop at the first fault and do nothing after it."""
        methods = {
            name: self._guarded(name, getattr(pipeline, name)) for name in PIPELINE_METHODS if hasattr(pipeline, name)
        }
        return SimpleNamespace(**methods)

    def _guarded(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def on_fault(exc: Exception, args: tuple) -> Any:
            if not self.record(exc, "database"):
                raise exc
            if name == "open_spider":
                raise CloseSpider(REASON) from None  # the engine honours it once the spider is open
            self.stop()
            return skipped(args)

        def skipped(args: tuple) -> Any:
            if name == "process_item":  # dropped, not "scraped": no progress line claims a column done
                raise DropItem(f"not stored: {self.fault}", log_level="DEBUG")
            return None

        if inspect.iscoroutinefunction(method):

            @functools.wraps(method)
            async def guarded_async(*args: Any, **kwargs: Any) -> Any:
                if self.fault:
                    return skipped(args)
                try:
                    return await method(*args, **kwargs)
                except Exception as exc:
                    return on_fault(exc, args)

            return guarded_async

        @functools.wraps(method)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if self.fault:  # after the first fault nothing more is written, not even "section done"
                return skipped(args)
            try:
                return method(*args, **kwargs)
            except Exception as exc:
                return on_fault(exc, args)

        return guarded

    # --- the crawl's log file -------------------------------------------------------------------
    def watch_log_files(self) -> None:
        """A log file that cannot be written (ENOSPC) stops the crawl instead of a traceback per record."""
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.FileHandler):
                handler.handleError = functools.partial(self._log_error, handler)  # type: ignore[method-assign]

    def _log_error(self, handler: logging.FileHandler, record: logging.LogRecord) -> None:
        exc = sys.exc_info()[1]
        if exc is not None:
            first = self.fault is None
            if self.record(exc, handler.baseFilename):
                if first:
                    self.stop()
                return
        logging.FileHandler.handleError(handler, record)


class GuardedPipelineManager(ItemPipelineManager):
    """Scrapy's item pipeline manager with every pipeline wrapped by the crawler's ``StorageGuard``."""

    def __init__(self, *middlewares: Any, crawler: Any = None) -> None:
        self.guard = StorageGuard.of(crawler) if crawler is not None else None
        super().__init__(*middlewares, crawler=crawler)

    def _add_middleware(self, mw: Any) -> None:
        super()._add_middleware(self.guard.wrap(mw) if self.guard is not None else mw)
