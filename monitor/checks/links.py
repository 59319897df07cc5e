"""broken_link and unverified_link: each failed link target of a site, with every page it sits on.

Computed from the link inventory (every page read so far, not only tonight's). A target that answered
429 until the end, or that needs a login (a redirect to a CAS/统一身份认证 page, or 401), is
``unverified_link`` (reason rate_limited / login_required), never broken; so is a target the monitor
refuses to fetch: a file:/ftp: link (scheme_not_checked) or a loopback, link-local or private address
(private_address, see crawler/fetchpolicy.py).

Severity (issue 12): a broken link to the site's own domain (a page or an attachment readers need) is
normal, one to another site (a friend link the school does not control) low; unverified links are low.

Evidence (issue 9): a finding rests on its target's last check, so it is confirmed or resolved only by
a re-check; it also resolves when every page it sat on was re-read (or is gone) without it.

``[[sites]] ignore_links`` (issue 12): a target the site ignores is never a finding of that site, and an open
finding of a target the config came to ignore resolves at the site's next crawl (the config is the evidence;
``monitor.alerts.mute`` keeps that resolution out of the mail: nothing was fixed).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from crawler.extract.urls import site_domain
from crawler.linkcheck.verdict import skip_matches
from crawler.reasons import Reason
from monitor.alerts.wording import failure_text
from monitor.config import Config, SiteConfig
from monitor.store.core import Store
from monitor.store.evidence import Checked, Finding
from monitor.store.links import LINK_KINDS, Inventory

KINDS = ["broken_link", "unverified_link"]
UNVERIFIED = {Reason.RATE_LIMITED, Reason.LOGIN_REQUIRED, Reason.SCHEME_NOT_CHECKED, Reason.PRIVATE_ADDRESS}
UNVERIFIED |= {Reason.BUDGET_EXHAUSTED, Reason.DEADLINE}  # crawler.bounds: not fetched, so no verdict (issue 10)


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> Checked:
    """Why only the failing targets are loaded: a province's inventory holds hundreds of thousands of
    targets, and a page's packed links name them by id (``Inventory.page_link_ids``)."""
    inv = Inventory(store)
    failing = inv.targets("ok = 0")  # id -> row: the only targets a finding is made of
    open_rows = [r for r in store.findings(open_only=True) if r["kind"] in KINDS]
    by_url = inv.targets_by_url(r["url"] for r in open_rows if r["url"])  # what an open finding is about
    out = Checked()
    for site in sites:
        pages = inv.pages([site.name])
        carried: set[int] = set()  # every target a live page of the site links to
        where: dict[int, list[dict[str, str]]] = {}  # failing target id -> pages (with link text) it sits on
        for page in pages:
            if page["gone_at"] is None and page["kind"] in LINK_KINDS:
                for tid, text in inv.page_link_ids(page):
                    carried.add(tid)
                    if tid in failing:
                        shown = (failing[tid]["text"] or "") if text is None else text
                        where.setdefault(tid, []).append({"url": page["url"], "text": shown})
        for tid, found_on in where.items():
            if not (site.ignore_links and skip_matches(failing[tid]["url"], site.ignore_links)):
                out.add(_finding(site, failing[tid], found_on), failing[tid]["checked_run"])
        current = {f.key for f in out.findings}
        for row in open_rows:
            if row["site"] == site.name and row["key"] not in current:
                if site.ignore_links and skip_matches(row["url"] or "", site.ignore_links):
                    out.evidence[row["key"]] = run_id  # ignored by the config from tonight on: resolves
                    continue
                run = absence_evidence(row, pages, carried, by_url.get(row["url"]), run_id)
                if run is not None:
                    out.evidence[row["key"]] = run
    return out


def _domain(url: str) -> str:
    return site_domain(urlsplit(url).hostname or "")


def link_severity(kind: str, site_url: str, target_url: str) -> str:
    """normal for a broken on-site target (same registrable domain as the site), else low."""
    return "normal" if kind == "broken_link" and _domain(target_url) == _domain(site_url) else "low"


def _finding(site: SiteConfig, target: Any, where: list[dict[str, str]]) -> Finding:
    kind = "unverified_link" if target["reason"] in UNVERIFIED else "broken_link"
    detail = failure_text(target["reason"], target["detail"])
    if target["final_url"]:
        detail += f"（重定向到 {target['final_url']} 之后）"
    return Finding(
        kind,
        site.name,
        None,
        target["url"],
        reason=target["reason"],
        detail=detail,
        severity=link_severity(kind, site.url, target["url"]),
        found_on=where,
    )


def absence_evidence(row: dict[str, Any], pages: list[Any], carried: set[int], target: Any, run_id: int) -> int | None:
    """The run whose facts say an open link finding no longer holds, or None (nothing re-examined).

    Carried: only a re-check of the target can tell (its run; the sync compares it with the finding's).
    Not carried: every page it sat on must be known to the inventory (re-read without it, or gone).
    """
    if target is not None and target["id"] in carried:
        return target["checked_run"]
    known = {p["url"] for p in pages}
    sat_on = [p["url"] for p in row["found_on"]]
    return run_id if sat_on and all(u in known for u in sat_on) else None
