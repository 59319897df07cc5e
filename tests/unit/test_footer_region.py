"""The footer region (issue 9): the copyright block plus the link bars just above it — pure extraction.

Fixtures are written like the bottoms of real campus and education-bureau home pages: a 友情链接 row
(``yqlj``/``flink``/``links``), a 相关链接 block with ``<select>`` jump menus whose option values are the
links, old table layouts, a GBK page, a footer copy left inside an HTML comment, an injected hidden block.
"""
from __future__ import annotations
from crawler.extract.encoding import decode_page
from crawler.extract.footer import extract_footer, has_link, has_text


URL = "http://www.xxzx.edu.cn/"
MOE, JYT, XXGK = "http://www.moe.gov.cn/", "http://jyt.hunan.gov.cn/", "http://www.xxzx.edu.cn/xxgk/"
NEWS = ('<div class="main"><div class="news"><h2>学校要闻</h2><ul>'
        + "".join(f'<li><a href="/info/10{i}.htm">我校召开第{i}次工作会议</a><span>2024-05-0{i}</span></li>'
                  for i in range(1, 8))
        + '</ul></div></div>')
COPYRIGHT = ('<div class="footer"><p>版权所有：长沙市某某中学 地址：长沙市岳麓区麓山南路1号</p>'
             '<p>湘ICP备12345678号-1 湘公网安备43010402000001号 网站标识码：4301000001</p></div>')


def home(middle: str, bottom: str = COPYRIGHT, head: str = '<meta charset="utf-8">') -> str:
    return (f'<!DOCTYPE html><html><head>{head}<title>长沙市某某中学</title></head><body>'
            f'<div class="header"><a href="/">首页</a><a href="/xxgk/">学校概况</a></div>'
            f'{NEWS}{middle}{bottom}</body></html>')


def urls(footer) -> list[str]:
    return [link.url for link in footer.links]


def test_yqlj_bar_above_the_copyright_block_is_part_of_the_footer():
    bar = ('<div class="yqlj"><span class="tit">友情链接：</span>'
           f'<a href="{MOE}" target="_blank">教育部</a> | <a href="{JYT}" target="_blank">湖南省教育厅</a> | '
           f'<a href="{XXGK}">政府信息公开</a></div>')
    footer = extract_footer(home(bar), URL)
    assert footer.found and footer.how == "id/class 'footer' + link bars: id/class 'yqlj'"
    assert urls(footer) == [MOE, JYT, XXGK]
    assert has_link(urls(footer), "https://moe.gov.cn") and has_link(urls(footer), "http://jyt.hunan.gov.cn")
    # required text is still looked for in the whole region, bar included
    assert has_text(footer.text, "湘ICP备12345678号-1") and has_text(footer.text, "政府信息公开")
    assert has_text(footer.text, "网站标识码：4301000001")
    assert "学校要闻" not in footer.text and "工作会议" not in footer.text  # the main content is not footer


def test_flink_bar_across_a_clearfix_div_a_script_and_out_of_a_wrapper():
    # DedeCMS style: <div id="flink"> … <div class="clear"></div> <script>…</script>, then the copyright
    # block opens a wrapper div that itself follows the bar
    bar = (f'<div id="flink"><ul><li><a href="{MOE}">中华人民共和国教育部</a></li>'
           f'<li><a href="{JYT}">湖南省教育厅</a></li></ul></div><div class="clear"></div>'
           '<script>var _hmt = _hmt || [];</script>')
    bottom = ('<div class="wrap"><div class="copyright">Copyright &copy; 2024 长沙市某某中学 版权所有 '
              '湘ICP备12345678号-1</div><div class="beian"><img src="/images/gh.png"></div></div>')
    footer = extract_footer(home(bar, bottom), URL)
    assert footer.how == "id/class 'copyright' + link bars: id/class 'flink'"
    assert set(urls(footer)) >= {MOE, JYT}
    assert has_text(footer.text, "湘ICP备12345678号-1") and "工作会议" not in footer.text


def test_links_table_above_an_old_table_layout_copyright():
    # TRS-era table layout: no footer id/class; the links row is a table of its own above the copyright
    bar = ('<table width="1000" align="center" class="links"><tr><td><img src="/images/dot.gif"></td>'
           f'<td><a href="{MOE}">教育部</a></td><td><a href="{JYT}">湖南省教育厅</a></td></tr></table>')
    bottom = ('<table width="1000" align="center"><tr><td align="center">'
              '主办：长沙市某某中学 版权所有 湘ICP备12345678号-1<br>地址：长沙市岳麓区</td></tr></table>')
    footer = extract_footer(home(bar, bottom), URL)
    assert footer.how == "copyright text + link bars: id/class 'links'"
    assert urls(footer) == ["http://www.xxzx.edu.cn/images/dot.gif", MOE, JYT]


def test_bars_headed_youqing_lianjie_in_a_plain_div_or_as_a_separate_title():
    # unnamed container whose text starts with the heading; then a title element and a list as siblings
    headed = (f'<div id="part6"><h3>友情链接</h3><a href="{MOE}">教育部</a><a href="{JYT}">湖南省教育厅</a></div>')
    footer = extract_footer(home(headed), URL)
    assert footer.how == "id/class 'footer' + link bars: heading '友情链接'" and urls(footer) == [MOE, JYT]
    split = (f'<h4 class="title">相关链接</h4><ul class="list"><li><a href="{MOE}">教育部</a></li>'
             f'<li><a href="{XXGK}">政府信息公开</a></li></ul>')
    footer = extract_footer(home(split), URL)
    assert urls(footer) == [MOE, XXGK] and footer.text.startswith("相关链接 教育部")
    assert "heading '相关链接'" in footer.how


def test_select_jump_menu_options_are_footer_links():
    # the links sit only in the options; the empty, "0" and login-code values are not links
    bar = ('<div id="part5"><h3>相关链接</h3>'
           '<select name="s1" onchange="javascript:window.open(this.options[this.selectedIndex].value)">'
           '<option value="">--教育部门网站--</option>'
           f'<option value="{MOE}">教育部</option>'
           '<option value="www.hunan.gov.cn">湖南省人民政府</option>'
           '<option value="0">其他</option><option value="oa_login">电子政务</option></select>'
           '<select name="s2" onchange="window.open(this.value)"><option value="">--市直部门--</option>'
           f'<option value="/xxgk/">政府信息公开</option></select></div>')
    footer = extract_footer(home(bar), URL)
    assert urls(footer) == [MOE, "http://www.hunan.gov.cn", XXGK]
    option = footer.links[0]
    assert (option.tag, option.text) == ("option", "教育部")
    assert has_link(urls(footer), "http://moe.gov.cn")
    assert has_text(footer.text, "湖南省人民政府")


def test_gbk_page():
    bar = f'<div class="friendlink">友情链接：<a href="{JYT}">湖南省教育厅</a> <a href="{MOE}">教育部</a></div>'
    raw = home(bar, head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gbk")
    footer = extract_footer(decode_page(raw, "iso-8859-1"), URL)  # the server's header says nothing useful
    assert footer.found and urls(footer) == [JYT, MOE]
    assert has_text(footer.text, "友情链接：湖南省教育厅") and has_text(footer.text, "湘ICP备12345678号-1")


def test_required_links_in_the_main_content_only_are_still_missing():
    # a 友情链接 box inside the main column, and a news list named like a bottom block with the links in
    # its rows: both sit above the footer, neither is the bottom of the page
    in_main = (f'<div class="main"><div class="side"><div class="links"><h3>友情链接</h3><a href="{MOE}">教育部</a>'
               f'<a href="{JYT}">湖南省教育厅</a></div></div><div class="content">正文' + "内容" * 50 + '</div></div>')
    footer = extract_footer(home(in_main), URL)
    assert footer.how == "id/class 'footer'" and urls(footer) == []
    assert not has_link(urls(footer), MOE) and "友情链接" not in footer.text
    news_rows = ('<div class="index-bottom"><ul>'
                 f'<li><a href="{MOE}">教育部发布通知</a><span>2024-04-02</span></li>'
                 f'<li><a href="{JYT}">省教育厅召开会议</a><span>2024-03-28</span></li>'
                 f'<li><a href="{XXGK}">信息公开年报</a><span>2024-01-15</span></li></ul></div>')
    footer = extract_footer(home(news_rows), URL)
    assert urls(footer) == [] and "教育部" not in footer.text


def test_walk_stops_at_the_first_block_that_is_not_a_link_bar():
    far = f'<div class="flink"><a href="{MOE}">教育部</a></div><div class="notice">学校地址：长沙市岳麓区，欢迎来访。</div>'
    near = f'<div class="yqlj"><a href="{JYT}">湖南省教育厅</a></div>'
    footer = extract_footer(home(far + near), URL)
    assert urls(footer) == [JYT] and "欢迎来访" not in footer.text


def test_footer_copy_inside_an_html_comment_is_not_counted():
    old = (f'<!-- <div class="yqlj">友情链接 <a href="{MOE}">教育部</a></div>'
           '<div class="footer">版权所有 某某中学 湘公网安备43010402000009号</div> -->')
    bottom = '<div class="footer"><p>版权所有：长沙市某某中学 湘ICP备12345678号-1</p></div>'
    footer = extract_footer(home(old, bottom), URL)
    assert footer.found and footer.how == "id/class 'footer'"
    assert not has_link(urls(footer), MOE) and not has_text(footer.text, "公网安备")
    only_in_comment = extract_footer(home("", "<!-- " + COPYRIGHT + " -->"), URL)
    assert not only_in_comment.found
    # a template note in a comment before the copyright text does not hide that text
    noted = extract_footer(home("", '<div><!-- 版权信息 -->版权所有 长沙市某某中学 湘ICP备12345678号-1</div>'), URL)
    assert noted.found and has_text(noted.text, "湘ICP备12345678号-1")


def test_hidden_block_injected_into_a_link_bar_is_not_footer():
    bar = (f'<div class="yqlj">友情链接：<a href="{JYT}">湖南省教育厅</a>'
           '<div style="display:none;"><a href="http://www.spam-casino.example.com/">澳门百家乐<a>'
           f'<a href="{MOE}">教育部</a></div></div>')
    footer = extract_footer(home(bar), URL)
    assert urls(footer) == [JYT] and "百家乐" not in footer.text
    hidden_bar = f'<div class="flink" style="display: none"><a href="{MOE}">教育部</a></div>'
    assert urls(extract_footer(home(hidden_bar), URL)) == []
