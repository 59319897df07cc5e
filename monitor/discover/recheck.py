"""``discover`` with no URL: compare each configured site's navigation with its configured columns.

A column found that no section points at → ``new_section``; a configured section whose page the navigation
no longer links → ``section_vanished``. Both are stored as notes (``monitor.store.sitenotes``) for the next
digest, never as findings. A site cut short by the page budget gets no vanished notes (not seen ≠ gone).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.discover.columns import column_key
from monitor import clock
from monitor.config import SiteConfig
from monitor.discover.run import Proposal, SiteDiscovery
from monitor.store import sitenotes


@dataclass
class Changes:
    site: str
    error: str | None = None
    columns: int = 0
    new: list[Proposal] = field(default_factory=list)
    vanished: list[tuple[str, str]] = field(default_factory=list)  # (section name, url)
    noted: int = 0
    partial: bool = False


def compare(site: SiteConfig, found: SiteDiscovery) -> Changes:
    out = Changes(site.name, error=found.error, columns=len(found.columns), partial=found.budget_reached)
    if found.error:
        return out
    configured = {column_key(s.url) for s in site.sections}
    out.new = [p for p in found.columns if column_key(p.url) not in configured]
    if not found.budget_reached:
        out.vanished = [(s.name, s.url) for s in site.sections if column_key(s.url) not in found.seen_keys]
    return out


def record(db, site: SiteConfig, changes: Changes) -> None:
    """Store the notes (once per change) and settle the columns that are where the config says."""
    now = clock.iso(clock.now())
    for p in changes.new:
        changes.noted += sitenotes.add(db, site.name, "new_section", p.name, p.url, now)
    for name, url in changes.vanished:
        changes.noted += sitenotes.add(db, site.name, "section_vanished", name, url, now)
    gone = {u for _, u in changes.vanished}
    for section in site.sections if not changes.error else []:
        if section.url not in gone:
            sitenotes.settle(db, site.name, section.url, now)


def lines(changes: Changes) -> list[str]:
    if changes.error:
        return [f"{changes.site}: not checked ({changes.error})"]
    out = [f"{changes.site}: {changes.columns} columns in the navigation"]
    out += [f"  new column: {p.name} {p.url}" for p in changes.new]
    out += [f"  gone from the navigation: {name} {url}" for name, url in changes.vanished]
    if changes.partial:
        out.append("  page budget reached: vanished columns not judged (raise --max-pages)")
    if not changes.new and not changes.vanished:
        out.append("  no change: every configured column is linked, no new column")
    out.append(f"  {changes.noted} notes stored for the next digest")
    return out
