"""The Chinese name of each finding kind, for tables, the dashboard and filters (issue 12).

One map so the CLI's ``findings`` table, its ``--kind`` check, the digest's "……另有 M 条<name>" lines, the
CSV's 类型 column and the dashboard agree; the digest's
subject counters ("N个暗链") stay in ``monitor.alerts.wording.KINDS``.
"""

from __future__ import annotations

NAMES: dict[str, str] = {
    "site_unreachable": "网站无法访问",
    "section_unreachable": "栏目无法访问",
    "stale_section": "栏目未更新",
    "empty_section": "空栏目",
    "hidden_link": "暗链",
    "broken_link": "失效链接",
    "unverified_link": "无法核实的链接",
    "missing_footer_link": "页脚链接缺失",
    "missing_footer_text": "页脚信息缺失",
    "not_linked_from": "未被链接",
    "too_many_links": "链接过多",
    "inspection_veto": "单项否决",
    "stale_home": "首页未更新",
    "backdated_posts": "旧稿新发",
}


def name(kind: str | None) -> str:
    """'hidden_link' → '暗链'; an unknown kind (a newer database) is shown as it is."""
    return NAMES.get(kind or "", kind or "")
