"""One parse per page (issue 14): every extractor reads the same tree, in any order, with the facts each
finds from the page's text alone; list and date extraction leave the tree exactly as they found it."""

from __future__ import annotations

import json
from datetime import date

import pytest
from lxml import etree

from crawler.extract import decode_page, extract_list
from crawler.extract.article import article_date, article_date_in
from crawler.extract.footer import extract_footer, footer_in
from crawler.extract.hidden import extract_hidden_links, hidden_links_in
from crawler.extract.html import base_url, parse_html, without
from crawler.extract.links import extract_links, links_in
from crawler.extract.listpage import list_in
from tests.support.cms import BASE, CMS

ROUTES = json.loads((CMS / "routes.json").read_text("utf-8"))
# a list page whose scripts sit between texts, a hidden spam block, a script hider and a footer
MIXED = """<html><head><style>.yq{position:absolute;left:-5000px}</style><script>var a = 1;</script></head>
<body><div class="list"><ul>
<li><a href="/a/1.htm">学院召开2022年教学工作会议</a><script>x()</script><span>2022-06-20</span></li>
<li><a href="/a/2.htm">关于做好期末考试工作的通知</a><noscript><a href="/a/n.htm">n</a></noscript>2022-06-18</li>
<li>前<script>y()</script><a href="/a/3.htm">学校举行毕业典礼暨学位授予仪式</a> 2022-06-16<style>.q{}</style>后</li>
</ul><div class="page"><a href="list2.htm">下一页</a></div></div>
<div class="yq"><a href="http://spam.example.com/">百家乐</a></div>
<div id="s1"><a href="http://other.example.org/">x</a></div>
<script>document.getElementById("s1").style.display = "none";</script>
<div class="footer">版权所有 示范大学 <a href="http://beian.miit.gov.cn/">湘ICP备05001号</a></div>
</body></html>"""
URL = "http://www.school.edu.cn/xw/list.htm"


def _facts(root: etree._Element, html: str, url: str) -> tuple:
    page = list_in(root, html, url)
    return (
        (page.items, page.next_pages, page.rule, page.total),
        article_date_in(root, html, url),
        links_in(root, base_url(root, url)),
        footer_in(root, url),
        hidden_links_in(root, html, url),
    )


def _from_text(html: str, url: str) -> tuple:
    page = extract_list(html, url)
    return (
        (page.items, page.next_pages, page.rule, page.total),
        article_date(html, url),
        extract_links(html, url),
        extract_footer(html, url),
        extract_hidden_links(html, url),
    )


@pytest.mark.parametrize("path", ["MIXED", *sorted(ROUTES)])
def test_one_tree_gives_what_each_parse_gave_and_stays_as_it_was(path):
    if path == "MIXED":
        html, url = MIXED, URL
    else:
        r = ROUTES[path]
        html, url = decode_page((CMS / r["file"]).read_bytes(), None), BASE + path
    root = parse_html(html)
    before = etree.tostring(root, method="html")
    assert _facts(root, html, url) == _from_text(html, url)
    assert etree.tostring(root, method="html") == before
    # hidden links first, list and date last: the order changes nothing
    again = parse_html(html)
    hidden_first = hidden_links_in(again, html, url)
    assert _facts(again, html, url)[4] == hidden_first


def test_the_mixed_page_finds_what_each_extractor_should():
    root = parse_html(MIXED)
    (items, nexts, _, _), _, links, footer, hidden = _facts(root, MIXED, URL)
    assert [i.url for i in items] == [f"http://www.school.edu.cn/a/{n}.htm" for n in (1, 2, 3)]
    assert nexts == ["http://www.school.edu.cn/xw/list2.htm"]
    assert "http://www.school.edu.cn/a/n.htm" in [link.url for link in links]  # noscript links are links
    assert footer.found and "湘ICP备05001号" in footer.text
    assert {(h.url, h.method) for h in hidden} == {
        ("http://spam.example.com/", "off-screen position"),
        ("http://other.example.org/", "script sets display:none"),
    }


def test_without_takes_out_and_puts_back_tails_and_nesting():
    html = (
        "<html><body><p>a<script>1</script>b<style>s</style><noscript><script>2</script>n</noscript>c</p></body></html>"
    )
    root = parse_html(html)
    before = etree.tostring(root)
    with without(root, "script", "style", "noscript"):
        assert etree.tostring(root.find("body")) == b"<body><p>abc</p></body>"
        assert root.find(".//script") is None
    assert etree.tostring(root) == before
    with pytest.raises(RuntimeError), without(root, "script"):
        raise RuntimeError("an extractor failed")
    assert etree.tostring(root) == before  # put back even when the reader fails


def test_the_spider_parses_a_list_page_and_an_article_page_once(monkeypatch):
    """PortalSpider.parse_list and parse_article hand their one tree to LinkCheck.on_page."""
    from datetime import UTC, datetime

    from scrapy.http import HtmlResponse, Request

    import crawler.article_dates
    import crawler.extract.article
    import crawler.extract.html
    import crawler.extract.listpage
    import crawler.linkcheck.checker
    import crawler.spiders.portal
    from crawler.article_dates import PageJob
    from crawler.items import PageLinksItem
    from crawler.spec import CrawlSpec, SectionSpec, SiteSpec
    from crawler.spiders.portal import PortalSpider

    parses: list[int] = []

    def counting(html: str) -> etree._Element:
        parses.append(len(html))
        return parse_html(html)

    readers = (crawler.extract.html, crawler.extract.listpage, crawler.extract.article, crawler.linkcheck.checker)
    for module in (crawler.spiders.portal, crawler.article_dates, *readers):
        monkeypatch.setattr(module, "parse_html", counting, raising=False)
    section = SectionSpec("新闻", URL, stale_after_days=30, backfill_days=30, max_pages=1)
    spec = CrawlSpec(sites=[SiteSpec("示范大学", "http://www.school.edu.cn/", [section])])
    spider = PortalSpider(spec, {}, now=lambda: datetime(2022, 6, 30, tzinfo=UTC))
    meta = {"site": "示范大学", "section": "新闻", "page_no": 1, "first": True, "mode": "walk"}
    request = Request(URL, meta=meta)
    spider.states[("示范大学", "新闻")].pending = 1
    response = HtmlResponse(URL, body=MIXED.encode(), encoding="utf-8", request=request)
    out = list(spider.parse_list(response))
    assert parses == [len(MIXED)]  # one parse for posts, pager, links and hidden links
    facts = [i for i in out if isinstance(i, PageLinksItem)]
    assert len(facts) == 1 and {h["url"] for h in facts[0].hidden} == {
        "http://spam.example.com/",
        "http://other.example.org/",
    }
    job_page = extract_list(MIXED, URL)
    parses.clear()
    article = (
        "<html><body><div class='info'>发布时间：2022-06-20</div><a href='http://x.example.com/'>x</a></body></html>"
    )
    art_url = "http://www.school.edu.cn/a/9.htm"
    state = spider.states[("示范大学", "新闻")]
    state.pending += 1
    job = PageJob(("示范大学", "新闻"), job_page, URL, waiting=2)
    art_meta = {"job": job, "article_url": art_url, "site": "示范大学", "section": "新闻"}
    art_response = HtmlResponse(
        art_url, body=article.encode(), encoding="utf-8", request=Request(art_url, meta=art_meta)
    )
    out = list(spider.parse_article(art_response))
    assert parses == [len(article)]  # one parse for its date and its links
    assert job.article_dates == {art_url: date(2022, 6, 20)}
    assert any(isinstance(i, PageLinksItem) and i.page_url == art_url for i in out)
