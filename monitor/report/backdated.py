"""How many of the posts a report counts were backdated (issue 13: 旧稿新发, 突击更新).

The report counts posts by their stated date, as the disclosure statistics require; a post published late
with an old date still counts in the period its date names. This adds, per column and site, how many of
those were found backdated (``posts.backdated``, ``monitor.store.backdate``) and the note line renderers
print under the site's numbers.
"""

from __future__ import annotations

from typing import Any


def backdated_counts(db: Any, start: str, end: str) -> dict[tuple[str, str], int]:
    """(site, section) → posts dated in [start, end] that were marked backdated."""
    rows = db.execute(
        "SELECT t.name, s.name, COUNT(DISTINCT p.url_key) FROM posts p JOIN sections s ON p.section_id = s.id"
        " JOIN sites t ON s.site_id = t.id WHERE p.published BETWEEN ? AND ? AND p.backdated > 0"
        " GROUP BY t.name, s.name",
        [start, end],
    ).fetchall()
    return {(site, section): n for site, section, n in rows}


def note(count: int) -> str | None:
    """The line under a site's numbers (text, HTML, XLSX) when some of its counted posts were backdated."""
    if not count:
        return None
    return (
        f"注：以上按文章标注的发布日期统计，其中 {count} 篇为补发的旧稿"
        "（首次发现时其日期已明显早于栏目此前的最新文章：旧稿新发或突击更新）。"
    )
