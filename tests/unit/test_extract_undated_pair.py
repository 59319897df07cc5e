"""A list page of TWO posts, one of them undated: both posts, the undated one without a date, nothing else.

With one dated post the list's wrapper (苏迪 WebPlus ``div#wp_news_w6``, 博达 VSB ``div.main_list``,
DedeCMS ``div.listbox``, the TRS and old-ASP ``<table>`` around the rows) is itself a dated row holding one
date and two links; beside the breadcrumb it
won the vote as a one-row block, and its one "post" took the first link's title and URL with the second
post's date — a post that does not exist, and a real one lost. Pages built from the saved list pages in
/work/shared/real-pages (as in ``test_extract_lastpage``); pure: HTML in, posts out.
"""

from __future__ import annotations

from datetime import date

import pytest

from crawler.extract import decode_page, extract_list
from tests.unit.test_extract_lastpage import ASP_LAST, DEDE_LAST, TRS_LAST, VSB_LAST, WEBPLUS_LAST, _vsb

WP_URL = "http://www.sfdx.edu.cn/2488/list2.htm"
VSB_URL = "http://www.sfdx.edu.cn/xwzx/gsgg/1.htm"
DEDE_URL = "http://www.sfxy.edu.cn/a/xshd/list_25_3.html"
TRS_URL = "http://www.sfsd.edu.cn/xwzx/gsgg/index_1.html"
ASP_URL = "http://www.sfxy.cn/list.asp?id=5&page=3"

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


TRS_POSTS = [
    ("关于实验室开放管理的通知（长期有效）", "./202010/t20201012_5702600.html", None),
    ("青海观测站2020年度公开招聘拟聘人员的公示", "./202009/t20200922_5702557.html", date(2020, 9, 22)),
]
ASP_POSTS = [
    ("学院关于规范办公用房管理的规定（长期）", "show.asp?id=1204", None),
    ("我院召开2011年度学生工作总结表彰大会", "show.asp?id=1203", date(2011, 12, 6)),
]


def _trs(posts) -> str:
    """TRS WCM (cn51 template): ``table.list_table`` rows, two-digit years; the undated row's date cell empty."""
    rows = "".join(
        '<tr><td width="20"><img src="../../images/dot.gif"></td><td class="black_14">'
        f'<a href="{h}" target="_blank" title="{t}" class=\'cn51black14\'>{t}</a></td>'
        f'<td class="cn51hui122">{d.strftime("%y-%m-%d") if d else ""}<br></td></tr>'
        for t, h, d in posts
    )
    start = TRS_LAST.index('<table width="100%" class="list_table">') + len('<table width="100%" class="list_table">')
    return TRS_LAST[:start] + rows + TRS_LAST[TRS_LAST.index('</table><div class="page">') :]


def _asp(posts) -> str:
    """Old ASP, served GBK: a ``table`` of ``·<a>`` rows with the date in the right cell."""
    rows = "".join(
        f'<tr><td width="80%">·<a href="{h}" target="_blank">{t}</a></td>'
        f'<td width="20%" align="right">{d.isoformat() if d else ""}</td></tr>'
        for t, h, d in posts
    )
    start = ASP_LAST.index('<table width="100%" border="0">') + len('<table width="100%" border="0">')
    return ASP_LAST[:start] + rows + ASP_LAST[ASP_LAST.index('</table><table width="100%"><tr><td align="center">') :]


def _absolute(base: str, posts) -> list:
    from urllib.parse import urljoin

    return [(t, urljoin(base, h), d) for t, h, d in posts]


CASES = {
    "webplus": (_webplus, WP_POSTS, WP_URL),
    "vsb": (lambda posts: _vsb(VSB_LAST, rows=_vsb_rows(posts)), VSB_POSTS, VSB_URL),
    "dede": (_dede, DEDE_POSTS, DEDE_URL),
    "trs": (_trs, TRS_POSTS, TRS_URL),
    "asp": (_asp, ASP_POSTS, ASP_URL),
}


@pytest.mark.parametrize("undated_first", [True, False], ids=["undated-first", "undated-last"])
@pytest.mark.parametrize("family", sorted(CASES))
def test_two_post_list_with_one_undated_post_yields_both_and_nothing_else(family, undated_first):
    build, posts, url = CASES[family]
    posts = posts if undated_first else posts[::-1]
    charset = "gbk" if family == "asp" else "utf-8"  # the ASP page travels as GBK bytes, as served
    page = extract_list(decode_page(build(posts).encode(charset), None), url)
    got = [(i.title, i.url, i.published) for i in page.items]
    assert got == _absolute(url, posts), page.rule
    assert all(i.link for i in page.items)
    assert "inside the wrapper row" in page.rule  # inspect shows which rule read the page


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
