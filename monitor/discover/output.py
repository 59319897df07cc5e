"""What ``discover`` prints: TOML ``[[sites.sections]]`` blocks with facts as comments, and a summary.

The whole output is valid TOML (the summary is comments), so it can be pasted or redirected into a config.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import tomlkit

from monitor import checklist
from monitor.discover.run import Proposal, SiteDiscovery

KIND_WORDS = {
    "excerpt": "excerpts of another column (a channel page or a home block)",
    "article": "article pages",
    "search": "search pages",
    "login": "login pages",
    "other": "other pages (no list of dated items)",
}


def _value(v: Any) -> str:
    return tomlkit.item(v).as_string()


def facts_comment(p: Proposal) -> str:
    bits = [f"posts seen: {p.posts_seen}", f"newest: {p.newest or '—'}"]
    bits.append(f"pager states: {p.stated_total}" if p.stated_total is not None else "pager states no total")
    bits.append(f"type from {p.type_source}")
    bits.append(f"name from {p.name_from}")
    return "# " + " · ".join(bits)


def section_block(p: Proposal) -> str:
    lines = ["[[sites.sections]]", f"name = {_value(p.config_name or p.name)}", f"url = {_value(p.url)}"]
    if p.type:
        lines.append(f"type = {_value(p.type)}")
    if p.checklist:
        lines.append(checklist.toml_line(p.checklist))
    lines.append(facts_comment(p))
    return "\n".join(lines)


def summary_lines(site: SiteDiscovery) -> list[str]:
    lines = [
        f"{site.name}: {len(site.columns)} columns found on {site.pages_fetched} pages read in {site.seconds} s"
        + (" (page budget reached: raise --max-pages to look further)" if site.budget_reached else "")
    ]
    counts = Counter(r.kind for r in site.rejected)
    counts.update(site.skipped.values())
    listlike = counts["excerpt"] + counts["search"] + counts["login"]
    lines.append(f"{listlike} list-like pages rejected; pages not proposed:")
    for kind, words in KIND_WORDS.items():
        if counts[kind]:
            examples = [r.url for r in site.rejected if r.kind == kind][:2] or [
                u for u, k in site.skipped.items() if k == kind
            ][:2]
            lines.append(f"  {counts[kind]} {words}, e.g. {', '.join(examples)}")
    return lines + subsite_lines(site)


def subsite_lines(site: SiteDiscovery) -> list[str]:
    """The sub-sites (站群) line: found, read, proposed, and each one not proposed with why."""
    if site.subsite_of is not None:
        return []
    if not site.subsite_budget:
        return ["sub-sites: not followed (--no-subsites)"]
    if not site.subsites_found:
        return [
            f"sub-sites: none linked on other hosts of the school ({site.offsite_hosts} other domains not followed)"
        ]
    columns = sum(len(s.columns) for s in site.subsites)
    lines = [
        f"sub-sites: {site.subsites_found} found, {site.subsites_read} read, {len(site.subsites)} proposed "
        f"({columns} columns), {len(site.subsite_skips)} skipped; {site.offsite_hosts} other domains not followed"
    ]
    lines += [f"  skipped {url}: {why}" for url, why in site.subsite_skips]
    return lines


def _site_block(site: SiteDiscovery) -> list[str]:
    out = ["[[sites]]", f"name = {_value(site.name)}", f"url = {_value(site.home or site.url)}"]
    for p in site.columns:
        out += ["", section_block(p)]
    return out


def as_toml(site: SiteDiscovery) -> str:
    out = [f"# {line}" for line in summary_lines(site)]
    out += ["", *_site_block(site)]
    for sub in site.subsites:
        budget = " (page budget reached: raise --max-pages to look further)" if sub.budget_reached else ""
        out += [
            "",
            f"# sub-site of {site.name}: {len(sub.columns)} columns on {sub.pages_fetched} pages{budget}, "
            f"linked as {sub.via!r} on {sub.found_on}",
        ]
        rejected = summary_lines(sub)[2:]  # the kinds of pages not proposed, if any
        out += [f"# not proposed: {line.strip()}" if k == 0 else f"# {line}" for k, line in enumerate(rejected)]
        out += ["", *_site_block(sub)]
    return "\n".join(out) + "\n"


def as_json(sites: list[SiteDiscovery]) -> str:
    """Every site, each sub-site after its main site as a site of its own (``subsite_of`` names the main one)."""
    flat = [x for s in sites for x in [s, *s.subsites]]
    data = [
        {
            "name": s.name,
            "url": s.url,
            "home": s.home,
            "error": s.error,
            "pages_fetched": s.pages_fetched,
            "budget_reached": s.budget_reached,
            "seconds": s.seconds,
            "subsite_of": s.subsite_of,
            **({"via": s.via, "found_on": s.found_on} if s.subsite_of else {}),
            **({} if s.subsite_of else {"subsites": {
                "found": s.subsites_found, "read": s.subsites_read, "proposed": [x.name for x in s.subsites],
                "skipped": [{"url": u, "why": w} for u, w in s.subsite_skips], "offsite_hosts": s.offsite_hosts,
            }}),
            "columns": [p.as_dict() for p in s.columns],
            "rejected": [r.__dict__ for r in s.rejected] + [{"url": u, "kind": k, "why": f"{k} page (its address)"}
                                                           for u, k in s.skipped.items()],
        }
        for s in flat
    ]  # fmt: skip
    return json.dumps({"sites": data}, ensure_ascii=False, indent=2)
