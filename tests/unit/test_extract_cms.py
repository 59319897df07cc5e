"""Pure extraction over the CMS fixture corpus: exact items, newest date, next pages, pager totals."""
from __future__ import annotations
import pytest
from tests.support.cms import BASE, page_input, truth
from crawler.extract import decode_page, extract_list
from crawler.extract.listpage import Overrides


TRUTH = truth()


@pytest.mark.parametrize("url", sorted(TRUTH["pages"]))
def test_list_page_matches_truth(url):
    want = TRUTH["pages"][url]
    body, charset = page_input(url)
    page = extract_list(decode_page(body, charset), BASE + url)
    assert len(page.items) == want["items"], page.rule
    assert (page.newest.isoformat() if page.newest else None) == want["newest"], page.rule
    assert [u.removeprefix(BASE) for u in page.next_pages] == want["next_pages"]
    assert page.total == want["total"]
    assert sum(1 for i in page.items if i.month_day) == want["year_less"]
    assert sum(1 for i in page.items if not i.published and not i.month_day) == want["undated"]


def test_every_post_of_every_dated_section_has_its_true_date():
    """Walk each section's pages as the spider would and compare every (url, date) with the truth."""
    for name, sec in TRUTH["sections"].items():
        if name in ("yearless", "undated"):
            continue  # their dates come from article pages (test_listdates, test_crawl_cms)
        url, seen, found = sec["url"], set(), {}
        while url and url not in seen:
            seen.add(url)
            body, charset = page_input(url)
            page = extract_list(decode_page(body, charset), BASE + url)
            found.update({i.url.removeprefix(BASE): i.published.isoformat() for i in page.items})
            url = page.next_pages[0].removeprefix(BASE) if page.next_pages else None
        assert found == sec["posts"], name
        assert max(found.values()) == sec["newest"], name


def test_pinned_old_post_is_kept_but_never_the_newest():
    body, charset = page_input("/vsb/xxyw.htm")
    page = extract_list(decode_page(body, charset), BASE + "/vsb/xxyw.htm")
    first = page.items[0]
    assert first.pinned and first.published.isoformat() == "2020-01-05"
    assert page.newest.isoformat() == "2022-06-20"
    assert not any(i.pinned for i in page.items[1:])


def test_posts_inside_html_comments_and_sidebars_do_not_count():
    body, charset = page_input("/vsb/xxyw.htm")
    page = extract_list(decode_page(body, charset), BASE + "/vsb/xxyw.htm")
    urls = {i.url for i in page.items}
    assert BASE + "/vsb/info/1023/9999.htm" not in urls  # commented-out row
    assert not any("/hot/" in u for u in urls)  # 热点新闻 box
    body, charset = page_input("/wp/1234/list.htm")
    page = extract_list(decode_page(body, charset), BASE + "/wp/1234/list.htm")
    assert not any("/side/" in i.url for i in page.items)  # year-less sidebar list


def test_gbk_page_with_wrong_or_missing_header_charset_decodes_titles():
    want = TRUTH["sections"]["asp_gbk"]["sample_title"]
    for url in ("/asp/ArticleList.asp?ClassID=3", "/asp/ArticleList.asp?ClassID=3&page=2",
                "/asp/ArticleList.asp?ClassID=3&page=3"):
        body, charset = page_input(url)
        assert body.decode("gbk")  # real GBK bytes
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        page = extract_list(decode_page(body, charset), BASE + url)
        assert all("\ufffd" not in i.title and "ï" not in i.title for i in page.items)
    body, charset = page_input("/asp/ArticleList.asp?ClassID=3")
    assert extract_list(decode_page(body, charset), BASE + "/asp/x").items[0].title == want
    body, charset = page_input("/asp/ArticleList.asp?ClassID=3&page=3")  # no charset anywhere
    assert b"charset" not in body and charset == "iso-8859-1"
    assert extract_list(decode_page(body, charset), BASE + "/asp/x").items[0].title == "研究生招生复试工作安排（ASP20）"


def test_trs_script_pager_names_every_page():
    body, charset = page_input("/trs/tzgg/index.html")
    page = extract_list(decode_page(body, charset), BASE + "/trs/tzgg/index.html")
    assert [u.removeprefix(BASE) for u in page.script_pages] == [
        "/trs/tzgg/index.html", "/trs/tzgg/index_1.html", "/trs/tzgg/index_2.html"]
    assert page.page_count == 3 and "createPageHTML" in page.rule


def test_jcms_datastore_records_and_dataproxy_chain():
    body, charset = page_input("/col/col123/index.html")
    page = extract_list(decode_page(body, charset), BASE + "/col/col123/index.html")
    assert "JCMS" in page.rule and page.total == 14
    assert not any("/hot/" in i.url for i in page.items)
    assert "startrecord=7&endrecord=12&perpage=2" in page.next_pages[0]
    assert "columnid=123" in page.next_pages[0] and "unitid=456" in page.next_pages[0]


def test_overrides_pick_rows_title_date_and_next_page():
    body, charset = page_input("/jeecms/xwzx/index.jhtml")
    html = decode_page(body, charset)
    page = extract_list(html, BASE + "/jeecms/xwzx/index.jhtml",
                        Overrides(item="ul.news-cal > li", title=".txt a", date="div.date",
                                  next_page="div.pagination a:last-child"))
    assert len(page.items) == 6 and page.rule.startswith("override item=")
    assert page.items[0].published.isoformat() == "2022-06-24"
    assert page.next_pages == [BASE + "/jeecms/xwzx/index_2.jhtml"]
    # an override that matches nothing finds nothing (and says so), instead of guessing
    empty = extract_list(html, BASE + "/x", Overrides(item="table.nothing tr"))
    assert empty.items == [] and "0 rows" in empty.rule


def test_page_seen_twice_is_not_a_next_page():
    html = ('<html><body><ul><li><a href="/a/1.htm">第一条新闻标题很长</a><span>2022-06-01</span></li>'
            '<li><a href="/a/2.htm">第二条新闻标题很长</a><span>2022-05-01</span></li></ul>'
            '<div class="page"><a href="list.htm">下一页</a></div></body></html>')
    assert extract_list(html, "http://h/list.htm").next_pages == []


@pytest.mark.parametrize("url,ov,count,first", [
    ("/vsb/xxyw.htm", Overrides(item="div.list ul > li[id^=line_u]", date="span"), 6, "2020-01-05"),
    ("/wp/1234/list.htm", Overrides(item="ul.news_list.list2 > li", date="span.news_meta",
                                    next_page="ul.wp_paging a.next"), 4, "2022-06-28"),
    ("/trs/tzgg/index.html", Overrides(item="table.list tr", date="td.cn51hui122"), 6, "2022-06-25"),
    ("/dede/a/news/list_5_1.html", Overrides(item="ul.e2 > li", date="span.date",
                                             next_page="ul.pagelist a:contains('下一页')"), 8, "2022-06-18"),
    ("/col/col123/index.html", Overrides(item="li", date="span.bt-data-time"), 6, "2022-06-29"),
    ("/jeecms/xwzx/index.jhtml", Overrides(item="ul.news-cal > li", title=".txt a", date="div.date"), 6, "2022-06-24"),
    ("/blog/category/news/", Overrides(item="main article", date="time"), 6, "2022-06-26"),
    ("/asp/ArticleList.asp?ClassID=3", Overrides(item="table.list tr", title="td.listtitle a"), 10, "2022-06-27"),
])
def test_override_examples_from_the_docs(url, ov, count, first):
    """The README's per-family override examples pick the same posts as auto-detection."""
    body, charset = page_input(url)
    page = extract_list(decode_page(body, charset), BASE + url, ov)
    auto = extract_list(decode_page(body, charset), BASE + url)
    assert len(page.items) == count and page.items[0].published.isoformat() == first
    assert [i.url for i in page.items] == [i.url for i in auto.items]
    assert page.next_pages == auto.next_pages
