"""Post-crawl checks: stored facts + config -> findings.

Each check module has ``KINDS`` (the finding kinds it owns) and ``check(config, store, run_id, sites)``
returning a ``Checked``: the findings of those kinds that hold now, and per finding key the run whose
evidence it rests on; ``run_checks`` syncs them so findings open, stay and resolve across crawls, each
only on evidence re-examined since it was last confirmed (issue 9). Add a check by adding its module to
``CHECKS``.
"""

from __future__ import annotations

from typing import Any

from monitor.checks import backdated, footer, hidden, home, links, sections, veto
from monitor.checks import limits as link_limits  # too_many_links (issue 10)
from monitor.config import Config, SiteConfig
from monitor.store.core import Store
from monitor.store.findings import sync_findings

CHECKS = [sections, links, footer, hidden]
CHECKS.append(link_limits)
CHECKS += [home, backdated]  # issue 13: home-page freshness, backdated posts
CHECKS.append(veto)  # keep last: it counts the findings the column and home-page checks just synced


def run_checks(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> dict[str, list[dict[str, Any]]]:
    names = [s.name for s in sites]
    changes: dict[str, list[dict[str, Any]]] = {"opened": [], "resolved": []}
    for module in CHECKS:
        found = module.check(config, store, run_id, sites)
        result = sync_findings(store.db, module.KINDS, names, found.findings, run_id, evidence=found.evidence)
        changes["opened"] += result["opened"]
        changes["resolved"] += result["resolved"]
    return changes
