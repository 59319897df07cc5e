"""The issue's measure for ``discover`` (issue 13, part 2, "Done when"): ≥ 95 % of the columns proposed with the
right first-page URL and name, and no article/search/login (or other trap) page proposed."""

from __future__ import annotations

from urllib.parse import urlsplit


def _path(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme and parts.hostname not in ("127.0.0.1", "localhost"):
        return url  # off-site stays absolute
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def proposals(proposal: object) -> list[dict]:
    """The proposed columns out of ``discover --json`` output: a list, or a dict holding it under
    ``sections`` / ``columns`` (or ``sites[0].sections``)."""
    if isinstance(proposal, dict):
        if proposal.get("sites"):
            return proposals(proposal["sites"][0])
        for key in ("sections", "columns"):
            if key in proposal:
                return list(proposal[key])
        raise ValueError(f"no sections/columns in the proposal: keys {sorted(proposal)}")
    return list(proposal)  # type: ignore[call-overload]


def score(proposal: object, truth: dict) -> tuple[float, list[str], list[str]]:
    """The issue's measure → (found_ratio, wrong_urls, bad_proposals).

    found_ratio: share of the required columns (list columns with posts) proposed with their first-page URL
    AND their name exactly as nav/breadcrumb shows it. wrong_urls: one line per required column that was
    missed or proposed under a later page / another name. bad_proposals: proposed URLs that are traps
    (article, search, login, home, sitemap, 友情链接, 校历, 404, off-site), no page of the portal at all, or a
    second URL of a column already proposed. A column's ``aliases`` (DedeCMS ``list_15_1.html`` for ``/a/…/``)
    count as its first page. Static pages and empty columns may be proposed or not."""
    props = [(_path(str(p["url"])), str(p.get("name", ""))) for p in proposals(proposal)]
    by_url = {u: n for u, n in props}
    required = [c for c in truth["columns"] if c["required"]]
    found, wrong = 0, []
    for c in required:
        firsts = [u for u in [c["url"], *c.get("aliases", [])] if u in by_url]
        if any(by_url[u] == c["name"] for u in firsts):
            found += 1
            continue
        if firsts:
            wrong.append(f"{firsts[0]}: named {by_url[firsts[0]]!r}, the nav says {c['name']!r}")
            continue
        later = [u for u in c["pages"][1:] if u in by_url]
        wrong.append(f"{c['name']} {c['url']}: " + (f"proposed as its later page {later[0]}" if later else "not found"))
    traps = {t["url"]: t["kind"] for t in truth["traps"]}
    column_of = {u: c["url"] for c in truth["columns"] for u in [*c["pages"], *c.get("aliases", [])]}
    bad, seen = [], set()
    for u, n in props:
        if u in traps:
            bad.append(f"{u} ({traps[u]}, named {n!r})")
        elif u not in column_of:
            bad.append(f"{u} (no column of the portal, named {n!r})")
        elif column_of[u] in seen:
            bad.append(f"{u} (another page of column {column_of[u]} proposed again, named {n!r})")
        seen.add(column_of.get(u, u))
    return (found / len(required) if required else 1.0), wrong, bad
