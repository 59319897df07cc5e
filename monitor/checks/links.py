"""broken_link and unverified_link: each failed link target of a site, with every page it sits on.

A target that answered 429 until the end, or that needs a login (a redirect to a CAS/统一身份认证
page, or 401), is ``unverified_link`` (reason rate_limited / login_required), never broken; so is a
target the monitor refuses to fetch: a file:/ftp: link (scheme_not_checked) or a loopback, link-local
or private address (private_address, see crawler/fetchpolicy.py).
"""
from __future__ import annotations

from monitor.config import Config, SiteConfig
from monitor.links_store import LinkStore, carry_over
from monitor.store import Finding, Store

KINDS = ["broken_link", "unverified_link"]
UNVERIFIED = {"rate_limited", "login_required", "scheme_not_checked", "private_address"}
UNVERIFIED |= {"budget_exhausted", "deadline"}  # crawler.bounds: not fetched, so no verdict (issue 10)


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> list[Finding]:
    if not config.check_links:
        return []
    facts = LinkStore(store)
    findings: list[Finding] = []
    for site in sites:
        if not facts.pages(run_id, site.name, "home"):  # home unreachable: site_unreachable says it all
            findings += carry_over(store, KINDS, site.name)  # nothing was crawled: keep what is open
            continue
        by_url: dict[str, Finding] = {}
        for ref in facts.bad_refs(run_id, site.name):
            f = by_url.get(ref["url"])
            if f is None:
                kind = "unverified_link" if ref["reason"] in UNVERIFIED else "broken_link"
                detail = ref["detail"] or ref["reason"]
                if ref["final_url"]:
                    detail += f" (after redirects to {ref['final_url']})"
                f = by_url[ref["url"]] = Finding(kind, site.name, None, ref["url"], reason=ref["reason"],
                                                 detail=detail)
            if not any(p["url"] == ref["page_url"] for p in f.found_on):
                f.found_on.append({"url": ref["page_url"], "text": ref["text"] or ""})
        findings += by_url.values()
    return findings
