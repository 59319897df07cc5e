"""Run one crawl in this process: lock the database, crawl with Scrapy, run the checks, summarise.

Scrapy's reactor runs once per process, so callers that crawl repeatedly (the scheduler, tests) start
``python -m monitor crawl`` as a child process instead of calling ``run_crawl`` twice.
"""
from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable

from monitor import alerts
from monitor.checks import run_checks
from monitor.config import Config, SiteConfig, ensure_log_dir
from monitor.diskfault import Reserve, fault_line, probe_file, storage_fault, test_page_limit
from monitor.store import Store, StoreError

# Called as hook(config, store, run_id, changes) after the checks of a finished crawl.
AFTER_CRAWL: list[Callable[[Config, Store, int, dict[str, Any]], None]] = [alerts.crawl_hook]


def select_sites(config: Config, names: list[str] | None) -> list[SiteConfig]:
    from monitor.cli import UsageError

    if not names:
        return list(config.sites)
    known = {s.name for s in config.sites}
    missing = [n for n in names if n not in known]
    if missing:
        raise UsageError(f"{config.path}: no site named {missing[0]!r}; configured sites: "
                         + ", ".join(sorted(known)))
    return [s for s in config.sites if s.name in names]


def scrapy_settings(config: Config, log_file: Path | None, progress: bool) -> dict[str, Any]:
    from scrapy.utils.project import get_project_settings  # noqa: F401  (keeps scrapy.cfg useful)
    import crawler.settings as base

    settings = {k: getattr(base, k) for k in dir(base) if k.isupper()}
    settings.update({
        "DOWNLOAD_TIMEOUT": config.timeout_seconds,
        "CONCURRENT_REQUESTS": config.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": config.per_host_concurrency,
        "USER_AGENT": config.user_agent,
        "DOWNLOAD_MAXSIZE": config.max_page_bytes,
        "CAMPUS_MONITOR_PROGRESS": progress,
    })
    if log_file is not None:
        settings["LOG_FILE"] = str(log_file)
        settings["LOG_FILE_APPEND"] = False
    return settings


def run_crawl(config: Config, site_names: list[str] | None = None, verbose: bool = False,
              progress: bool = True) -> dict[str, Any]:
    """Crawl the selected sites once; returns the run summary (what ``crawl --json`` prints)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.portal import PortalSpider

    sites = select_sites(config, site_names)
    if not verbose:
        ensure_log_dir(config)
    store = Store(config.database)
    store.acquire_crawl_lock()
    began = time.monotonic()
    run_id = None
    reserve = Reserve(config.database)  # room to record "failed" if the disk fills
    test_page_limit(store.db.conn)
    try:
        run_id = store.start_run([s.name for s in sites])
        known = {(s.name, sec.name): store.known_post_keys(s.name, sec.name)
                 for s in sites for sec in s.sections}
        log_file = None
        if not verbose:
            log_file = config.log_dir / f"crawl-{run_id}.log"
            probe_file(log_file)  # a full disk there: one line now, not Scrapy's start-up tracebacks
        process = CrawlerProcess(scrapy_settings(config, log_file, progress))
        if not verbose:
            logging.getLogger().handlers = [h for h in logging.getLogger().handlers
                                            if not isinstance(h, logging.StreamHandler)
                                            or isinstance(h, logging.FileHandler)]
        crawler = process.create_crawler(PortalSpider)
        process.crawl(crawler, config=config, sites=sites, known=known, store=store, run_id=run_id)
        process.start()
        reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
        guard = getattr(crawler, "storage_guard", None)  # crawler.storeguard: the first disk fault stops it
        if guard is not None and guard.fault:
            where = config.database if guard.where == "database" else Path(guard.where)
            reserve.release()
            raise StoreError(fault_line(where, guard.fault, guard.error, run_id, store.fail_run(run_id)))
        status = "finished" if reason == "finished" else "interrupted"
        sections = store.run_sections(run_id)
        fetches = store.fetches(run_id)
        pages = crawler.stats.get_value("response_received_count", 0) if crawler.stats else 0
        new_posts = sum(r["new_posts"] for r in sections)
        errors = sum(r["errors"] for r in sections) + sum(1 for f in fetches if f["kind"] == "home" and f["reason"])
        store.finish_run(run_id, status, pages, new_posts, errors)
        changes: dict[str, Any] = {"opened": [], "resolved": []}
        if status == "finished":
            changes = run_checks(config, store, run_id, sites)
            for hook in AFTER_CRAWL:
                hook(config, store, run_id, changes)
        return summarise(store, run_id, sites, time.monotonic() - began, log_file, changes)
    except (sqlite3.DatabaseError, OSError) as exc:  # the disk failed outside the pipelines: same one line
        what = storage_fault(exc)
        if what is None:
            raise
        reserve.release()
        marked = run_id is not None and store.fail_run(run_id)
        where = Path(exc.filename) if isinstance(exc, OSError) and exc.filename else config.database
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StoreError(fault_line(where, what, detail, run_id, marked)) from None
    finally:
        reserve.release()
        store.close()


def summarise(store: Store, run_id: int, sites: list[SiteConfig], duration: float,
              log_file: Path | None, changes: dict[str, Any]) -> dict[str, Any]:
    run = store.run(run_id)
    by_key = {(r["site"], r["section"]): r for r in store.run_sections(run_id)}
    homes = {f["site"]: f for f in store.fetches(run_id, "home")}
    out_sites = []
    for site in sites:
        home = homes.get(site.name)
        sections = []
        for sec in site.sections:
            r = by_key.get((site.name, sec.name))
            sections.append({
                "name": sec.name, "url": sec.url,
                "new_posts": r["new_posts"] if r else 0,
                "posts_seen": r["items"] if r else 0,
                "pages": r["pages"] if r else 0,
                "errors": r["errors"] if r else 0,
                "error": (r["error"] or None) if r else "not crawled (run interrupted)",
                "duration_seconds": r["duration"] if r else None,
            })
        out_sites.append({
            "name": site.name, "url": site.url,
            "reachable": bool(home) and not home["reason"],
            "error": (home["error"] or None) if home else "not crawled (run interrupted)",
            "new_posts": sum(s["new_posts"] for s in sections),
            "sections": sections,
        })
    return {
        "run_id": run_id, "status": run["status"], "started": run["started"], "finished": run["finished"],
        "duration_seconds": round(duration, 2), "pages": run["pages"], "new_posts": run["new_posts"],
        "errors": run["errors"], "log_file": str(log_file) if log_file else None,
        "findings_opened": len(changes["opened"]), "findings_resolved": len(changes["resolved"]),
        "links": link_counts(store, run_id),
        "sites": out_sites,
    }


def link_counts(store: Store, run_id: int) -> dict[str, int]:
    """Distinct link targets this run verified, and how many of them failed."""
    if "link_results" not in store.db.table_names():
        return {"checked": 0, "failed": 0}
    checked, failed = store.db.execute(
        "SELECT COUNT(*), COALESCE(SUM(ok = 0), 0) FROM link_results WHERE run_id = ?", [run_id]).fetchone()
    return {"checked": checked, "failed": failed}
