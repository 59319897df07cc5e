"""How stale_home and backdated_posts read in the digest and the findings table (issue 13)."""

from __future__ import annotations

from datetime import date

from monitor.alerts.wording import KINDS, describe
from monitor.checks.backdated import finding as backdated_finding
from monitor.checks.home import stale_home
from monitor.kinds import NAMES


def as_row(f) -> dict:
    return {"kind": f.kind, "site": f.site, "section": f.section, "url": f.url, "reason": f.reason,
            "detail": f.detail, "severity": f.severity, "found_on": f.found_on}


def test_stale_home_counts_days_from_the_newest_date_as_of_the_digest():
    today = date(2026, 12, 20)
    assert stale_home("甲校", "http://www.jia.edu.cn/", {"date": "2026-12-10", "title": "t"}, today) is None
    f = stale_home("甲校", "http://www.jia.edu.cn/", {"date": "2026-11-27", "title": "t"}, today)
    assert f is not None and f.detail == "首页最新信息 2026-11-27，已 23 天未更新（上限 14 天）" and f.severity == "high"
    head, _ = describe(as_row(f), {}, date(2026, 12, 22))  # two nights later, before the next crawl confirms
    assert head == "首页已 25 天未更新（最新信息 2026-11-27）"
    none = stale_home("甲校", "http://www.jia.edu.cn/", None, today)
    assert none is not None and describe(as_row(none), {}, today)[0] == "首页没有带日期的信息（按未更新处理）"
    assert "stale_home" in KINDS and NAMES["stale_home"] == "首页未更新"


def test_backdated_posts_list_ten_then_the_rest_counted():
    posts = [{"published": f"2026-10-{d:02d}", "title": f"旧稿<{d}>", "url": f"http://x.edu.cn/{d}.htm", "backdated": 1}
             for d in range(1, 14)]
    f = backdated_finding("甲校", "通知公告", "http://x.edu.cn/tzgg/", posts)
    head, lines = describe(as_row(f), {}, date(2026, 12, 2))
    assert head == "栏目「通知公告」新发现 13 篇日期早于栏目已有内容的文章（旧稿新发）"
    assert lines[0] == "2026-10-01 旧稿<1> http://x.edu.cn/1.htm"  # escaped by the template, not here
    assert lines[10] == "……另有 3 篇" and len(lines) == 12  # 10 posts, the rest, the column's address
    burst = backdated_finding("甲校", "通知公告", "http://x.edu.cn/tzgg/", [dict(posts[0], backdated=2)])
    assert burst.reason == "burst" and describe(as_row(burst), {}, date(2026, 12, 2))[0].endswith("（突击更新）")
