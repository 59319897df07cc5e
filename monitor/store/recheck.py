"""What a night re-verifies besides what the spider reads anyway: the rolling share (issue 9).

Why: re-reading every known page every night costs a full crawl; re-reading only what changed leaves
old findings unverified for ever. So every known page is re-read (conditional GET) and every known
link target re-checked at least every ``recheck_days``, failing targets every night: each night takes
the oldest ~1/recheck_days of pages and of targets (per day since the last crawl; ties by URL, so a
night's choice is reproducible),
plus every one that would pass the limit before the next nightly crawl (last verified more than
``recheck_days`` - 1 days ago, with 6 hours' slack for crawls that start or run late).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from crawler.extract.pagination import is_jcms_proxy
from crawler.spec import RecheckPlan
from monitor import clock
from monitor.store.links import Inventory

ROLLING_KINDS = ("list", "article")  # home, column and linked_from pages are read every night anyway
EVIDENCE_ON_PAGES = ("broken_link", "unverified_link", "hidden_link")


def roots(sites: Iterable[Any]) -> set[str]:
    """Pages the spider reads every night: home pages, column URLs, ``linked_from`` pages."""
    out: set[str] = set()
    for site in sites:
        out |= {site.url, *(sec.url for sec in site.sections), *site.linked_from}
    return out


def rolling_share(rows: list[Any], stamp: str, now: datetime, recheck_days: int) -> list[Any]:
    """The oldest rows by ``stamp``, 1/recheck_days of them per day since the newest ``stamp`` (the last
    crawl: a nightly crawl takes ~1/recheck_days, a second crawl the same hour none), plus every row
    due before the next night."""
    if not rows:
        return []
    rows = sorted(rows, key=lambda r: (r[stamp] or "", r["url"]))
    latest = max((r[stamp] for r in rows if r[stamp]), default=None)
    days = (now - datetime.fromisoformat(latest)).total_seconds() / 86400 if latest else recheck_days
    share = math.ceil(len(rows) * min(1.0, max(0.0, days) / recheck_days) - 1e-9)
    limit = clock.iso(now - timedelta(days=recheck_days - 1, hours=6))
    return rows[:share] + [r for r in rows[share:] if not r[stamp] or r[stamp] < limit]


# what the plan reads of a page row (not its links, hidden links or footer: ``Inventory.live_links`` streams links)
PLAN_COLUMNS = "id, url, site, kind, gone_at, read_at, read_run, etag, last_modified"
Ignored = Callable[[str, str], bool]  # (site, url) -> [[sites]] ignore_links covers it (verdict.site_ignores)


def _never(site: str, url: str) -> bool:
    return False


def candidates(
    inv: Inventory,
    pages: list[Any],
    sites: list[Any],
    checkable: Callable[[str], bool],
    ignored: Ignored = _never,
) -> tuple[list, list, list]:
    """(live pages to re-read in turn, gone pages still linked, checkable targets that are not live pages).

    Pages the spider reads every night, pages excluded from checking and JCMS list pages (they answer
    only the pager's POST) are not re-read in turn; a target (or page) only ignored sites link to is
    neither re-read nor re-checked."""
    rolling, gone_maybe, live_urls = _rolling(pages, sites, checkable, ignored)
    checks, linked_gone = [], set()
    for t in linked_targets(inv, sites, ignored):
        if t["url"] in gone_maybe:
            linked_gone.add(t["url"])
        if t["url"] not in live_urls and checkable(t["url"]):
            checks.append(t)
    gone = [p for p in rolling if p["url"] in linked_gone]
    return [p for p in rolling if p["gone_at"] is None], gone, checks


def _rolling(
    pages: list[Any], sites: list[Any], checkable: Callable[[str], bool], ignored: Ignored
) -> tuple[list[Any], set[str], set[str]]:
    """(pages re-read in turn, URLs of those gone, URLs of live pages)."""
    live_urls = {p["url"] for p in pages if p["gone_at"] is None}
    rooted = roots(sites)
    rolling = [
        p
        for p in pages
        if p["kind"] in ROLLING_KINDS
        and p["url"] not in rooted
        and checkable(p["url"])
        and not ignored(p["site"], p["url"])
        and not is_jcms_proxy(p["url"])
    ]
    gone_maybe = {p["url"] for p in rolling if p["gone_at"] is not None and p["url"] not in live_urls}
    return rolling, gone_maybe, live_urls


def linked_targets(inv: Inventory, sites: list[Any], ignored: Ignored = _never) -> Iterator[Any]:
    """The targets a live page of ``sites`` links to (and that not only ignoring sites link to), in id order,
    as rows of id, url, ok, checked_at. Why streamed: a province's inventory holds hundreds of thousands
    of targets; only the ids linked from each site are held (ints), never every target row at once."""
    by_site: dict[str, set[int]] = {}
    for page in inv.live_links(s.name for s in sites):
        by_site.setdefault(page["site"], set()).update(tid for tid, _ in inv.page_link_ids(page))
    for t in inv.iter_targets("id, url, ok, checked_at"):
        if any(t["id"] in ids and not ignored(site, t["url"]) for site, ids in by_site.items()):
            yield t


def make_plan(
    inv: Inventory,
    sites: list[Any],
    now: datetime,
    recheck_days: int,
    checkable: Callable[[str], bool],
    check_targets: bool = True,
    ignored: Ignored = _never,
) -> RecheckPlan:
    """Tonight's plan, in the crawler's type (``crawler.spec.RecheckPlan``): handed to the spider as it is."""
    pages = inv.pages([s.name for s in sites], columns=PLAN_COLUMNS)
    rolling, gone, checks = candidates(inv, pages, sites, checkable, ignored)
    plan = RecheckPlan(
        live_pages={p["url"] for p in pages if p["gone_at"] is None},
        verified={t["url"] for t in checks if t["ok"] is not None},
    )
    for page in rolling_share(rolling, "read_at", now, recheck_days):
        plan.pages[page["url"]] = {
            "site": page["site"],
            "kind": page["kind"],
            "etag": page["etag"],
            "last_modified": page["last_modified"],
        }
    for page in gone:  # a failing target: asked again every night, unconditionally
        plan.pages[page["url"]] = {"site": page["site"], "kind": page["kind"], "etag": None, "last_modified": None}
    # pages an open finding names but the inventory never read (a database from before the inventory):
    # read them once, or such findings could never be re-examined
    known, names = {p["url"] for p in pages}, {s.name for s in sites}
    for row in inv.store.findings(open_only=True):
        if row["kind"] in EVIDENCE_ON_PAGES and row["site"] in names:
            for where in row["found_on"]:
                if where["url"] not in known and checkable(where["url"]) and not ignored(row["site"], where["url"]):
                    plan.pages.setdefault(
                        where["url"], {"site": row["site"], "kind": "article", "etag": None, "last_modified": None}
                    )
    if check_targets:
        failing = [t for t in checks if t["ok"] != 1]  # failing, or never checked (checking was off)
        plan.targets = [t["url"] for t in failing] + [
            t["url"] for t in rolling_share([t for t in checks if t["ok"] == 1], "checked_at", now, recheck_days)
        ]
    return plan


def overdue(
    inv: Inventory,
    sites: list[Any],
    now: datetime,
    recheck_days: int,
    checkable: Callable[[str], bool],
    ignored: Ignored = _never,
) -> dict[str, int]:
    """Known pages and targets not re-verified within ``recheck_days`` (after this run)."""
    pages = inv.pages([s.name for s in sites], columns=PLAN_COLUMNS)
    rolling, _, live_urls = _rolling(pages, sites, checkable, ignored)
    limit = clock.iso(now - timedelta(days=recheck_days))
    return {
        "pages_overdue": sum(1 for p in rolling if p["gone_at"] is None and (p["read_at"] or "") < limit),
        "targets_overdue": sum(
            1
            for t in linked_targets(inv, sites, ignored)  # counted as they stream: no list of rows
            if t["url"] not in live_urls and checkable(t["url"]) and (t["checked_at"] or "") < limit
        ),
    }
