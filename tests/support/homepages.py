"""Home pages written like real campus CMS output (issue 13: home-page freshness), for unit and crawl tests.

Modelled on the saved pages in /work/shared/real-pages: a WebPlus-style school home (学校要闻 with
``YYYY-MM-DD`` in ``<span>``, 通知公告 with calendar badges: the day in one element, 年-月 in another), a
SiteServer/TRS-style bureau home in GBK with year-less ``(MM-DD)`` dates (TRS URLs carry the full date),
and a home page with no dated item at all (a banner and a menu). Every header prints today's date, as
many government sites do: it is not an item.
"""

from __future__ import annotations

import html as htmlmod
from datetime import date


def _news(items: list[tuple[str, str, date]]) -> str:
    return "".join(
        f'<li><a href="{url}" target="_blank" title="{htmlmod.escape(t)}">{htmlmod.escape(t)}</a>'
        f"<span class='news_meta'>{d.isoformat()}</span></li>"
        for t, url, d in items
    )


def _badges(items: list[tuple[str, str, date]]) -> str:
    return "".join(
        f'<li class="clearfix"><div class="date"><span class="day">{d.day:02d}</span>'
        f'<span class="ym">{d.year}-{d.month:02d}</span></div>'
        f'<div class="txt"><a href="{url}" title="{htmlmod.escape(t)}">{htmlmod.escape(t)}</a></div></li>'
        for t, url, d in items
    )


def school_home(news: list[tuple[str, str, date]], notices: list[tuple[str, str, date]], today: date) -> str:
    """A WebPlus-style university home: 学校要闻 (full dates) and 通知公告 (badges)."""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>湘江大学</title></head>
<body><div class="header"><div class="top-date">今天是{today.year}年{today.month}月{today.day}日 星期三</div>
<ul class="nav"><li><a href="/xxgk/list.htm">学校概况</a></li><li><a href="/xxyw/list.htm">学校要闻</a></li>
<li><a href="/tzgg/list.htm">通知公告</a></li><li><a href="/xxgk/main.htm">信息公开</a></li></ul></div>
<div class="banner"><a href="/zt/2026/index.htm"><img src="/_upload/banner1.jpg" alt="专题"></a></div>
<div class="main clearfix">
 <div class="post post1"><div class="tt"><span class="title">学校要闻</span><a class="more" href="/xxyw/list.htm">更多</a></div>
  <ul class="news_list list2">{_news(news)}</ul></div>
 <div class="post post2"><div class="tt"><span class="title">通知公告</span><a class="more" href="/tzgg/list.htm">更多</a></div>
  <ul class="notice_list">{_badges(notices)}</ul></div>
</div>
<div class="footer"><p>版权所有 2016-{today.year} 湘江大学 湘ICP备05001234号</p></div>
</body></html>"""


def bureau_home(items: list[tuple[str, str, date]], today: date) -> str:
    """A county education bureau home (served GBK): year-less ``(MM-DD)`` dates, TRS-style article URLs."""
    rows = "".join(
        f'<li><a href="{url}" target="_blank">{htmlmod.escape(t)}</a><span>({d:%m-%d})</span></li>'
        for t, url, d in items
    )
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>岚江县教育体育局</title></head><body>
<div id="top">{today.year}年{today.month:02d}月{today.day:02d}日</div>
<div class="nav"><a href="/">首页</a> <a href="/xwdt/">新闻动态</a> <a href="/tzgg/">通知公告</a></div>
<div class="box"><div class="box-title"><b>新闻动态</b><a href="/xwdt/">更多&gt;&gt;</a></div>
<div class="list"><ul>{rows}</ul></div></div>
<div class="bottom">主办：岚江县教育体育局 陕ICP备08003687号-1</div></body></html>"""


def undated_home() -> str:
    """A home page with banners and menus but no dated item (a 门户 of links)."""
    return """<html><head><meta charset="utf-8"><title>湘江学院</title></head><body>
<div class="header"><ul class="nav"><li><a href="/xxgk/">学校概况</a></li><li><a href="/jgsz/">机构设置</a></li></ul></div>
<div class="banner"><a href="/zt/1.htm"><img src="/b1.jpg" alt="b1"></a><a href="/zt/2.htm"><img src="/b2.jpg" alt="b2"></a></div>
<div class="quick"><ul><li><a href="/jwc/">教务处</a></li><li><a href="/xsc/">学生处</a></li><li><a href="/tsg/">图书馆</a></li></ul></div>
<div class="footer">版权所有 © 湘江学院</div></body></html>"""


# one school's home-page items and its 学校要闻 list page, shared by the home-freshness and inspect tests
NEWS = [
    ("我校召开2026年冬季学期工作会议", "/2026/1120/c1a2001/page.htm", date(2026, 11, 20)),
    ("我校学子在全国大学生数学建模竞赛中获佳绩", "/2026/1105/c1a2000/page.htm", date(2026, 11, 5)),
]
NOTICES = [
    ("关于2027年元旦放假安排的通知", "/2026/1127/c2a3001/page.htm", date(2026, 11, 27)),
    ("关于开展教学质量月活动的通知", "/2026/1112/c2a3000/page.htm", date(2026, 11, 12)),
]


def news_listing() -> str:
    """The 学校要闻 list page whose two posts are NEWS."""
    rows = "".join(f'<li><a href="{u}">{htmlmod.escape(t)}</a><span>{d.isoformat()}</span></li>' for t, u, d in NEWS)
    return f'<html><head><meta charset="utf-8"><title>学校要闻</title></head><body><ul class="news_list">{rows}</ul></body></html>'

