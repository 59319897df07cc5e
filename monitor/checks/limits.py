"""too_many_links: a page with more distinct links than ``max_links_per_page`` (issue 10).

Only the page's first ``max_links_per_page`` targets were checked; the finding says how many were
not. A campus page with thousands of links is rare and often an injected link farm (暗链), so it is
worth a look even when every checked link works. Reads the run's ``run_limits`` (``monitor.limits``);
the crawl summary lists at most ``crawler.linkcap.MAX_PAGES_LISTED`` capped pages, so do the findings.
"""
from __future__ import annotations

from monitor.config import Config, SiteConfig
from monitor.limits import run_limits
from monitor.store import Finding, Store

KINDS = ["too_many_links"]


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> list[Finding]:
    if not config.check_links:
        return []
    names = {s.name for s in sites}
    findings = []
    for page in run_limits(store, run_id).get("pages_capped", []):
        if page["site"] not in names:
            continue
        detail = (f"{page['links']:,} distinct links on this page; the first {page['checked']:,} were checked, "
                  f"{page['not_checked']:,} were not ([monitor] max_links_per_page = {config.max_links_per_page:,})."
                  " So many links on one page is often an injected link farm: look at the page.")
        findings.append(Finding("too_many_links", page["site"], None, page["url"], reason="links_not_checked",
                                detail=detail, found_on=[{"url": page["url"], "text": ""}]))
    return findings
