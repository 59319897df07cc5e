"""crawler.extract.homedates.home_dates: the newest dated item of a home page (issue 13, stale_home)."""

from __future__ import annotations

from datetime import date

from crawler.extract.encoding import decode_page
from crawler.extract.homedates import home_dates
from crawler.extract.html import parse_html
from tests.support.homepages import bureau_home, school_home, undated_home

TODAY = date(2026, 12, 2)
NEWS = [
    ("我校召开2026年冬季学期工作会议", "/2026/1120/c1a2001/page.htm", date(2026, 11, 20)),
    ("我校学子在全国大学生数学建模竞赛中获佳绩", "/2026/1105/c1a2000/page.htm", date(2026, 11, 5)),
    ("学校举行新时代教师队伍建设专题报告会", "/2026/1030/c1a1999/page.htm", date(2026, 10, 30)),
]
NOTICES = [
    ("关于2027年元旦放假安排的通知", "/2026/1127/c2a3001/page.htm", date(2026, 11, 27)),
    ("关于开展教学质量月活动的通知", "/2026/1112/c2a3000/page.htm", date(2026, 11, 12)),
]


def test_newest_is_the_max_over_every_block_badges_included_and_the_header_date_is_no_item():
    found = home_dates(school_home(NEWS, NOTICES, TODAY), "https://www.xjdx.edu.cn/", TODAY)
    assert found.newest == date(2026, 11, 27)  # a 通知公告 badge (27 / 2026-11) beats 学校要闻's 11-20
    assert found.blocks == 2
    assert found.newest_item is not None and found.newest_item.title == "关于2027年元旦放假安排的通知"
    assert found.newest_item.url == "https://www.xjdx.edu.cn/2026/1127/c2a3001/page.htm"
    assert {i.title for i in found.items} == {t for t, _, _ in NEWS + NOTICES}  # not 今天是…, not the footer
    assert [i.published for i in found.items] == sorted((d for *_, d in NEWS + NOTICES), reverse=True)


def test_a_parsed_tree_gives_the_same_answer():
    text = school_home(NEWS, NOTICES, TODAY)
    assert home_dates(parse_html(text), "https://www.xjdx.edu.cn/", TODAY) == home_dates(
        text, "https://www.xjdx.edu.cn/", TODAY
    )


def test_gbk_year_less_dates_take_the_url_year_else_the_latest_not_after_today():
    items = [
        ("全县教体系统2026年度安全稳定管理工作会召开", "/xwdt/202611/t20261125_5809621.html", date(2026, 11, 25)),
        ("岚江县举办中小学教师基本功展示活动", "/contents/18287/388334.html", date(2025, 12, 29)),
        ("县教体局开展冬季校园安全大检查", "/xwdt/202510/t20251020_5700001.html", date(2025, 10, 20)),
    ]
    body = bureau_home(items, TODAY).encode("gbk")
    found = home_dates(decode_page(body, None), "http://www.ljedu.gov.cn/", TODAY)
    by_title = {i.title: i for i in found.items}
    assert by_title["全县教体系统2026年度安全稳定管理工作会召开"].published == date(2026, 11, 25)
    assert not by_title["全县教体系统2026年度安全稳定管理工作会召开"].year_guessed
    assert by_title["县教体局开展冬季校园安全大检查"].published == date(2025, 10, 20)  # t20251020: not 2026
    guessed = by_title["岚江县举办中小学教师基本功展示活动"]
    assert guessed.year_guessed and guessed.published == date(2025, 12, 29)  # (12-29): not in the future
    assert found.newest == date(2026, 11, 25)


def test_no_dated_item_and_future_typos():
    assert home_dates(undated_home(), "http://www.xjxy.edu.cn/", TODAY).newest is None
    assert home_dates(undated_home(), "http://www.xjxy.edu.cn/", TODAY).items == []
    typo = [("我校召开2026年冬季学期工作会议", "/a/1.htm", date(2062, 11, 20)), *NEWS[1:]]
    found = home_dates(school_home(typo, [], TODAY), "http://x.edu.cn/", TODAY)
    assert found.newest == date(2026, 11, 5)  # 2062 is a typo, never the newest
    assert found.items[0].published == date(2062, 11, 20)  # but kept for the record
