"""A list page holding ONE post (a column's last page, or a new column's first): that post and nothing else.

With a single post the list's wrapper (``div.main_list``) is itself a one-link dated row, so its siblings —
the 当前位置 breadcrumb, the column heading — compete as rows of the same block; a breadcrumb counted as a
post is an invented post in every count. Pages modelled on the saved 博达 VSB, DedeCMS, 苏迪 WebPlus, TRS and
old ASP (GBK) list pages in /work/shared/real-pages (frame, breadcrumb, row markup, pager).
"""

from __future__ import annotations

from datetime import date

import pytest

from crawler.extract import decode_page, extract_list
from crawler.extract.crumbs import is_crumb
from crawler.extract.html import parse_html
from tests.support.discover_pages import Builder
from tests.support.discover_sites import site

SIDE = (
    '<div class="sidebar"><h2>新闻中心</h2><ul class="leftnav"><li><a href="../xxyw.htm">学校要闻</a></li>'
    '<li class=on><a href="../gsgg.htm">公示公告</a></li><li><a href="../mtbd.htm">媒体报道</a></li></ul></div>'
)


def _page(body: str, title: str = "公示公告", charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f'<title>{title}</title></head><body><div class="header"><ul id="nav"><li class="mainlevel">'
        '<a href="/index.htm">首页</a></li><li class="mainlevel"><a href="/xwzx/xxyw.htm">新闻中心</a></li></ul>'
        f'</div><div class="container">{body}</div><div class="footer"><a href="http://www.moe.gov.cn/">教育部</a>'
        "<p>版权所有：示范大学 某ICP备05001234号</p></div></body></html>"
    )


# --- one post per family, breadcrumb + (heading) + list + pager -----------------------------------

VSB_CRUMB = (
    '<div class="position">当前位置：<a href="../../index.htm">首页</a> &gt; <a href="../xxyw.htm">新闻中心</a>'
    ' &gt; <a href="../gsgg.htm">公示公告</a></div>'
)
VSB_ROW = (
    '<li id="line_u9_0"><SPAN>[2022-02-10]</SPAN><a href="../../info/1015/4988.htm" target="_blank" '
    'title="关于2022年校级教学成果奖评审结果的公示">关于2022年校级教学成果奖评审结果的公示</a><DIV class="clear"></DIV></li>'
)


def _vsb(pager: str, rows: str = VSB_ROW, crumb: str = VSB_CRUMB) -> str:
    return _page(
        f'{SIDE}<div class="main">{crumb}<h2 class="column-title">公示公告</h2>'
        f'<div class="main_list"><ul>{rows}</ul></div>{pager}</div>'
    )


VSB_LAST = (
    '<table width="100%"><tr><td nowrap align="left" width="1%" id="fanye159415">共13条&nbsp;&nbsp;2/2&nbsp;</td>'
    '<td nowrap align="left"><a href="../gsgg.htm" class="Prev">首页</a><a href="../gsgg.htm" class="Prev">上页</a>'
    '<span class="NextDisabled">下页</span><span class="NextDisabled">尾页</span></td></tr></table>'
)
VSB_ONLY = (
    '<table width="100%"><tr><td nowrap align="left" width="1%" id="fanye159415">共1条&nbsp;&nbsp;1/1&nbsp;</td>'
    '<td nowrap align="left"><span class="PrevDisabled">首页</span><span class="PrevDisabled">上页</span>'
    '<span class="NextDisabled">下页</span><span class="NextDisabled">尾页</span></td></tr></table>'
)

DEDE_LAST = _page(
    '<div class="pright"><dl class="tbox"><dt><strong>学术报告</strong></dt><dd><ul class="d6">'
    '<li><a href="/a/xshd/">学术报告</a></li></ul></dd></dl></div><div class="main"><div class="place">'
    '<strong>当前位置:</strong> <a href="/index.html">主页</a> &gt; <a href="/a/xshd/">学术报告</a> &gt; </div>'
    '<div class="listbox"><ul class="e2"><li><a href="/a/xshd/2022/0225/2575.html" class="title">'
    '数学与统计学院学术报告：随机偏微分方程的若干进展</a><span class="info"><small>日期：</small>2022-02-25'
    '<small>点击：</small>30</span></li></ul></div><div class="dede_pages"><ul class="pagelist">'
    "<li><a href='list_25_1.html'>首页</a></li><li><a href='list_25_2.html'>上一页</a></li>"
    "<li><a href='list_25_1.html'>1</a></li><li><a href='list_25_2.html'>2</a></li><li class=\"thisclass\">3</li>"
    '<li><a>末页</a></li><li><span class="pageinfo">共 <strong>3</strong>页<strong>25</strong>条</span></li>'
    "</ul></div></div>",
    "学术报告_示范学院",
)

WEBPLUS_LAST = _page(
    '<div class="col_menu"><h3 class="col_name">人事招聘</h3><ul class="wp_listcolumn"><li class="wp_column">'
    '<a href="/2475/list.htm" class="col_item_link"><span class="column-name">人才招聘</span></a></li></ul></div>'
    '<div class="col_news"><div class="col_path"><span class="path_name">当前位置：</span><div class="path">'
    '<a href="/main.htm" target="_self">首页</a><span class=\'possplit\'>&nbsp;&nbsp;</span>'
    '<a href="/2462/list.htm" target="_self">人事招聘</a><span class=\'possplit\'>&nbsp;&nbsp;</span>'
    '<a href="/2488/list.htm" target="_self">人才招聘</a></div></div><h2 class="column-title">人才招聘</h2>'
    '<div id="wp_news_w6">'
    '<ul class="news_list list2"><li class="news n1 clearfix"><div class="dot"></div><div class="news_con">'
    "<p class=\"news_title\"><a href='/1f/3a/c2488a270138/page.htm' target='_self' "
    "title='2022年度专任教师招聘公告'>2022年度专任教师招聘公告</a><span class=\"news_meta\">2021-11-18</span></p>"
    '</div></li></ul></div><div id="wp_paging_w6"><ul class="wp_paging clearfix"><li class="pages_count">'
    '<span class="per_page">每页&nbsp;<em class="per_count">15</em>&nbsp;记录&nbsp;</span><span class="all_count">'
    '总共&nbsp;<em class="all_count">16</em>&nbsp;记录&nbsp;</span></li><li class="page_nav">'
    '<a class="first" href="/2488/list1.htm">第一页</a><a class="prev" href="/2488/list1.htm">&lt;&lt;上一页</a>'
    '<a class="next" href="javascript:void(0);">下一页&gt;&gt;</a><a class="last" href="javascript:void(0);">尾页</a>'
    '</li><li class="page_jump">页码 <em class="curr_page">2</em>/<em class="all_pages">2</em></li></ul></div>'
    "</div>",
    "人才招聘",
)

TRS_LAST = _page(
    '<div class="left"><div class="left_title">新闻中心</div><ul class="left_list"><li class=cur>'
    '<a href="./index.html">公示公告</a></li></ul></div><div class="main"><div class="location">您现在的位置：'
    '<a href="../../index.html">首页</a> &gt; <a href="../xxyw/index.html">新闻中心</a> &gt; '
    '<a href="./index.html" class="CurrChnlCls">公示公告</a></div><table width="100%" class="list_table">'
    '<tr><td width="20"><img src="../../images/dot.gif"></td><td class="black_14">'
    '<a href="./202009/t20200922_5702557.html" target="_blank" title="青海观测站2020年度公开招聘拟聘人员的公示" '
    "class='cn51black14'>青海观测站2020年度公开招聘拟聘人员的公示</a></td><td class=\"cn51hui122\">20-09-22<br></td>"
    '</tr></table><div class="page">共2页 <a id="pagenav_0" href="index.html">1</a> <span id="pagenav_1">2</span>'
    "</div></div>",
    "公示公告----示范师范大学",
)

ASP_LAST = _page(
    '<table width="200" class="left"><tr><td class="lefttitle">新闻中心</td></tr><tr><td class="leftmenu">'
    '·<a href="list.asp?id=5">学院新闻</a></td></tr></table><table width="760"><tr><td>'
    '<table width="100%"><tr><td class="weizhi">您的位置：<a href="index.asp">首页</a> &gt;&gt; '
    '<a href="list.asp?id=4">新闻中心</a> &gt;&gt; 学院新闻</td></tr></table><table width="100%" border="0">'
    '<tr><td width="80%">·<a href="show.asp?id=1203" target="_blank">我院召开2011年度学生工作总结表彰大会</a></td>'
    '<td width="20%" align="right">2011-12-06</td></tr></table><table width="100%"><tr><td align="center">'
    '共有 21 条记录 页次：3/3 <a href="list.asp?id=5&amp;page=1">首页</a> <a href="list.asp?id=5&amp;page=2">上一页'
    "</a> 下一页 尾页</td></tr></table></td></tr></table>",
    "示范学院--学院新闻",
    charset="gb2312",
)

ONE_POST = {
    "vsb": (
        _vsb(VSB_LAST),
        "http://www.sfdx.edu.cn/xwzx/gsgg/1.htm",
        "关于2022年校级教学成果奖评审结果的公示",
        date(2022, 2, 10),
    ),
    "dede": (
        DEDE_LAST,
        "http://www.sfxy.edu.cn/a/xshd/list_25_3.html",
        "数学与统计学院学术报告：随机偏微分方程的若干进展",
        date(2022, 2, 25),
    ),
    "webplus": (WEBPLUS_LAST, "http://www.sfdx.edu.cn/2488/list2.htm", "2022年度专任教师招聘公告", date(2021, 11, 18)),
    "trs": (
        TRS_LAST,
        "http://www.sfsd.edu.cn/xwzx/gsgg/index_1.html",
        "青海观测站2020年度公开招聘拟聘人员的公示",
        date(2020, 9, 22),
    ),
    "asp": (
        ASP_LAST,
        "http://www.sfxy.cn/list.asp?id=5&page=3",
        "我院召开2011年度学生工作总结表彰大会",
        date(2011, 12, 6),
    ),
}


def _extract(html: str, url: str, charset: str = "utf-8"):
    body = html.encode(charset)  # the ASP page travels as GBK bytes, as served
    return extract_list(decode_page(body, None), url)


@pytest.mark.parametrize("family", sorted(ONE_POST))
def test_last_page_with_one_post_yields_that_post_and_no_breadcrumb(family):
    html, url, title, day = ONE_POST[family]
    page = _extract(html, url, "gbk" if family == "asp" else "utf-8")
    assert [(i.title, i.published) for i in page.items] == [(title, day)], page.rule


def test_new_column_first_page_with_one_post():
    page = _extract(_vsb(VSB_ONLY), "http://www.sfdx.edu.cn/xwzx/gsgg.htm")
    assert [i.title for i in page.items] == ["关于2022年校级教学成果奖评审结果的公示"], page.rule
    assert page.total == 1 and page.next_pages == []


def test_empty_column_stays_empty():
    """空白栏目: the breadcrumb, heading and sidebar of an empty column are not posts."""
    empty = _vsb(VSB_ONLY.replace("共1条", "共0条").replace("1/1", "0/0"), rows="").replace(
        "<ul></ul>", "<p>暂无内容</p>"
    )
    page = _extract(empty, "http://www.sfdx.edu.cn/xwzx/gsgg.htm")
    assert page.items == [], page.rule


def test_breadcrumb_bar_that_shows_todays_date_is_not_a_post():
    """Many templates print 今天是… beside 当前位置: the breadcrumb is then a dated row, still not a post."""
    crumb = (
        '<div class="dqwz"><span>今天是：2022年7月1日 星期五</span> 您的位置：<a href="../../index.htm">首页</a>'
        ' » <a href="../xxyw.htm">新闻中心</a> » <a href="../gsgg.htm">公示公告</a></div>'
    )
    page = _extract(_vsb(VSB_LAST, crumb=crumb), "http://www.sfdx.edu.cn/xwzx/gsgg/1.htm")
    assert [i.title for i in page.items] == ["关于2022年校级教学成果奖评审结果的公示"], page.rule


def test_column_heading_link_beside_a_one_post_list_is_not_a_post():
    """No breadcrumb marks at all: a heading row linking to the column, undated, beside the one dated post.
    The tightest block holding the same dated posts is the list; its neighbours are not posts."""
    html = _vsb(VSB_LAST, crumb="").replace(
        '<h2 class="column-title">公示公告</h2>',
        '<div class="lm_title"><a href="../gsgg.htm">公示公告栏目首页</a></div>',
    )
    page = _extract(html, "http://www.sfdx.edu.cn/xwzx/gsgg/1.htm")
    assert [i.title for i in page.items] == ["关于2022年校级教学成果奖评审结果的公示"], page.rule


def test_two_posts_and_an_undated_pinned_post_all_count():
    """The guard must not drop real rows: an undated pinned post in a dated list is still a post."""
    rows = (
        '<li id="line_u9_0"><img src="../../images/top.gif"><a href="../../info/1015/4001.htm" '
        'title="关于做好2022年暑期安全工作的通知">关于做好2022年暑期安全工作的通知</a></li>'
        + VSB_ROW
        + VSB_ROW.replace("4988", "4977")
        .replace("2022-02-10", "2022-01-20")
        .replace("校级教学成果奖评审", "新进教职工名单")
    )
    page = _extract(_vsb(VSB_LAST, rows=rows), "http://www.sfdx.edu.cn/xwzx/gsgg/1.htm")
    assert len(page.items) == 3, page.rule
    assert page.items[0].pinned and page.items[0].published is None


def test_undated_post_in_a_short_webplus_list_is_kept():
    """Three posts, the first undated: each card's inner ``<p class="news_title">`` repeats its link and date,
    yet no inner block holds the list's dated posts — all three rows are posts."""
    card = (
        '<li class="news n{k} clearfix"><div class="dot"></div><div class="news_con"><p class="news_title">'
        "<a href='/1f/3a/c2488a27013{k}/page.htm' title='{t}'>{t}</a>{d}</p></div></li>"
    )
    titles = ["2022年度专任教师招聘公告（长期有效）", "2022年度博士后研究人员招收公告", "2021年下半年辅导员招聘公告"]
    dates = ["", '<span class="news_meta">2021-11-18</span>', '<span class="news_meta">2021-09-02</span>']
    rows = "".join(card.format(k=k, t=t, d=d) for k, (t, d) in enumerate(zip(titles, dates, strict=True), 1))
    head, tail = WEBPLUS_LAST.split('<ul class="news_list list2">')[0], WEBPLUS_LAST.split('<div id="wp_paging_w6">')[1]
    html = f'{head}<ul class="news_list list2">{rows}</ul></div><div id="wp_paging_w6">{tail}'
    page = _extract(html, "http://www.sfdx.edu.cn/2488/list2.htm")
    assert [i.title for i in page.items] == titles, page.rule
    assert [i.published for i in page.items] == [None, date(2021, 11, 18), date(2021, 9, 2)]


@pytest.mark.parametrize(
    ("fragment", "crumb"),
    [
        ('<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/x/">新闻中心</a></div>', True),
        (
            '<div class="place"><strong>当前位置:</strong> <a href="/">主页</a> &gt; <a href="/a/">学术报告</a> &gt; </div>',
            True,
        ),
        (
            '<td class="weizhi">您的位置：<a href="/">首页</a> &gt;&gt; <a href="/n/">新闻中心</a> &gt;&gt; 学院新闻</td>',
            True,
        ),
        ('<ol class="breadcrumb"><li><a href="/">首页</a></li><li><a href="/x/">通知公告</a></li></ol>', True),
        (
            '<div class="path"><a href="/">首页</a><span class="possplit">&nbsp;</span><a href="/2/">人才招聘</a></div>',
            True,
        ),
        ('<div class="bar"><a href="/">首页</a> » <a href="/x/">通知公告</a></div>', True),
        # not breadcrumbs: a menu, a job list whose rows carry dates, a card of title + category
        (
            '<div class="menu"><a href="/">首页</a> | <a href="/x/">学校概况</a> | <a href="/y/">新闻中心</a></div>',
            False,
        ),
        (
            '<ul class="position-list"><li><a href="/1.htm">招聘辅导员</a><span>2022-06-01</span></li>'
            '<li><a href="/2.htm">招聘实验员</a><span>2022-05-20</span></li></ul>',
            False,
        ),
        ('<li><a href="/c/">[学院新闻]</a> <a href="/1.htm">我院召开2022年教学工作会议</a></li>', False),
    ],
)
def test_what_is_a_breadcrumb(fragment, crumb):
    root = parse_html(f"<html><body>{fragment}</body></html>")
    assert is_crumb(root.find("body")[0]) is crumb


@pytest.mark.parametrize("family", ["vsb", "webplus", "trs", "dede", "asp"])
def test_every_list_page_of_the_discover_portals_counts_its_true_posts(family):
    """The five fixture portals (tests/support/discover_sites): each column page, last pages of one post
    included, yields exactly the posts it was built with."""
    s = site(family)
    routes, _ = Builder(s).build()
    wrong = []
    for dialect, cols in ((s.main, s.cols), (s.sub, s.dcols)):
        for c in (c for c in cols if not c.static):
            for k, path in enumerate(c.pages, 1):
                want = [t for _, t, _ in c.articles[(k - 1) * dialect.per_page : k * dialect.per_page]]
                page = extract_list(decode_page(routes[path].body, None), "http://127.0.0.1:8000" + path)
                if [i.title for i in page.items] != want:
                    wrong.append(f"{path}: {len(page.items)} items, want {len(want)} ({page.rule})")
    assert not wrong, wrong


def test_mirrored_page_with_script_links_breadcrumb_is_still_no_post():
    """Mirrors and copies turn links into ``javascript:;``; a dated row without a followable link counts
    (信息公开 lists look like this), so a breadcrumb bar showing today's date must still be told apart."""
    crumb = (
        '<div class="dqwz"><span>今天是：2022年7月1日</span> 您的位置：<a href="javascript:;">首页</a>'
        ' » <a href="javascript:;">新闻中心</a> » <a href="javascript:;">公示公告</a></div>'
    )
    rows = VSB_ROW.replace('href="../../info/1015/4988.htm"', 'href="javascript:;"')
    page = _extract(_vsb(VSB_LAST, rows=rows, crumb=crumb), "http://www.sfdx.edu.cn/xwzx/gsgg/1.htm")
    assert [(i.title, i.link) for i in page.items] == [("关于2022年校级教学成果奖评审结果的公示", False)], page.rule
