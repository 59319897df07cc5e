"""too_many_links: a page with more distinct links than ``max_links_per_page`` (issue 10).

Only the page's first ``max_links_per_page`` targets were checked; the finding says how many were
not. A campus page with thousands of links is rare and often an injected link farm (暗链), so it is
worth a look even when every checked link works. Severity low (issue 12): a hidden link farm is reported
by the hidden-link check on its own; this says only that some links went unchecked. Reads the run's ``run_limits`` (``monitor.limits``);
the crawl summary lists at most ``crawler.linkcheck.linkcap.MAX_PAGES_LISTED`` capped pages, so do the findings.
"""

from __future__ import annotations

from monitor.config import Config, SiteConfig
from monitor.limits import run_limits
from monitor.store.core import Store
from monitor.store.evidence import Checked, Finding
from monitor.store.links import Inventory

KINDS = ["too_many_links"]


def capped_detail(page: dict, limit: int) -> str:
    """What a digest and the CSV list say about a capped page (in Chinese, like every detail in mail)."""
    return (
        f"本页有 {page['links']:,} 个不同的链接，只检查了前 {page['checked']:,} 个，"
        f"{page['not_checked']:,} 个未检查（[monitor] max_links_per_page = {limit:,}）。"
        "一个页面上有这么多链接，常常是被植入的链接农场（暗链），请查看该页面。"
    )


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> Checked:
    """Evidence (issue 9): a capped page was read this run; an open finding resolves only when its page
    was read again (the page's last read in the link inventory), never because tonight's cap list is short."""
    out = Checked()
    if not config.check_links:
        return out
    names = {s.name for s in sites}
    for page in run_limits(store, run_id).get("pages_capped", []):
        if page["site"] not in names:
            continue
        detail = capped_detail(page, config.max_links_per_page)
        out.add(
            Finding(
                "too_many_links",
                page["site"],
                None,
                page["url"],
                reason="links_not_checked",
                detail=detail,
                severity="low",
                found_on=[{"url": page["url"], "text": ""}],
            ),
            run_id,
        )
    read_run = {p["url"]: p["read_run"] for p in Inventory(store).pages(names, columns="url, read_run")}
    for row in store.findings(open_only=True):
        if row["kind"] in KINDS and row["site"] in names and row["url"] in read_run:
            out.evidence.setdefault(row["key"], read_run[row["url"]])
    return out
