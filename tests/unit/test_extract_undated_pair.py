"""A list page of TWO posts, one of them undated: both posts, the undated one without a date, nothing else.

With one dated post the list's wrapper (苏迪 WebPlus ``div#wp_news_w6``, 博达 VSB ``div.main_list``,
DedeCMS ``div.listbox``) is itself a dated row holding one date and two links; beside the breadcrumb it
won the vote as a one-row block, and its one "post" took the first link's title and URL with the second
post's date — a post that does not exist, and a real one lost. Pages built from the saved list pages in
/work/shared/real-pages (as in ``test_extract_lastpage``); pure: HTML in, posts out.
"""

from __future__ import annotations

from datetime import date

import pytest

from crawler.extract import decode_page, extract_list
from tests.unit.test_extract_lastpage import DEDE_LAST, VSB_LAST, WEBPLUS_LAST, _vsb

WP_URL = "http://www.sfdx.edu.cn/2488/list2.htm"
VSB_URL = "http://www.sfdx.edu.cn/xwzx/gsgg/1.htm"
DEDE_URL = "http://www.sfxy.edu.cn/a/xshd/list_25_3.html"

WP_CARD = (
    '<li class="news n{k} clearfix"><div class="dot"></div><div class="news_con"><p class="news_title">'
    "<a href='{href}' target='_self' title='{title}'>{title}</a>{meta}</p></div></li>"
)
WP_POSTS = [  # (title, href, date or None)
    ("2022年度专任教师招聘公告（长期有效）", "/1f/3a/c2488a270139/page.htm", None),
    ("2021年下半年辅导员招聘公告", "/1f/2c/c2488a265210/page.htm", date(2021, 11, 18)),
]
VSB_POSTS = [
    ("关于做好2022年暑期安全工作的通知", "../../info/1015/4990.htm", None),
    ("关于2022年校级教学成果奖评审结果的公示", "../../info/1015/4988.htm", date(2022, 2, 10)),
]
DEDE_POSTS = [
    ("关于举办2022年春季学术报告会的通知（长期）", "/a/xshd/2022/0301/2580.html", None),
    ("数学与统计学院学术报告：随机偏微分方程的若干进展", "/a/xshd/2022/0225/2575.html", date(2022, 2, 25)),
]


def _webplus(posts) -> str:
    rows = "".join(
        WP_CARD.format(k=k, href=h, title=t, meta=f'<span class="news_meta">{d.isoformat()}</span>' if d else "")
        for k, (t, h, d) in enumerate(posts, 1)
    )
    head = WEBPLUS_LAST.split('<ul class="news_list list2">')[0]
    tail = WEBPLUS_LAST.split('<div id="wp_paging_w6">')[1]
    return f'{head}<ul class="news_list list2">{rows}</ul></div><div id="wp_paging_w6">{tail}'


def _vsb_rows(posts) -> str:
    return "".join(
        f'<li id="line_u9_{k}">' + (f"<SPAN>[{d.isoformat()}]</SPAN>" if d else "") + f'<a href="{h}" '
        f'target="_blank" title="{t}">{t}</a><DIV class="clear"></DIV></li>'
        for k, (t, h, d) in enumerate(posts)
    )


def _dede(posts) -> str:
    rows = "".join(
        f'<li><a href="{h}" class="title">{t}</a><span class="info">'
        + (f"<small>日期：</small>{d.isoformat()}" if d else "")
        + "<small>点击：</small>30</span></li>"
        for t, h, d in posts
    )
    start = DEDE_LAST.index('<ul class="e2">') + len('<ul class="e2">')
    return DEDE_LAST[:start] + rows + DEDE_LAST[DEDE_LAST.index('</ul></div><div class="dede_pages">') :]


def _absolute(base: str, posts) -> list:
    from urllib.parse import urljoin

    return [(t, urljoin(base, h), d) for t, h, d in posts]


CASES = {
    "webplus": (_webplus, WP_POSTS, WP_URL),
    "vsb": (lambda posts: _vsb(VSB_LAST, rows=_vsb_rows(posts)), VSB_POSTS, VSB_URL),
    "dede": (_dede, DEDE_POSTS, DEDE_URL),
}


@pytest.mark.parametrize("undated_first", [True, False], ids=["undated-first", "undated-last"])
@pytest.mark.parametrize("family", sorted(CASES))
def test_two_post_list_with_one_undated_post_yields_both_and_nothing_else(family, undated_first):
    build, posts, url = CASES[family]
    posts = posts if undated_first else posts[::-1]
    page = extract_list(decode_page(build(posts).encode("utf-8"), None), url)
    got = [(i.title, i.url, i.published) for i in page.items]
    assert got == _absolute(url, posts), page.rule
    assert all(i.link for i in page.items)


def test_the_fixtures_still_show_one_post_when_given_one():
    """The builders above make the one-post pages of ``test_extract_lastpage`` again (same markup)."""
    for family, (build, posts, url) in CASES.items():
        page = extract_list(build(posts[1:]), url)
        assert [(i.title, i.published) for i in page.items] == [(posts[1][0], posts[1][2])], (family, page.rule)


def test_two_posts_one_undated_beside_a_column_heading_link():
    """No breadcrumb: an undated heading row linking to the column sits beside the wrapper (as in
    ``test_extract_lastpage``'s one-post case); neither it nor the wrapper is a post."""
    html = _vsb(VSB_LAST, rows=_vsb_rows(VSB_POSTS), crumb="").replace(
        '<h2 class="column-title">公示公告</h2>',
        '<div class="lm_title"><a href="../gsgg.htm">公示公告栏目首页</a></div>',
    )
    page = extract_list(html, VSB_URL)
    assert [(i.title, i.url, i.published) for i in page.items] == _absolute(VSB_URL, VSB_POSTS), page.rule
