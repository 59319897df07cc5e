"""hidden_link: off-site links hidden from readers (暗链) on a site's crawled pages.

Severity is urgent when a spam keyword ([monitor] hidden_link_keywords) or a suspicious TLD matches.
"""
from __future__ import annotations

from monitor.config import Config, SiteConfig
from monitor.links_store import LinkStore, carry_over
from monitor.store import Finding, Store

KINDS = ["hidden_link"]


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> list[Finding]:
    facts = LinkStore(store)
    findings: list[Finding] = []
    for site in sites:
        if not facts.pages(run_id, site.name, "home"):  # home unreachable: site_unreachable says it all
            findings += carry_over(store, KINDS, site.name)
            continue
        by_url: dict[str, Finding] = {}
        for row in facts.hidden(run_id, site.name):
            f = by_url.get(row["url"])
            if f is None:
                detail = f"{row['method']} on {row['where_']}" if row["where_"] else row["method"]
                if row["matched"]:
                    detail += f"; matches {row['matched']!r}"
                f = by_url[row["url"]] = Finding("hidden_link", site.name, None, row["url"], reason=row["method"],
                                                 detail=detail, severity=row["severity"])
            if row["severity"] == "urgent":
                f.severity = "urgent"
            if not any(p["url"] == row["page_url"] for p in f.found_on):
                f.found_on.append({"url": row["page_url"], "text": row["text"] or ""})
        findings += by_url.values()
    return findings
