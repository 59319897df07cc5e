"""Which findings a reader sees, and in what order (issue 12): one rule for the CLI, the digest and the dashboard.

Most pressing first (``monitor.severity.rank``), then by site, kind, column and URL, so two lists of the
same findings always agree. Filters are what ``campus-monitor findings`` and the dashboard's findings page
offer: sites, kinds, severities (exact levels) and ``since`` (first seen on or after a local date).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from monitor import clock
from monitor.severity import rank


def sort_key(f: dict[str, Any]) -> tuple:
    return (
        rank(f.get("severity")),
        f.get("site") or "",
        f.get("kind") or "",
        f.get("section") or "",
        f.get("url") or "",
    )


def select(
    findings: Iterable[dict[str, Any]],
    *,
    sites: Iterable[str] = (),
    kinds: Iterable[str] = (),
    severities: Iterable[str] = (),
    since: str | None = None,
    tz: str = clock.DEFAULT_TZ,
) -> list[dict[str, Any]]:
    """The findings that pass every given filter (an empty filter passes all), sorted by ``sort_key``.

    ``since`` is a local date (YYYY-MM-DD) in ``tz``: a finding first seen that day or later passes."""
    want_sites, want_kinds, want_levels = set(sites), set(kinds), set(severities)
    out = []
    for f in findings:
        if want_sites and f.get("site") not in want_sites:
            continue
        if want_kinds and f.get("kind") not in want_kinds:
            continue
        if want_levels and (f.get("severity") or "normal") not in want_levels:
            continue
        if since and clock.local(f.get("first_seen"), tz)[:10] < since:
            continue
        out.append(f)
    return sorted(out, key=sort_key)
