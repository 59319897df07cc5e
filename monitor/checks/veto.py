"""inspection_veto: a site crosses one of the inspection's 单项否决 thresholds (issue 13, ``monitor.inspection``).

Why after the column checks: the counts are their open findings (stale_section, empty_section, stale_home),
so this module runs last in ``monitor.checks.CHECKS``. One finding per site and rule (url = site url +
"#否决-<rule>"), urgent: a vetoed site fails the inspection outright.
Evidence (issue 9): the counts were re-examined when tonight's crawl read the site's home page; a site not
crawled or unreachable tonight keeps its veto findings as they are.
"""

from __future__ import annotations

from monitor.config import Config, SiteConfig
from monitor.inspection import assess, veto_detail
from monitor.store.core import Store
from monitor.store.evidence import Checked, Finding

KINDS = ["inspection_veto"]


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> Checked:
    homes = {f["site"]: f for f in store.fetches(run_id, "home")}
    findings = store.findings(open_only=True)
    out = Checked()
    for site in sites:
        home = homes.get(site.name)
        if home is None or home["reason"]:
            continue  # its columns were not re-examined tonight: the veto stays as it was
        for row in findings:
            if row["kind"] == "inspection_veto" and row["site"] == site.name:
                out.evidence[row["key"]] = run_id
        for c in assess(site, findings):
            if c.state == "否决":
                finding = Finding(
                    "inspection_veto",
                    site.name,
                    None,
                    f"{site.url}#否决-{c.rule.id}",
                    reason=f"veto_{c.rule.id}",
                    detail=veto_detail(site.name, c),
                    severity="urgent",
                )
                out.add(finding, run_id)
    return out
