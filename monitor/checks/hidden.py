"""hidden_link: off-site links hidden from readers (暗链) on every known page of a site.

Severity is urgent when a spam keyword ([monitor] hidden_link_keywords) or a suspicious TLD matches.
Evidence (issue 9): a finding is confirmed when a page carrying it was re-read, and resolves when every
page it sat on was re-read (or is gone) without it.
"""

from __future__ import annotations

from monitor.config import Config, SiteConfig
from monitor.store.core import Store
from monitor.store.evidence import Checked, Finding
from monitor.store.links import Inventory

KINDS = ["hidden_link"]


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> Checked:
    inv = Inventory(store)
    open_rows = [r for r in store.findings(open_only=True) if r["kind"] in KINDS]
    out = Checked()
    for site in sites:
        pages = inv.pages([site.name])
        by_url: dict[str, Finding] = {}
        runs: dict[str, int] = {}
        for page in pages:
            if page["gone_at"] is not None:
                continue
            for row in inv.facts(page, "hidden") or []:
                f = by_url.get(row["url"])
                if f is None:
                    detail = f"{row['method']} on {row['where']}" if row["where"] else row["method"]
                    if row.get("matched"):
                        detail += f"; matches {row['matched']!r}"
                    f = by_url[row["url"]] = Finding(
                        "hidden_link",
                        site.name,
                        None,
                        row["url"],
                        reason=row["method"],
                        detail=detail,
                        severity=row["severity"],
                    )
                if row["severity"] == "urgent":
                    f.severity = "urgent"
                if not any(p["url"] == page["url"] for p in f.found_on):
                    f.found_on.append({"url": page["url"], "text": row["text"] or ""})
                runs[row["url"]] = max(runs.get(row["url"], 0), page["read_run"])
        for url, f in by_url.items():
            out.add(f, runs[url])
        known = {p["url"] for p in pages}
        for row in open_rows:
            sat_on = [p["url"] for p in row["found_on"]]
            if row["site"] == site.name and row["url"] not in by_url and sat_on and all(u in known for u in sat_on):
                out.evidence[row["key"]] = run_id  # every page it sat on was re-read without it, or is gone
    return out
