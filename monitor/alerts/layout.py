"""Which findings a digest lists and under which heading: per site, by severity, capped per kind (issue 12).

Why a cap: a night that found 635 broken links made a 2,300-line, 848 KB mail nobody read. Each block of a
digest (new, reminders, resolved) lists per site and kind at most ``[monitor] digest_max_lines`` findings,
most pressing first (``monitor.findingsview.sort_key``), then one ``……另有 M 条<kind>`` line; the complete
list is the CSV attachment (``monitor.alerts.csvlist``) and the dashboard. Findings sit under 紧急 / 高 /
一般 / 低 headings so an urgent 暗链 is never below 315 broken links.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from monitor.alerts.render import Item, Level, SiteGroup
from monitor.alerts.wording import kind_name
from monitor.findingsview import sort_key
from monitor.severity import LEVELS, label


def dashboard_links(public_url: str | None) -> tuple[str | None, Callable[[str], str | None]]:
    """(the dashboard's findings page, site name → its site page); None without ``[dashboard] public_url``.

    The routes are the dashboard's (``campus-monitor serve``): ``/findings`` and ``/sites/<name>``."""
    if not public_url:
        return None, lambda site: None
    base = public_url.rstrip("/")
    return f"{base}/findings", lambda site: f"{base}/sites/{quote(site, safe='')}"


def more_line(hidden: list[dict[str, Any]], shown_level: str | None) -> str:
    """``……另有 295 条失效链接``, with the levels of the unlisted ones when they differ from the heading's."""
    levels = [lv for lv in LEVELS if any((f.get("severity") or "normal") == lv for f in hidden)]
    text = f"……另有 {len(hidden)} 条{kind_name(hidden[0]['kind'])}"
    if levels != [shown_level]:
        counts = [f"{label(lv)} {sum((f.get('severity') or 'normal') == lv for f in hidden)}" for lv in levels]
        text += f"（{'，'.join(counts)}）"
    return text


def capped(items: list[dict[str, Any]], max_lines: int) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """``items`` of one site in order, each with the findings of its kind left out after it (usually none).

    Per kind the first ``max_lines`` in ``sort_key`` order are kept; the rest are attached to the last kept
    one of that kind, where the digest says ``……另有 M 条``."""
    ordered = sorted(items, key=sort_key)
    kept: list[dict[str, Any]] = []
    left_out: dict[str, list[dict[str, Any]]] = {}
    per_kind: dict[str, int] = {}
    for f in ordered:
        n = per_kind.get(f["kind"], 0)
        if n < max_lines:
            kept.append(f)
            per_kind[f["kind"]] = n + 1
        else:
            left_out.setdefault(f["kind"], []).append(f)
    last = {f["kind"]: i for i, f in enumerate(kept)}
    return [(f, left_out.get(f["kind"], []) if last[f["kind"]] == i else []) for i, f in enumerate(kept)]


def site_groups(
    findings: list[dict[str, Any]],
    sites: list[str],
    max_lines: int,
    word: Callable[[dict[str, Any]], Item],
    site_link: Callable[[str], str | None],
    by_severity: bool = True,
) -> list[SiteGroup]:
    """The findings of one block as the digest shows them: per site (config order), per severity heading
    (or one list without headings when ``by_severity`` is False), capped per kind."""
    groups = []
    for site in sites:
        mine = [f for f in findings if f["site"] == site]
        if not mine:
            continue
        levels: list[Level] = []
        for f, hidden in capped(mine, max_lines):
            level = (f.get("severity") or "normal") if by_severity else None
            if not levels or levels[-1].level != level:
                count = sum((g.get("severity") or "normal") == level for g in mine) if level else len(mine)
                levels.append(Level(level, label(level) if level else None, count))
            levels[-1].items.append(word(f))
            if hidden:
                levels[-1].items.append(Item(more_line(hidden, level), more=True))
        groups.append(SiteGroup(site, site_link(site), levels))
    return groups
