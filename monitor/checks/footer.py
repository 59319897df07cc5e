"""missing_footer_link, missing_footer_text (the home page's footer) and not_linked_from.

A finding's ``url`` names what is missing: the required link, the required text, or the page
(``linked_from``) that should link to the site. Facts come from the link inventory (``monitor.store.links``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from crawler.extract.footer import has_link, has_text
from monitor.config import Config, SiteConfig
from monitor.store.core import Store
from monitor.store.evidence import Checked, Finding
from monitor.store.links import Inventory

KINDS = ["missing_footer_link", "missing_footer_text", "not_linked_from"]
SEVERITY = "normal"  # issue 12: required by the inspectors, but not what readers see first


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


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> Checked:
    """Evidence (issue 9): the home page's last read for footer findings, the ``linked_from`` page's for
    ``not_linked_from``; a finding whose page was not re-read stays as it is."""
    inv = Inventory(store)
    open_rows = [r for r in store.findings(open_only=True) if r["kind"] in KINDS]
    out = Checked()
    for site in sites:
        pages = {(p["kind"], p["url"]): p for p in inv.pages([site.name])}
        home = pages.get(("home", site.url)) or next((p for k, p in pages.items() if k[0] == "home"), None)
        footer = inv.facts(home, "footer") if home else None
        if home is not None and footer is not None:
            _footer_findings(out, site, home, footer)
            for row in open_rows:
                if row["site"] == site.name and row["kind"] in KINDS[:2]:
                    out.evidence.setdefault(row["key"], home["read_run"])
        home_host = _host(site.url)
        for page_url in site.linked_from:
            page = pages.get(("linked_from", page_url))
            if page is None:
                continue  # never read: cannot tell
            linked = inv.targets(f"id IN ({','.join(str(t) for t, _ in inv.page_link_ids(page)) or 'NULL'})")
            if not any(_host(t["url"]) == home_host for t in linked.values()):
                out.add(
                    Finding(
                        "not_linked_from",
                        site.name,
                        None,
                        page_url,
                        reason="no_link",
                        detail=f"{page_url} 上没有指向 {site.url} 的链接",
                        found_on=[{"url": page_url, "text": ""}],
                        severity=SEVERITY,
                    ),
                    page["read_run"],
                )
            for row in open_rows:
                if row["site"] == site.name and row["kind"] == "not_linked_from" and row["url"] == page_url:
                    out.evidence.setdefault(row["key"], page["read_run"])
    return out


def _footer_findings(out: Checked, site: SiteConfig, home: Any, footer: dict) -> None:
    where = [{"url": home["url"], "text": ""}]
    none = f"首页 {home['url']} 没有可识别的页脚"
    reason = "not_in_footer" if footer["found"] else "no_footer"
    wants = (  # details are read in Chinese mail and CSV lists (issue 12)
        (
            "missing_footer_link",
            site.footer_links,
            lambda w: has_link(footer["links"], w),
            "首页页脚没有指向 {} 的链接",
        ),
        ("missing_footer_text", site.footer_text, lambda w: has_text(footer["text"], w), "首页页脚未包含“{}”"),
    )
    for kind, wanted_all, present, says in wants:
        for wanted in wanted_all:
            if not footer["found"] or not present(wanted):
                detail = none if not footer["found"] else says.format(wanted)
                out.add(
                    Finding(
                        kind, site.name, None, wanted, reason=reason, detail=detail, found_on=where, severity=SEVERITY
                    ),
                    home["read_run"],
                )
