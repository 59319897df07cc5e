"""Discovery's page judge (crawler.discover.judge): list vs article vs search vs login vs other pages,
on pages written like real campus CMS output, and on every family of the CMS fixture corpus."""

from __future__ import annotations

import pytest

from crawler.discover.judge import judge_page, url_verdict
from crawler.extract.encoding import decode_page
from tests.support import cms

NAV = (
    '<div class="header"><ul class="nav"><li><a href="/index.htm">首页</a></li>'
    '<li><a href="/xwzx/xxyw.htm">学校要闻</a></li><li><a href="/tzgg.htm">通知公告</a></li>'
    '<li><a href="/search.jsp?wbtreeid=1001">站内搜索</a></li></ul></div>'
)


def page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>{NAV}'
        f'<div class="main">{body}</div><div class="footer">版权所有 © 示范大学 某ICP备05001234号</div></body></html>'
    )


def rows(n: int, start: int = 3500, day: int = 28) -> str:
    return "".join(
        f'<li><a href="/info/1023/{start - i}.htm" title="学校召开第{i}次教学工作会议">学校召开第{i}次教学工作会议</a>'
        f"<span>2022-06-{day - i:02d}</span></li>"
        for i in range(n)
    )


CRUMBS = '<div class="dqwz">当前位置：<a href="/index.htm">首页</a> &gt; <a href="/xwzx.htm">新闻中心</a> &gt; 学校要闻</div>'
LIST = page(
    "学校要闻-示范大学",
    CRUMBS + f'<ul class="list">{rows(12)}</ul>'
    '<div class="pb_sys_common">共57条 1/5 <a href="xxyw/4.htm" class="Next">下页</a> <a href="xxyw/1.htm">尾页</a></div>',
)
BODY = "学校召开第二次教学工作会议，总结上半年教学工作，部署下半年重点任务。" * 12
ARTICLE = page(
    "学校召开教学工作会议-示范大学",
    CRUMBS.replace("学校要闻</div>", "<a href='/xwzx/xxyw.htm'>学校要闻</a> &gt; 正文</div>")
    + f'<h1>学校召开教学工作会议</h1><div class="info">发布时间：2022-06-28 来源：党委宣传部 点击：</div>'
    f'<div class="v_news_content"><p>{BODY}</p></div>'
    '<div class="prev-next">上一篇：<a href="3499.htm">学校开展安全检查</a> 下一篇：<a href="3501.htm">研究生院举办导师培训会</a></div>'
    f'<div class="related"><h3>相关文章</h3><ul>{rows(6, 3400)}</ul></div>',
)
SEARCH = page(
    "搜索结果-示范大学",
    '<form action="/search.jsp"><input name="keyword" value="学校"><input type="submit" value="搜索"></form>'
    f'<p>搜索结果：找到 57 条</p><ul class="results">{rows(10)}</ul>'
    '<div class="page">共57条 <a href="?page=2">下一页</a></div>',
)
LOGIN = page(
    "统一身份认证",
    '<form method="post"><input name="username"><input type="password" name="password"><button>登录</button></form>',
)
CALENDAR = page(
    "校历-示范大学",
    "<h2>2021-2022学年第二学期校历</h2><table class='calendar'>"
    + "".join(f"<tr><td>第{w}周</td><td>2022-03-{w:02d}</td><td>上课</td></tr>" for w in range(1, 20))
    + "</table>",
)
SITEMAP = page(
    "网站地图-示范大学",
    "<ul>" + "".join(f'<li><a href="/c{i}.htm">栏目{i}</a></li>' for i in range(30)) + "</ul>",
)


def test_a_column_list_page_is_a_list_with_its_pager_and_breadcrumb():
    facts = judge_page(LIST, "http://www.example.edu.cn/xwzx/xxyw.htm")
    assert facts.kind == "list"
    assert len(facts.items) == 12 and facts.dated == 12
    assert facts.total == 57
    assert "http://www.example.edu.cn/xwzx/xxyw/4.htm" in facts.pages
    assert facts.crumbs[-1] == "学校要闻"


def test_an_article_with_a_dated_related_list_is_an_article_not_a_list():
    facts = judge_page(ARTICLE, "http://www.example.edu.cn/info/1023/3500.htm")
    assert facts.kind == "article", facts.why


def test_search_results_are_search_even_at_an_innocent_address():
    assert judge_page(SEARCH, "http://www.example.edu.cn/result.htm").kind == "search"
    assert url_verdict("http://www.example.edu.cn/search.jsp?wbtreeid=1001&newskeycode2=5a2m") == "search"
    assert url_verdict("http://www.example.edu.cn/was5/web/search?searchword=x") == "search"
    assert url_verdict("http://www.example.edu.cn/news.asp?key=%D1%A7") == "search"


def test_a_login_box_in_the_header_of_a_list_page_does_not_make_it_a_login_page():
    boxed = LIST.replace(NAV, NAV + '<form class="login"><input name="u"><input type="PASSWORD" name="p"></form>')
    assert judge_page(boxed, "http://www.example.edu.cn/xwzx/xxyw.htm").kind == "list"


def test_login_pages_are_login_by_their_form_or_address():
    assert judge_page(LOGIN, "http://www.example.edu.cn/portal.htm").kind == "login"
    assert judge_page(LOGIN.replace("统一身份认证", "用户中心"), "http://www.example.edu.cn/u.htm").kind == "login"
    assert url_verdict("http://www.example.edu.cn/authserver/login?service=%2Findex.htm") == "login"
    assert url_verdict("http://www.example.edu.cn/_web/_ids/login.jsp") == "login"


@pytest.mark.parametrize("html", [CALENDAR, SITEMAP], ids=["calendar", "sitemap"])
def test_calendars_and_link_pages_are_not_lists(html):
    assert judge_page(html, "http://www.example.edu.cn/other.htm").kind == "other"


def test_column_addresses_are_not_mistaken_for_traps():
    for url in ("/xxgkw/rssz.htm", "/2345/list.htm", "/news.asp?classid=3", "/printing/index.html"):
        assert url_verdict("http://www.example.edu.cn" + url) is None, url


LISTS = [u for u in cms.truth()["pages"] if not u.startswith(("/nd/", "/module/"))]


@pytest.mark.parametrize("path", LISTS)
def test_every_cms_family_list_page_of_the_corpus_is_a_list(path):
    body, charset = cms.page_input(path)
    facts = judge_page(decode_page(body, charset), cms.BASE + path)
    assert facts.kind == "list", facts.why


def test_rows_whose_links_were_replaced_by_javascript_still_make_a_list_beside_a_pager():
    dead = page(
        "[科室]-教育体育局",
        "<div class='list'>"
        + "".join(
            f'<a href="javascript:;" class="box"><h3>教育局召开第{i}次工作会议(2020-12-{20 - i:02d})</h3></a>'
            for i in range(10)
        )
        + '</div><div class="pagination"><a href="javascript:;">首页</a><a href="18105_2.html">下一页</a><a>共 1630 条 当前第 1 / 163 页</a></div>',
    )
    facts = judge_page(dead, "http://www.example.gov.cn/channels/18105.html")
    assert facts.kind == "list" and facts.items == [] and facts.total == 1630


def test_an_article_with_a_dated_sidebar_and_no_prev_next_links_is_an_article():
    body = (
        '<div class="sidebar"><ul class="news_list">'
        + "".join(f'<li><a href="/n/{i}.htm">学院召开第{i}次会议</a><span>12-{20 + i}</span></li>' for i in range(3))
        + f'</ul></div><h1>计算机学院代表队荣获教工羽毛球比赛第五名</h1><p class="meta">2023-07-04</p><div class="content"><p>{BODY}</p></div>'
    )
    facts = judge_page(
        page("计算机学院代表队荣获教工羽毛球比赛第五名", body), "http://www.example.edu.cn/c0/8e/c24792a508046/page.htm"
    )
    assert facts.kind == "article", facts.why
