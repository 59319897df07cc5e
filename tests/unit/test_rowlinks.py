"""Pure extraction: rows a reader sees are posts even when their link cannot be followed (issue 9.4)."""
from __future__ import annotations
from datetime import date
from tests.support.rowlinks_pages import (FOOT, HEAD, HOT, NAV, SCRIPT_ROWS, party_column, party_dates, party_titles, trs_link,
                            trs_page_one, trs_page_two, trs_row, trs_table)
from crawler.extract import extract_list
from crawler.extract.listdates import plan_dates, resolve_dates
from crawler.extract.html import parse_html
from crawler.extract.rowlinks import js_target, post_key


BASE = "http://www.sfedu.test"


def keys(page) -> list[str]:
    return [post_key(i.url, i.title, i.published, i.month_day) for i in page.items]


def test_a_column_of_24_javascript_rows_is_24_posts():
    page = extract_list(party_column(24), BASE + "/channels/18119.html")
    assert len(page.items) == 24 == page.total, page.rule
    assert [i.title for i in page.items] == party_titles(24)
    assert [i.published for i in page.items] == party_dates(24)
    assert not any(i.link or i.url for i in page.items)
    assert len(set(keys(page))) == 24
    assert keys(page)[0] == "title:党支部工作制度汇编第1号：发展党员工作规范|2022-06-28"
    assert page.next_pages == []  # the javascript:; pager names no page


def test_menu_hot_box_nav_and_pager_rows_are_not_posts():
    page = extract_list(party_column(24), BASE + "/channels/18119.html")
    titles = {i.title for i in page.items}
    # the 热点 box has dated javascript:; rows too (year-less), the menu and nav are undated
    assert not titles & set(HOT)
    assert not titles & {"党建之窗", "党务公开", "政务服务", "国务院信息", "繁体", "首页", "下一页", "尾页"}
    assert not any("ICP" in t or "共 24 条" in t for t in titles)


def test_a_short_column_next_to_a_bigger_hot_box_still_wins():
    """6 rows (lgedu 党务公开) beside the year-less 热点 box: the column, not the box."""
    page = extract_list(party_column(6), BASE + "/channels/18119.html")
    assert [i.title for i in page.items] == party_titles(6)


def test_script_links_are_identified_by_their_target():
    page = extract_list(trs_page_two(), BASE + "/tzgg/index_1.html")
    by_title = {}
    for item in page.items:
        by_title.setdefault(item.title, []).append(item)
    for title, _, day, target in SCRIPT_ROWS[:4]:
        (item,) = by_title[title]
        assert item.url == BASE + target and not item.link
        assert item.published == date(2000 + int(day[:2]), int(day[3:5]), int(day[6:]))
        assert post_key(item.url, item.title, item.published) == "sfedu.test" + target


def test_hash_missing_href_and_no_anchor_rows_are_counted_by_title_and_date():
    page = extract_list(trs_page_two(), BASE + "/tzgg/index_1.html")
    plain = [i for i in page.items if not i.url]
    assert [(i.title, i.published.isoformat()) for i in plain] == [
        ("关于做好2022年暑期安全工作的通知", "2022-05-16"),  # href="#"
        ("青海观测站2022年招生简章（后勤保障）", "2022-05-12"),  # <a> without href
        ("关于开展2022年安全生产月活动的通知", "2022-05-10"),  # no <a> at all
        ("观测站工作简报", "2022-05-06"), ("观测站工作简报", "2022-04-06")]


def test_same_title_two_dates_is_two_posts_and_a_repeated_row_is_one():
    page = extract_list(trs_page_two(), BASE + "/tzgg/index_1.html")
    assert len(page.items) == 9  # ten rows, the last repeats the ninth
    briefs = [k for k in keys(page) if k.startswith("title:观测站工作简报")]
    assert briefs == ["title:观测站工作简报|2022-05-06", "title:观测站工作简报|2022-04-06"]


def test_followable_links_keep_their_url_and_page_one_is_unchanged():
    page = extract_list(trs_page_one(), BASE + "/tzgg/index.html")
    assert len(page.items) == 6 and all(i.link for i in page.items)
    assert page.items[0].url == BASE + "/tzgg/202206/t20220628_5703000.html"
    assert page.next_pages == [BASE + "/tzgg/index_1.html"]


def test_a_mixed_list_counts_every_row_and_flags_the_dead_ones():
    """pmodlh-like: a mirror kept some article links and turned the rest into javascript:;."""
    rows = [trs_row(trs_link(f"关于第{i}批观测数据发布的通知", f"./202206/t2022060{i}_1.html" if i % 2 else "javascript:;"),
                    f"22-06-0{i}") for i in range(1, 9)]
    page = extract_list(trs_table(rows, "共1页"), BASE + "/tzgg/index.html")
    assert [i.link for i in page.items] == [True, False] * 4
    assert [bool(i.url) for i in page.items] == [True, False] * 4


def test_undated_rows_without_a_link_are_not_posts():
    """A list of undated link-less rows (a menu, a disclosure catalogue) stays uncounted; so does an
    undated heading row inside a dated list."""
    menu = "".join(f'<li><a href="javascript:;">信息公开目录第{i}类事项说明</a></li>' for i in range(8))
    page = extract_list(HEAD.format(title="目录") + NAV + f'<div class="list"><ul>{menu}</ul></div>' + FOOT,
                        BASE + "/xxgk/index.html")
    assert page.items == []
    rows = [trs_row(trs_link("二〇二二年度部门预算公开说明", "javascript:;"), "")] + [
        trs_row(trs_link(f"关于第{i}批观测数据发布的通知", "javascript:;"), f"22-06-0{i}") for i in range(1, 5)]
    page = extract_list(trs_table(rows, "共1页"), BASE + "/tzgg/index.html")
    assert [i.title for i in page.items] == [f"关于第{i}批观测数据发布的通知" for i in range(1, 5)]


def test_a_lone_script_line_on_an_article_is_no_list():
    html = (HEAD.format(title="通知") + '<div class="article"><h1>关于观测安排的通知</h1>'
            '<div class="info"><a href="javascript:share()">分享到QQ空间 2022-06-20</a></div>'
            '<p>正文……</p></div>' + FOOT)
    assert extract_list(html, BASE + "/tzgg/202206/t20220620_1.html").items == []


def test_teleport_rewrites_and_row_onclick_give_the_original_address():
    teleport = ("javascript:if(confirm('http://www.sfedu.test/info/1023/3502.htm  \\n\\n该文件无法用 Teleport "
                "Ultra 下载, 因为 它是一个域或路径外部被设置为它的启始地址的地址。  \\n\\n你想在服务器上打开它?'))"
                "window.location='http://www.sfedu.test/info/1023/3502.htm'")
    root = parse_html(f'<html><body><a href="{teleport}" tppabs="http://www.sfedu.test/info/1023/3502.htm">T</a>'
                      '<a href="javascript:;" onclick="navClick(\'nav-m-list\')">菜单</a>'
                      '<a href="javascript:void(0)" onclick="showDetail(12345)">详情</a>'
                      '<tr onclick="window.location.href=\'/news/2022/0620/88.html\'"></tr></body></html>')
    a, menu, detail = root.iter("a")
    assert js_target(a, BASE + "/mirror/list.htm") == "http://www.sfedu.test/info/1023/3502.htm"
    assert js_target(menu, BASE) == "" and js_target(detail, BASE) == ""  # no page address in the script
    rows = [f'<tr onclick="window.location.href=\'/news/2022/06{i:02d}/8{i}.html\'"><td>学院召开第{i}次教学工作会议</td>'
            f'<td>2022-06-{i:02d}</td></tr>' for i in range(1, 5)]
    page = extract_list(HEAD.format(title="新闻") + f"<table class='list'>{''.join(rows)}</table>" + FOOT,
                        BASE + "/news/list.htm")
    assert [i.url for i in page.items] == [f"{BASE}/news/2022/06{i:02d}/8{i}.html" for i in range(1, 5)]
    assert not any(i.link for i in page.items)


def test_article_dates_are_never_planned_for_link_less_rows():
    """A year-less list: the anchor is the first row with a followable link; link-less rows take their
    years from the list order and are never fetched."""
    rows = "".join(f'<li><a href="javascript:;">学院第{i}次党委理论学习中心组学习</a><span>[06-{30 - i:02d}]</span></li>'
                   for i in range(3)) + '<li><a href="info/1023/9.htm">学院召开2022届毕业典礼</a><span>[06-20]</span></li>'
    page = extract_list(HEAD.format(title="动态") + f'<div class="main"><ul class="list">{rows}</ul></div>' + FOOT,
                        BASE + "/dt.htm")
    assert len(page.items) == 4 and [i.link for i in page.items] == [False, False, False, True]
    plan = plan_dates(page.items, None)
    assert plan.article_urls == [BASE + "/info/1023/9.htm"] == [plan.anchor_url]
    dates, _ = resolve_dates(page.items, {BASE + "/info/1023/9.htm": date(2022, 6, 20)}, None)
    assert [d.isoformat() for d in dates] == ["2022-06-30", "2022-06-29", "2022-06-28", "2022-06-20"]
    assert plan_dates(page.items, None, "article").article_urls == [BASE + "/info/1023/9.htm"]


def test_post_key_forms():
    assert post_key("https://www.sfedu.test/a/1.htm", "T") == "sfedu.test/a/1.htm"
    assert post_key("", "  观测站 工作简报 ", date(2022, 5, 6)) == "title:观测站 工作简报|2022-05-06"
    assert post_key("", "T", None, (6, 20)) == "title:T|06-20"
    assert post_key("", "T") == "title:T|"


def test_a_share_button_never_outbids_the_title_link():
    rows = "".join(f'<li><a href="info/1023/{i}.htm">第{i}次会议纪要</a><a href="javascript:void(0)" '
                   f'onclick="share({i})">分享到微信朋友圈和QQ空间</a><span>2022-06-0{i}</span></li>'
                   for i in range(1, 5))
    page = extract_list(HEAD.format(title="纪要") + f'<ul class="list">{rows}</ul>' + FOOT, BASE + "/hyjy.htm")
    assert [(i.title, i.link) for i in page.items] == [(f"第{i}次会议纪要", True) for i in range(1, 5)]


def test_a_category_link_does_not_hide_the_dead_title_link():
    rows = "".join(f'<li><a href="tzgg.htm">[通知]</a><a href="javascript:;">关于做好第{i}批材料报送工作的通知</a>'
                   f'<span>2022-06-0{i}</span></li>' for i in range(1, 5))
    page = extract_list(HEAD.format(title="通知") + f'<ul class="list">{rows}</ul>' + FOOT, BASE + "/tz.htm")
    assert [(i.title, i.link) for i in page.items] == [(f"关于做好第{i}批材料报送工作的通知", False) for i in range(1, 5)]


def test_word_bookmarks_and_article_bodies_are_no_rows():
    """A Word bookmark (<a name="OLE_LINK1">) is not a link; a long article body with a date is no row."""
    body = "经复试小组复试，并经院研究生招生领导小组审核，拟录取结果如下。" * 30
    html = (HEAD.format(title="复试结果") + '<div class="main"><div class="info_nr"><table><tr><td>序号</td>'
            '<td><a name="OLE_LINK1"><span>考生编号</span></a></td></tr></table>'
            f'<p>{body}</p><p>人文学院</p><p>2022.4.13</p></div><div class="side"><p>相关链接</p></div></div>' + FOOT)
    assert extract_list(html, BASE + "/2022/0413/c1a1/page.htm").items == []
