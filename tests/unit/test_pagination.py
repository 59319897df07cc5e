"""Next-page detection on small pages written like each CMS's pager, and the script pagers."""
from __future__ import annotations
from datetime import date
from crawler.extract import extract_list
from crawler.extract.article import article_date
from crawler.extract.pagination import jcms_next, trs_pages


def page(pager: str, rows: int = 3) -> str:
    items = "".join(f'<li><a href="/info/{i}.htm">学院第{i}条新闻的标题文字</a><span>2022-06-{10 + i}</span></li>'
                    for i in range(rows))
    return f'<html><body><div class="list"><ul>{items}</ul><div class="pages">{pager}</div></div></body></html>'


def nexts(html: str, url: str) -> list[str]:
    return extract_list(html, url).next_pages


def test_next_words_and_markers():
    base = "http://h/news/list.htm"
    assert nexts(page('<a href="list2.htm">后页</a>'), base) == ["http://h/news/list2.htm"]
    assert nexts(page('<a href="?page=2">Next »</a>'), base) == ["http://h/news/list.htm?page=2"]
    assert nexts(page('<a rel="next" href="/news/p/2/">›</a>'), base) == ["http://h/news/p/2/"]
    assert nexts(page('<span class="p_next"><a href="list/5.htm">下页</a></span>'), base) == ["http://h/news/list/5.htm"]
    # a disabled next link (javascript:) and "下一篇" (next article) are not pages
    assert nexts(page('<a href="javascript:void(0);">下一页</a><a href="/info/9.htm">下一篇</a>'), base) == []


def test_phpcms_and_numbered_only_pagers():
    php = page('<a href="index.php?m=content&amp;c=index&amp;a=lists&amp;catid=5&amp;page=2">下一页</a>')
    assert nexts(php, "http://h/index.php?m=content&c=index&a=lists&catid=5") == [
        "http://h/index.php?m=content&c=index&a=lists&catid=5&page=2"]
    numbered = page('<span>1</span><a href="list-5-2.html">2</a><a href="list-5-3.html">3</a>')
    assert nexts(numbered, "http://h/html/list-5-1.html") == ["http://h/html/list-5-2.html"]
    middle = page('<a href="list-5-1.html">1</a><span>2</span><a href="list-5-3.html">3</a>')
    assert nexts(middle, "http://h/html/list-5-2.html") == ["http://h/html/list-5-3.html"]


def test_legacy_pager_claims():
    result = extract_list(page('共 123 条记录 页次：2/7 首页 上一页 <a href="?page=3">下一页</a> 尾页'),
                          "http://h/ArticleList.asp?ClassID=3&page=2")
    assert result.total == 123 and result.page_count == 7
    assert result.next_pages == ["http://h/ArticleList.asp?page=3"]


def test_trs_pager_with_numbers_or_variables():
    pager = trs_pages('<script>createPageHTML(4, 2, "index", "shtml");</script>', "http://h/col/index_2.shtml")
    assert pager.next == "http://h/col/index_3.shtml" and pager.count == 4
    assert trs_pages('<script>createPageHTML(4, 3, "index", "shtml");</script>', "http://h/col/index_3.shtml").next is None
    # CAS/TRS template: only `var countPage`/`var currentPage` (page numbers start at 0)
    cas = "<script>var currentPage = 0;//所在页从0开始\nvar countPage = 2//共多少页</script>"
    assert trs_pages(cas, "http://h/tzgg/index.html").pages == ["http://h/tzgg/index.html", "http://h/tzgg/index_1.html"]
    assert trs_pages(cas, "http://h/tzgg/list.php") is None


def test_jcms_dataproxy_answer_continues_until_total():
    xml = "<datastore><totalrecord>40</totalrecord><recordset></recordset></datastore>"
    url = "http://h/module/web/jpage/dataproxy.jsp?columnid=1&unitid=2&startrecord=16&endrecord=30&perpage=15"
    assert jcms_next(xml, url, 15).next.endswith("columnid=1&unitid=2&startrecord=31&endrecord=40&perpage=15")
    last = url.replace("startrecord=16&endrecord=30", "startrecord=31&endrecord=40")
    assert jcms_next(xml, last, 10).next is None


def test_article_date_from_url_then_htmldate():
    bare = "<html><body><h1>公示</h1><p>正文</p></body></html>"
    for url in ("http://h/tzgg/202009/t20200922_5702557.html", "http://h/art/2020/9/22/art_123_9.html",
                "http://h/a/news/2020/0922/40.html"):
        assert article_date(bare, url) == (date(2020, 9, 22), "url")
    ld = ('<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":'
          '"2020-09-22T10:00:00+08:00"}</script></head><body><h1>x</h1></body></html>')
    assert article_date(ld, "http://h/info/1.htm") == (date(2020, 9, 22), "htmldate")
    assert article_date(bare, "http://h/info/1023/3502.htm") == (None, "")


def test_lone_arrow_is_next_only_without_a_worded_next_link():
    base = "http://h/news/list.htm"
    assert nexts(page('<a href="list.htm">‹</a><a href="list2.htm">›</a><a href="list9.htm">»</a>'), base) == [
        "http://h/news/list2.htm"]
    assert nexts(page('<a href="list2.htm">下一页</a><a href="list9.htm">›</a>'), base) == ["http://h/news/list2.htm"]


def test_legacy_links_separated_by_br_with_dates_after_them():
    rows = "".join(f'<img src="dot.gif"><a href="ShowNews.asp?id={i}">学校第{i}期工作简报发布</a>'
                   f'<font color="#999">(2022-6-{20 - i})</font><br>' for i in range(5))
    rows2 = "".join(f'<a href="news.php?id={i}">教务处关于第{i}批课程安排的通知</a> [06-{20 - i}]<br>' for i in range(4))
    result = extract_list(f"<html><body><table><tr><td class='c'>{rows}</td></tr></table></body></html>",
                          "http://h/News.asp")
    assert [i.published.isoformat() for i in result.items] == [f"2022-06-{20 - i}" for i in range(5)]
    assert result.rule.startswith("auto: td.c > a (5 rows, 5 dated")
    result = extract_list(f"<html><body><div class='c'>{rows2}</div></body></html>", "http://h/n.php")
    assert [i.month_day for i in result.items] == [(6, 20 - i) for i in range(4)]


def test_xhtml_page_with_xml_declaration_is_read():
    html = '<?xml version="1.0" encoding="gb2312"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">' + page("")
    assert len(extract_list(html, "http://h/list.htm").items) == 3


def test_jcms_page_with_a_second_smaller_datastore_module():
    def store(n, col, day):
        recs = "".join(f'<record><![CDATA[<li><a href="/art/2022/6/{day}/art_{col}_{i}.html">第{col}栏目第{i}条通知标题</a>'
                       f'<span>2022-06-{day}</span></li>]]></record>' for i in range(n))
        proxy = f"/module/web/jpage/dataproxy.jsp?columnid={col}&amp;unitid={col + 1}"
        return (f'<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="{proxy}"></a>]]></nextgroup>'
                f'<recordset>{recs}</recordset></datastore></script><script>totalRecord:{n * 3}, perPage:{n}</script>')
    html = f"<html><body><div class='side'>{store(3, 7, 1)}</div><div class='main'>{store(6, 123, 20)}</div></body></html>"
    result = extract_list(html, "http://h/col/col123/index.html")
    assert len(result.items) == 6 and result.total == 18
    assert all("art_123_" in i.url for i in result.items)
    assert result.next_pages == ["http://h/module/web/jpage/dataproxy.jsp?columnid=123&unitid=124"
                                 "&startrecord=7&endrecord=12&perpage=6"]


def test_numbered_links_of_other_columns_or_calendars_are_not_pages():
    cal = page('<table class="calendar"><tr><td><a href="/events/day?d=5">5</a></td>'
               '<td><a href="/events/day?d=6">6</a></td></tr></table>')
    assert nexts(cal, "http://h/news/list.htm") == []
    for current, link in (("http://h/a/list_5_1.html", "list_5_2.html"),
                          ("http://h/xxyw.htm", "xxyw/12.htm"),
                          ("http://h/ArticleList.asp?ClassID=3", "ArticleList.asp?ClassID=3&page=2"),
                          ("http://h/category/news/", "/category/news/page/2/")):
        assert nexts(page(f'<span>1</span><a href="{link}">2</a>'), current) != [], current


def test_undated_fallback_ignores_sub_column_menus():
    menu = "".join(f'<li><a href="/xwdt/c{i}/index.html">新闻动态下属第{i}个子栏目名称</a></li>' for i in range(4))
    html = f'<html><body><ul class="c">{menu}</ul><p>暂无内容</p></body></html>'
    result = extract_list(html, "http://h/xwdt/xw/index.html")
    assert result.items == [] and result.rule == "auto: no list found"


def test_card_links_take_the_date_line_not_a_date_in_the_summary():
    cards = "".join(f'<li><a href="/a/news/2017/0419/{i}.html"><div class="tit">雄安新区报道第{i}篇文章标题</div>'
                    f'<div class="desc">2017年4月1日中共中央、国务院印发通知，决定设立河北雄安新区……</div>'
                    f'<div class="date">2017-04-19 23:1{i}:56</div></a></li>' for i in range(3))
    result = extract_list(f'<html><body><ul class="newslist">{cards}</ul></body></html>', "http://h/a/news/")
    assert [i.published.isoformat() for i in result.items] == ["2017-04-19"] * 3


def test_link_that_wraps_title_and_date_gives_a_clean_title():
    rows = "".join(f'<li><a href="info/1023/{i}.htm"><span class="t">学院召开第{i}次教学工作会议</span>'
                   f'<span class="time">[2022-06-{20 - i}]</span></a></li>' for i in range(3))
    result = extract_list(f'<html><body><ul class="list">{rows}</ul></body></html>', "http://h/xwzx.htm")
    assert [(i.title, i.published.day) for i in result.items] == [
        (f"学院召开第{i}次教学工作会议", 20 - i) for i in range(3)]


def test_titles_lose_control_and_bidi_characters():
    html = page("").replace("学院第0条新闻的标题文字", "学院\x1b[31m第0条\u202e新闻的标题文字")
    assert extract_list(html, "http://h/list.htm").items[0].title == "学院[31m第0条新闻的标题文字"
