"""Dates as campus sites write them, year-less dates across a new year, article-page dates, encodings."""
from __future__ import annotations
from datetime import date
import pytest
from crawler.extract.article import article_date
from crawler.extract.dates import combine_badge, parse_date, parse_month_day, resolve_years
from crawler.extract.encoding import decode_page, detect_encoding
from crawler.extract.listdates import plan_dates, resolve_dates
from crawler.extract.listpage import ListItem, extract_list


D = date(2022, 6, 20)


@pytest.mark.parametrize("text", ["2022-06-20", "2022-6-20", "2022/06/20", "2022.06.20", "2022年6月20日",
                                  "2022年06月20日 14:30", "[2022-06-20]", "发布时间：2022-06-20 10:08:00",
                                  "(2022-06-20)", "22-06-20", "2022 年 6 月 20 日"])
def test_full_date_formats(text):
    assert parse_date(text) == D


@pytest.mark.parametrize("text", ["[06-20]", "06-20", "6月20日", "06/20"])
def test_year_less_dates_are_not_given_a_year(text):
    assert parse_date(text) is None
    assert parse_month_day(text) == (6, 20)


def test_not_dates():
    assert parse_date("2022-13-40") is None
    assert parse_date("浏览次数：2022") is None
    assert parse_month_day("10:30") is None
    assert parse_month_day("2022-06") is None


def test_calendar_badges_split_over_elements():
    assert combine_badge(["20", "2022-06"]) == D
    assert combine_badge(["2022.06", "20"]) == D
    assert combine_badge(["2022", "06-20"]) == D
    html = ('<html><body><ul class="n"><li><div class="d"><b>20</b><span>2022-06</span></div>'
            '<a href="/a/1.htm">学院举办学术报告会第一场</a></li><li><div class="d"><span>2022.06</span>'
            '<em>3</em></div><a href="/a/2.htm">学院举办学术报告会第二场</a></li></ul></body></html>')
    assert [i.published for i in extract_list(html, "http://h/").items] == [D, date(2022, 6, 3)]


def test_year_less_list_across_new_year_takes_years_from_anchor_and_order():
    mds = [(1, 20), (1, 2), (12, 27), (12, 21), (11, 30)]
    got = resolve_years(mds, date(2022, 1, 20))
    assert got == [date(2022, 1, 20), date(2022, 1, 2), date(2021, 12, 27), date(2021, 12, 21),
                   date(2021, 11, 30)]
    # page 2 continues from page 1's last date, across another new year
    assert resolve_years([(1, 5), (12, 30)], date(2021, 1, 10)) == [date(2021, 1, 5), date(2020, 12, 30)]


def test_pinned_year_less_post_is_not_resolved_by_order():
    got = resolve_years([(3, 15), (1, 20), (12, 27)], date(2022, 1, 20), pinned=[True, False, False])
    assert got == [None, date(2022, 1, 20), date(2021, 12, 27)]


def _item(url, published=None, md=None, pinned=False):
    return ListItem(title=url, url=url, published=published, month_day=md, pinned=pinned)


def test_plan_and_resolve_dates_for_year_less_pinned_and_undated_posts():
    items = [_item("p", md=(3, 15), pinned=True), _item("a", md=(1, 20)), _item("b", md=(12, 27)),
             _item("c", published=date(2021, 12, 1)), _item("u")]
    plan = plan_dates(items, None)
    assert plan.article_urls == ["p", "a", "u"] and plan.anchor_url == "a"
    dates, anchor = resolve_dates(items, {"p": date(2021, 3, 15), "a": date(2022, 1, 20), "u": None}, None)
    assert dates == [date(2021, 3, 15), date(2022, 1, 20), date(2021, 12, 27), date(2021, 12, 1), None]
    assert anchor == date(2021, 12, 27)
    # with an anchor from the previous page, no article page is needed for year-less posts
    assert plan_dates(items[1:3], anchor).article_urls == []
    # date_source = "article": every post's article page
    assert plan_dates(items, None, "article").article_urls == ["p", "a", "b", "c", "u"]


@pytest.mark.parametrize("html,want", [
    ('<meta name="PubDate" content="2022-06-20 09:00">', D),
    ('<meta property="article:published_time" content="2022-06-20T08:00:00+08:00">', D),
    ('<p>来源：办公室 发布时间：2022-06-20 浏览：3</p><p>2019年1月1日的旧规定</p>', D),
    ('<div>发布日期：2022年06月20日</div><p>2020-01-01 会议</p>', D),
    ('<div>日期：2022/6/20</div>', D),
    ("<span class='Article_PublishDate'>2022-06-20</span>", D),
])
def test_article_page_dates(html, want):
    assert article_date(f"<html><head>{html}</head><body>{html}</body></html>")[0] == want


def test_article_page_without_a_date_stays_undated():
    assert article_date("<html><body><h1>附件下载</h1><p>请下载附件。</p></body></html>",
                        "http://h/nd/content/507.html") == (None, "")


TEXT = "<html><head><meta charset='gb2312'><title>通知公告</title></head><body>" + "关于举办学术讲座的通知" * 5


@pytest.mark.parametrize("header", [None, "utf-8", "iso-8859-1", "gbk"])
def test_gbk_bytes_decode_whatever_the_header_says(header):
    body = TEXT.encode("gbk")
    assert "关于举办学术讲座的通知" in decode_page(body, header)


def test_gbk_without_any_declaration_and_utf8_mislabelled_as_gbk():
    bare = TEXT.replace("<meta charset='gb2312'>", "")
    assert "关于举办学术讲座的通知" in decode_page(bare.encode("gbk"), None)
    assert detect_encoding(bare.encode("gbk"), None) == "gb18030"
    assert "关于举办学术讲座的通知" in decode_page(TEXT.encode("utf-8"), "gbk")
    assert decode_page(b"\xef\xbb\xbf<p>\xe4\xb8\xad</p>", "gbk") == "<p>中</p>"
    assert "碁" in decode_page("碁".encode("gb18030") * 3, "gb2312")  # GBK-only character under a GB2312 label


def test_attachments_listed_as_posts_are_not_fetched_for_dates():
    items = [_item("http://h/xxgk/2022/附件1.pdf"), _item("http://h/xxgk/info/12.htm"), _item("http://h/a/b.DOCX")]
    assert plan_dates(items, None).article_urls == ["http://h/xxgk/info/12.htm"]
    dates, _ = resolve_dates(items, {"http://h/xxgk/info/12.htm": D}, None)
    assert dates == [None, D, None]
