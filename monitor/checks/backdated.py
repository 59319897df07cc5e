"""backdated_posts: a column got posts dated well before what it had shown (旧稿新发, 突击更新; issue 13).

The posts are marked as the crawl stores them (``monitor.store.backdate``). The finding holds while the
column has backdated posts first seen within ``WINDOW_DAYS``, so it is mailed once as new, lists every such
post, and resolves by itself a month after the last one. Severity normal: a fact for the reviewer, not an
outage. Evidence: the run that read the column's list.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from monitor import clock
from monitor.config import Config, SiteConfig
from monitor.store.core import Store
from monitor.store.evidence import Checked, Finding

KINDS = ["backdated_posts"]
WINDOW_DAYS = 30  # how long a column's backdated posts keep its finding open
SHOWN = 10  # posts listed in the detail; the rest as "……另有 M 篇"


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> Checked:
    since = clock.iso(clock.now() - timedelta(days=WINDOW_DAYS))
    crawled = {(r["site"], r["section"]) for r in store.run_sections(run_id) if r["list_ok"]}
    open_rows = [r for r in store.findings(open_only=True) if r["kind"] in KINDS]
    out = Checked()
    for site in sites:
        for section in site.sections:
            if (site.name, section.name) not in crawled:
                continue  # the column's list was not read this run: its finding stays as it is
            for row in open_rows:
                if row["site"] == site.name and row["section"] == section.name:
                    out.evidence[row["key"]] = run_id
            posts = backdated_posts(store, site.name, section.name, since)
            if posts:
                out.add(finding(site.name, section.name, section.url, posts), run_id)
    return out


def backdated_posts(store: Store, site: str, section: str, since: str) -> list[dict[str, Any]]:
    """The column's backdated posts first seen at or after ``since``: newest found first, then by date."""
    return list(
        store.db.query(
            "SELECT p.published, p.title, p.url, p.backdated, p.first_seen FROM posts p"
            " JOIN sections s ON p.section_id = s.id JOIN sites t ON s.site_id = t.id"
            " WHERE t.name = ? AND s.name = ? AND p.backdated > 0 AND p.first_seen >= ?"
            " ORDER BY p.first_seen DESC, p.published DESC, p.id",
            [site, section, since],
        )
    )


def finding(site: str, section: str, url: str, posts: list[dict[str, Any]]) -> Finding:
    """One line per post (date, title, address), the first ``SHOWN``; detail lines are newline-separated."""
    burst = any(p["backdated"] == 2 for p in posts)
    head = f"新发现 {len(posts)} 篇文章的发布日期早于栏目此前已有的内容" + (
        "（集中补发：突击更新）" if burst else "（旧稿新发）"
    )
    lines = [f"{p['published']} {p['title']} {p['url']}".rstrip() for p in posts[:SHOWN]]
    if len(posts) > SHOWN:
        lines.append(f"……另有 {len(posts) - SHOWN} 篇")
    return Finding(
        "backdated_posts",
        site,
        section,
        url,
        reason="burst" if burst else "backdated",
        detail="\n".join([head, *lines]),
        severity="normal",
    )
