"""missing_footer_link, missing_footer_text (the home page's footer) and not_linked_from.

A finding's ``url`` names what is missing: the required link, the required text, or the page
(``linked_from``) that should link to the site.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from crawler.extract.footer import has_link, has_text
from monitor.config import Config, SiteConfig
from monitor.links_store import LinkStore, carry_over
from monitor.store import Finding, Store

KINDS = ["missing_footer_link", "missing_footer_text", "not_linked_from"]


def _host(url: str) -> str:
    """Host (without ``www.``) and any non-default port: what "links to the site" compares."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port not in (None, 80, 443) else host


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> list[Finding]:
    facts = LinkStore(store)
    findings: list[Finding] = []
    for site in sites:
        footer = facts.footer(run_id, site.name)
        if footer is None:  # home page not fetched this crawl: keep what is open
            findings += [f for f in carry_over(store, KINDS[:2], site.name)]
        else:
            where = [{"url": footer["page_url"], "text": ""}]
            none = "the home page has no recognisable footer"
            reason = "not_in_footer" if footer["found"] else "no_footer"
            for wanted in site.footer_links:
                if not footer["found"] or not has_link(footer["links"], wanted):
                    findings.append(Finding("missing_footer_link", site.name, None, wanted, reason=reason,
                                            detail=none if not footer["found"] else
                                            f"the footer of {footer['page_url']} does not link to {wanted}",
                                            found_on=where))
            for wanted in site.footer_text:
                if not footer["found"] or not has_text(footer["text"], wanted):
                    findings.append(Finding("missing_footer_text", site.name, None, wanted, reason=reason,
                                            detail=none if not footer["found"] else
                                            f"the footer of {footer['page_url']} does not contain {wanted!r}",
                                            found_on=where))
        pages = {p["page_url"]: p for p in facts.pages(run_id, site.name, "linked_from")}
        home = _host(site.url)
        for page_url in site.linked_from:
            page = pages.get(page_url)
            if page is None or page["reason"]:
                # cannot tell today: keep an open finding for this page, open none
                findings += [f for f in carry_over(store, ["not_linked_from"], site.name) if f.url == page_url]
                continue
            refs = facts.refs_of_page(run_id, site.name, page_url)
            if not any(_host(r["url"]) == home for r in refs):
                findings.append(Finding("not_linked_from", site.name, None, page_url, reason="no_link",
                                        detail=f"{page_url} has no link to {site.url}",
                                        found_on=[{"url": page_url, "text": ""}]))
    return findings
