"""Run one crawl in this process: lock the database, crawl with Scrapy, run the checks, summarise.

Scrapy's reactor runs once per process, so callers that crawl repeatedly (the scheduler, tests) start
``python -m monitor crawl`` as a child process instead of calling ``run_crawl`` twice.
"""

from __future__ import annotations

import functools
import gc
import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from monitor import clock, columntypes, inspection
from monitor.alerts import digest as alerts
from monitor.checks import run_checks
from monitor.config import Config, SiteConfig, ensure_log_dir
from monitor.errors import StoreError, UsageError
from monitor.handoff import StoreSink, crawl_spec
from monitor.limits import bounds_settings, crawl_limits, run_status, save_limits
from monitor.private import private_file
from monitor.store.core import Store
from monitor.store.diskfault import Reserve, fault_line, probe_file, storage_fault, test_page_limit
from monitor.store.homedates import home_row
from monitor.store.links import Inventory
from monitor.store.progress import completeness, load_progress, stored_counts
from monitor.store.recheck import overdue

# Called as hook(config, store, run_id, changes) after the checks of a finished crawl.
AFTER_CRAWL: list[Callable[[Config, Store, int, dict[str, Any]], None]] = [alerts.crawl_hook]


def select_sites(config: Config, names: list[str] | None) -> list[SiteConfig]:
    if not names:
        return list(config.sites)
    known = {s.name for s in config.sites}
    missing = [n for n in names if n not in known]
    if missing:
        raise UsageError(f"{config.path}: no site named {missing[0]!r}; configured sites: " + ", ".join(sorted(known)))
    return [s for s in config.sites if s.name in names]


def scrapy_settings(config: Config, log_file: Path | None, progress: bool) -> dict[str, Any]:
    import crawler.settings as base
    from crawler.fetchpolicy import policy_settings

    settings = {k: getattr(base, k) for k in dir(base) if k.isupper()}
    settings.update(
        {
            "DOWNLOAD_TIMEOUT": config.timeout_seconds,
            "CONCURRENT_REQUESTS": config.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": config.per_host_concurrency,
            "USER_AGENT": config.user_agent,
            "DOWNLOAD_MAXSIZE": config.max_page_bytes,
            "CAMPUS_MONITOR_PROGRESS": progress,
            **policy_settings(config),  # the sites' hosts and allow_networks, for the address policy
            **bounds_settings(config),  # per page, per site, per night (crawler.bounds)
            "CAMPUS_MONITOR_NOW": functools.partial(clock.now, config.timezone),  # the one clock
        }
    )
    if log_file is not None:
        settings["LOG_FILE"] = str(log_file)
        settings["LOG_FILE_APPEND"] = False
    return settings


def run_crawl(
    config: Config, site_names: list[str] | None = None, verbose: bool = False, progress: bool = True
) -> dict[str, Any]:
    """Crawl the selected sites once; returns the run summary (what ``crawl --json`` prints)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.linkcheck.verdict import link_filter, site_ignores
    from crawler.spiders.portal import PortalSpider
    from monitor.store.recheck import make_plan

    sites = select_sites(config, site_names)
    if not verbose:
        ensure_log_dir(config)
    store = Store(config.database, crawl_lock=True)  # the lock before the schema: a racing crawl is told so
    began = time.monotonic()
    run_id = None
    reserve = Reserve(config.database)  # room to record "failed" if the disk fills
    test_page_limit(store.db.conn)
    try:
        run_id = store.start_run([s.name for s in sites])
        known = {(s.name, sec.name): store.known_post_keys(s.name, sec.name) for s in sites for sec in s.sections}
        walks = load_progress(store.db)
        log_file = None
        if not verbose:
            log_file = private_file(config.log_dir / f"crawl-{run_id}.log")  # 0600 before Scrapy opens it
            probe_file(log_file)  # a full disk there: one line now, not Scrapy's start-up tracebacks
        settings = scrapy_settings(config, log_file, progress)
        spec = crawl_spec(config, sites)
        # what the pipelines and the Progress extension read in from_crawler (crawler/ imports no monitor/)
        settings.update(
            {
                "CAMPUS_MONITOR_RUN_ID": run_id,
                "CAMPUS_MONITOR_SINK": StoreSink(store, sites, config.backdate_days, config.timezone),
                "CAMPUS_MONITOR_SECTIONS": sum(len(s.sections) for s in sites),
            }
        )
        now = settings["CAMPUS_MONITOR_NOW"]
        plan = make_plan(
            Inventory(store),
            sites,
            now(),
            config.recheck_days,
            link_filter(spec),
            check_targets=bool(config.check_links),
            ignored=site_ignores(spec),
        )  # tonight's re-reads and re-checks
        process = CrawlerProcess(settings)
        if not verbose:
            logging.getLogger().handlers = [
                h
                for h in logging.getLogger().handlers
                if not isinstance(h, logging.StreamHandler) or isinstance(h, logging.FileHandler)
            ]
        crawler = process.create_crawler(PortalSpider)
        process.crawl(crawler, spec=spec, known=known, progress=walks, plan=plan, now=now)
        process.start()
        reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
        guard = getattr(crawler, "storage_guard", None)  # crawler.storeguard: the first disk fault stops it
        if guard is not None and guard.fault:
            where = config.database if guard.where == "database" else Path(guard.where)
            reserve.release()
            raise StoreError(fault_line(where, guard.fault, guard.error, run_id, store.fail_run(run_id)))
        limits = crawl_limits(crawler, store, run_id, sites)
        save_limits(store, run_id, limits)
        status = run_status(reason, limits)  # finished | partial | interrupted
        sections = store.run_sections(run_id)
        fetches = store.fetches(run_id)
        pages = crawler.stats.get_value("response_received_count", 0) if crawler.stats else 0
        # the crawl's own state (its URL sets, the sink's target map, tonight's plan) is freed before the
        # checks: their rows reuse that memory instead of adding to it (issue 14: 100,000 pages in 500 MB)
        del crawler, process, settings, plan, known, walks
        gc.collect()
        new_posts = sum(r["new_posts"] for r in sections)
        errors = sum(r["errors"] for r in sections) + sum(1 for f in fetches if f["kind"] == "home" and f["reason"])
        store.finish_run(run_id, status, pages, new_posts, errors)
        changes: dict[str, Any] = {"opened": [], "resolved": []}
        if status in ("finished", "partial"):  # a partial run checks only the sites it finished
            changes = run_checks(config, store, run_id, [s for s in sites if s.name not in limits["sites_cut_short"]])
            for hook in AFTER_CRAWL:
                hook(config, store, run_id, changes)
        summary = summarise(store, run_id, sites, time.monotonic() - began, log_file, changes)
        summary["links"] = link_counts(config, store, run_id, sites)
        summary["limits"] = limits
        for site in summary["sites"]:
            site["cut_short"] = limits["sites_cut_short"].get(site["name"])  # budget | deadline | None
        return summary
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


def summarise(
    store: Store, run_id: int, sites: list[SiteConfig], duration: float, log_file: Path | None, changes: dict[str, Any]
) -> dict[str, Any]:
    run = store.run(run_id)
    by_key = {(r["site"], r["section"]): r for r in store.run_sections(run_id)}
    homes = {f["site"]: f for f in store.fetches(run_id, "home")}
    progress, stored = load_progress(store.db), stored_counts(store.db)
    open_now = store.findings(open_only=True)
    out_sites = []
    for site in sites:
        home = homes.get(site.name)
        sections = []
        for sec in site.sections:
            r = by_key.get((site.name, sec.name))
            sections.append(
                {
                    "name": sec.name,
                    "url": sec.url,
                    "new_posts": r["new_posts"] if r else 0,
                    "posts_seen": r["items"] if r else 0,
                    "pages": r["pages"] if r else 0,
                    "errors": r["errors"] if r else 0,
                    "error": (r["error"] or None) if r else f"not crawled (run {run['status']})",
                    "duration_seconds": r["duration"] if r else None,
                    **completeness(progress.get((site.name, sec.name)), stored.get((site.name, sec.name), 0)),
                    **columntypes.facts(sec),  # issue 13: type, type_source, stale_after_days, stale_source
                }
            )
        out_sites.append(
            {
                "name": site.name,
                "url": site.url,
                "reachable": bool(home and not home["reason"]),
                "error": (home["error"] or None) if home else f"not crawled (run {run['status']})",
                "new_posts": sum(s["new_posts"] for s in sections),
                "inspection": [c.as_dict() for c in inspection.assess(site, open_now)],  # 单项否决 counts
                "home_newest": (home_row(store.db, run_id, site.name) or {}).get("newest"),  # issue 13
                "sections": sections,
            }
        )
    return {
        "run_id": run_id,
        "status": run["status"],
        "started": run["started"],
        "finished": run["finished"],
        "duration_seconds": round(duration, 2),
        "pages": run["pages"],
        "new_posts": run["new_posts"],
        "errors": run["errors"],
        "log_file": str(log_file) if log_file else None,
        "findings_opened": len(changes["opened"]),
        "findings_resolved": len(changes["resolved"]),
        "sites": out_sites,
    }


def link_counts(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> dict[str, int]:
    """Distinct link targets this run verified and how many failed; what it re-verified from the link
    inventory (pages re-read, of which 304 Not Modified, targets re-checked) and what is still overdue."""
    from crawler.linkcheck.verdict import link_filter, site_ignores

    inv = Inventory(store)
    db = store.db
    checked, failed, rechecked = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(ok = 0), 0), COALESCE(SUM(first_run < checked_run), 0)"
        " FROM inv_targets WHERE checked_run = ?",
        [run_id],
    ).fetchone()
    read, reread, not_modified = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(first_run < read_run), 0), COALESCE(SUM(not_modified), 0)"
        " FROM inv_pages WHERE read_run = ?",
        [run_id],
    ).fetchone()
    spec = crawl_spec(config, sites)
    late = overdue(inv, sites, clock.now(), config.recheck_days, link_filter(spec), site_ignores(spec))
    return {
        "checked": checked,
        "failed": failed,
        "targets_rechecked": rechecked,
        "pages_read": read,
        "pages_reread": reread,
        "not_modified": not_modified,
        **late,
    }
