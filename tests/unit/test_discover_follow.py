"""Which links discovery follows (crawler.discover.follow.nav_links): menus, sidebars and 更多, not posts, pagers,
search/login addresses or other hosts — except the 信息公开网 sub-site."""

from __future__ import annotations

from crawler.discover.follow import nav_links
from crawler.discover.judge import judge_page

HOME = """<html><head><title>示范大学</title></head><body>
<div id="menu"><ul><li><a href="/index.htm">首页</a></li><li><a href="/xwzx/xxyw.htm">新闻中心</a>
<ul class="sub"><li><a href="/xwzx/xxyw.htm">学校要闻</a></li><li><a href="/xwzx/zhxw.htm">综合新闻</a></li></ul></li>
<li><a href="http://xxgk.example.edu.cn/">信息公开</a></li><li><a href="http://jwc.example.edu.cn/">教务处</a></li></ul></div>
<div class="topbar"><a href="/search.jsp?wbtreeid=1001&amp;newskeycode2=5a2m">站内搜索</a>
<a href="/authserver/login?service=%2Findex.htm">统一身份认证</a><a href="/wzdt.htm">网站地图</a></div>
<div class="block"><h3>学校要闻</h3><a href="/xwzx/xxyw.htm" class="more">更多&gt;&gt;</a><ul>
<li><a href="/info/1013/4998.htm">学校召开2022年党风廉政建设工作会议暨警示教育大会</a><span>2022-06-30</span></li>
<li><a href="/info/1013/4997.htm">校运动会开幕</a><span>2022-06-29</span></li>
<li><a href="/info/1013/4996.htm">我校在全国大学生数学建模竞赛中获佳绩</a><span>2022-06-28</span></li></ul></div>
<div class="footer"><a href="http://www.moe.gov.cn/">教育部</a> <a href="/files/guide.pdf">指南</a></div></body></html>"""


def test_the_home_page_leads_to_its_menus_and_the_disclosure_sub_site_only():
    facts = judge_page(HOME, "http://www.example.edu.cn/index.htm")
    follow, skipped, hosts = nav_links(facts, {"www.example.edu.cn"})
    urls = [u for u, _ in follow]
    assert urls == [
        "http://www.example.edu.cn/xwzx/xxyw.htm",
        "http://www.example.edu.cn/xwzx/zhxw.htm",
        "http://xxgk.example.edu.cn/",
    ]
    assert hosts == {"xxgk.example.edu.cn"}  # 教务处 and 教育部 are other sites
    assert dict(skipped) == {
        "http://www.example.edu.cn/search.jsp?wbtreeid=1001&newskeycode2=5a2m": "search",
        "http://www.example.edu.cn/authserver/login?service=%2Findex.htm": "login",
        "http://www.example.edu.cn/files/guide.pdf": "other",
    }


def test_a_list_page_does_not_lead_to_its_posts_or_its_later_pages():
    page = HOME.replace(
        '<div class="footer">',
        '<div class="pager">共57条 1/5 <a href="/xwzx/xxyw/4.htm" class="Next">下页</a></div><div class="footer">',
    )
    facts = judge_page(page, "http://www.example.edu.cn/xwzx/xxyw.htm")
    assert facts.kind == "list"
    urls = [u for u, _ in nav_links(facts, {"www.example.edu.cn"})[0]]
    assert "http://www.example.edu.cn/info/1013/4997.htm" not in urls  # a short-titled post is still a post
    assert "http://www.example.edu.cn/xwzx/xxyw/4.htm" not in urls
    assert "http://www.example.edu.cn/xwzx/zhxw.htm" in urls
