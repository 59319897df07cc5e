"""Findings open, stay and resolve only on evidence (issue 9).

A check returns ``Checked``: the findings that hold now and, per finding key (present, or open but
absent), the run whose facts it rests on — the target's last check, the page's last read, tonight's
crawl of a column. ``Store.sync_findings`` touches a finding only when that run is newer than the run
that last confirmed (or resolved) it; the rest stay exactly as they are, so nothing resolves, and no mail
says 已解决, for a finding nobody re-examined.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Finding:
    """One problem the monitor reports; ``key`` identifies it across crawls."""

    kind: str
    site: str
    section: str | None = None
    url: str | None = None
    reason: str = ""
    detail: str = ""
    # urgent | high | normal | low (monitor.severity), set by each check per kind (README "Severities");
    # databases from before issue 12 hold only normal/urgent, which are still valid levels
    severity: str = "normal"
    found_on: list[dict[str, str]] = field(default_factory=list)  # [{"url":…, "text":…}]

    @property
    def key(self) -> str:
        return "\x1f".join([self.kind, self.site, self.section or "", self.url or ""])


@dataclass
class Checked:
    findings: list[Finding] = field(default_factory=list)
    evidence: dict[str, int] = field(default_factory=dict)  # finding key -> run id of its evidence

    def add(self, finding: Finding, run_id: int | None) -> None:
        self.findings.append(finding)
        if run_id is not None:
            self.evidence[finding.key] = max(run_id, self.evidence.get(finding.key, run_id))


def examined(key: str, row: dict[str, Any] | None, evidence: dict[str, int] | None) -> bool:
    """Was the finding's evidence re-examined since the finding was last confirmed (or resolved)?
    Without ``evidence`` (callers that state the whole truth) every finding counts as re-examined."""
    if evidence is None:
        return True
    run = evidence.get(key)
    last = row["last_run_id"] if row else None
    return run is not None and (last is None or run > last)
