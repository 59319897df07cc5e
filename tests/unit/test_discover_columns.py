"""Discovery's grouping and naming (crawler.discover.columns / naming): the pages of one column under every CMS
family's pager URLs, the first page chosen, names from breadcrumb / link text / title, excerpts dropped."""

from __future__ import annotations

import pytest

from crawler.discover.columns import build_columns, column_key
from crawler.discover.judge import PageFacts
from crawler.discover.naming import breadcrumb, column_name, title_name
from crawler.extract.html import parse_html

B = "http://www.example.edu.cn"
FAMILIES = {
    "博达 VSB (descending)": ["/vsb/xxyw.htm", "/vsb/xxyw/2.htm", "/vsb/xxyw/1.htm"],
    "苏迪 WebPlus": ["/wp/1234/list.htm", "/wp/1234/list2.htm", "/wp/1234/list6.psp"],
    "TRS WCM": ["/trs/tzgg/index.html", "/trs/tzgg/index_1.html", "/trs/tzgg/index_2.html"],
    "DedeCMS": ["/dede/a/news/list_5_1.html", "/dede/a/news/list_5_2.html"],
    "JEECMS": ["/jeecms/xwzx/index.jhtml", "/jeecms/xwzx/index_2.jhtml"],
    "SiteServer": ["/channels/18287.html", "/channels/18287_2.html", "/channels/18287_48.html"],
    "ASP": ["/asp/ArticleList.asp?ClassID=3", "/asp/ArticleList.asp?ClassID=3&page=2"],
    "WordPress": ["/blog/category/news/", "/blog/category/news/page/2/"],
    "query pager": ["/list.jsp?id=7", "/list.jsp?id=7&pageNo=3", "/list.jsp?pageIndex=2&id=7"],
}


@pytest.mark.parametrize("family", FAMILIES)
def test_every_page_of_a_column_has_one_key(family):
    keys = {column_key(B + u) for u in FAMILIES[family]}
    assert len(keys) == 1, keys


def test_different_columns_keep_different_keys():
    firsts = [B + urls[0] for urls in FAMILIES.values()]
    firsts += [B + "/vsb/tzgg.htm", B + "/wp/1235/list.htm", B + "/asp/ArticleList.asp?ClassID=4"]
    assert len({column_key(u) for u in firsts}) == len(firsts)


def facts(url: str, items: list[str], pages: list[str] = (), crumbs: list[str] = (), total=None, title="") -> PageFacts:
    return PageFacts(
        url=B + url, kind="list", items=[B + i for i in items], pages=[B + p for p in pages],
        crumbs=list(crumbs), total=total, title=title, dated=len(items),
    )  # fmt: skip


@pytest.mark.parametrize("family", FAMILIES)
def test_a_column_found_on_a_later_page_is_proposed_at_its_first_page(family):
    urls = FAMILIES[family]
    later = urls[-1]
    pages = {B + later: facts(later, [f"/a/{i}.htm" for i in range(3)], total=30)}
    pages[B + urls[0]] = facts(urls[0], [f"/a/{i}.htm" for i in range(10, 13)], pages=[urls[1]], total=30)
    columns, _ = build_columns(pages, {B + urls[0]: ["新闻"]}, B + "/", "示范大学")
    assert [c.url for c in columns] == [B + urls[0]]
    assert columns[0].items == 6


def test_the_same_list_under_two_addresses_is_one_column():
    items = [f"/info/{i}.htm" for i in range(8)]
    pages = {
        B + "/tzgg.htm": facts("/tzgg.htm", items, total=44),
        B + "/tzgg/index.htm": facts("/tzgg/index.htm", items),
    }
    columns, _ = build_columns(pages, {B + "/tzgg.htm": ["通知公告"]}, B + "/", "")
    assert len(columns) == 1 and columns[0].url == B + "/tzgg.htm"


def test_a_block_of_other_columns_newest_posts_is_an_excerpt_not_a_column():
    news = [f"/news/{i}.htm" for i in range(12)]
    notes = [f"/notes/{i}.htm" for i in range(12)]
    pages = {
        B + "/xxyw.htm": facts("/xxyw.htm", news, pages=["/xxyw/2.htm"], total=57),
        B + "/tzgg.htm": facts("/tzgg.htm", notes, pages=["/tzgg/2.htm"], total=40),
        B + "/xxgk/index.htm": facts("/xxgk/index.htm", news[:3] + notes[:3] + ["/other/1.htm"]),
    }
    columns, rejected = build_columns(pages, {}, B + "/", "")
    assert {c.url for c in columns} == {B + "/xxyw.htm", B + "/tzgg.htm"}
    assert [(r.url, r.kind) for r in rejected] == [(B + "/xxgk/index.htm", "excerpt")]


def test_the_home_page_is_never_a_column():
    pages = {B + "/index.htm": facts("/index.htm", [f"/n/{i}.htm" for i in range(9)])}
    assert build_columns(pages, {}, B + "/index.htm", "")[0] == []


def test_repeated_names_stay_as_shown_and_get_a_unique_config_name():
    pages = {
        B + "/gzzd.htm": facts("/gzzd.htm", ["/a/1.htm", "/a/2.htm", "/a/3.htm"], total=3, crumbs=["规章制度"]),
        B + "/xxgk/gzzd.htm": facts(
            "/xxgk/gzzd.htm", ["/b/1.htm", "/b/2.htm", "/b/3.htm"], total=3, crumbs=["信息公开", "规章制度"]
        ),
    }
    columns, _ = build_columns(pages, {}, B + "/", "")
    assert [c.name for c in columns] == ["规章制度", "规章制度"]
    assert sorted(c.config_name for c in columns) == ["信息公开·规章制度", "规章制度"]


@pytest.mark.parametrize(
    "html, parts",
    [
        (
            '<div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/x">新闻中心</a> &gt; 学校要闻</div>',
            ["新闻中心", "学校要闻"],
        ),
        ('<div><span>您的位置：</span><a href="/">网站首页</a> » <a href="/t">通知公告</a></div>', ["通知公告"]),
        ('<ol class="breadcrumb"><li><a href="/">首页</a></li>/<li>规章制度</li></ol>', ["规章制度"]),
        ("<div class='main'><p>没有面包屑的页面</p></div>", []),
    ],
)
def test_breadcrumbs_of_several_cms(html, parts):
    assert breadcrumb(parse_html(f"<html><body>{html}</body></html>")) == parts


def test_name_prefers_breadcrumb_then_the_menu_text_then_the_title():
    assert column_name(["新闻中心", "学校要闻"], ["更多>>", "list"], "", "") == ("学校要闻", "breadcrumb")
    assert column_name([], ["更多>>", "学校要闻", "学校要闻", "要闻"], "", "") == ("学校要闻", "link text")
    assert column_name([], ["更多", "more>>", "list"], "通知公告-示范大学", "首页-示范大学") == (
        "通知公告",
        "page title",
    )
    assert title_name("示范大学", "示范大学") == ""
