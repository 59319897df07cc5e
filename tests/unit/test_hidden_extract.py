"""Hidden off-site links (暗链): each hiding method, the legitimate look-alikes, severity (no network)."""
from __future__ import annotations
import pytest
from crawler.extract.hidden import extract_hidden_links
from crawler.extract.urls import site_domain


PAGE_URL = "http://www.school.edu.cn/index.htm"


def hidden(body: str, head: str = "", **kw):
    html = f"<html><head>{head}</head><body><p>正文</p>{body}</body></html>"
    return extract_hidden_links(html, PAGE_URL, **kw)


@pytest.mark.parametrize("markup, method", [
    ('<div style="display:none;"><a href="http://spam.com/">x</a></div>', "display:none"),
    ('<div style="DISPLAY: NONE !important"><a href="http://spam.com/">x</a></div>', "display:none"),
    ('<span style="visibility:hidden"><a href="http://spam.com/">x</a></span>', "visibility:hidden"),
    ('<div style="position:absolute;left:-3000px;top:0"><a href="http://spam.com/">x</a></div>',
     "off-screen position"),
    ('<div style="position:relative;top:-999em"><a href="http://spam.com/">x</a></div>', "off-screen position"),
    ('<p style="font-size:0px"><a href="http://spam.com/">x</a></p>', "font-size:0"),
    ('<div style="width:1px;height:1px;overflow:hidden"><a href="http://spam.com/">x</a></div>', "tiny box"),
    ('<div style="height:0;overflow:hidden"><a href="http://spam.com/">x</a></div>', "tiny box"),
    ('<marquee height="1" width="1"><a href="http://spam.com/">x</a></marquee>', "marquee 1px"),
    ('<marquee style="height:1px"><a href="http://spam.com/">x</a></marquee>', "marquee 1px"),
    ('<a style="opacity:0" href="http://spam.com/">x</a>', "opacity:0"),
    ('<p style="text-indent:-9999px"><a href="http://spam.com/">x</a></p>', "text-indent"),
    ('<div style="position:absolute;clip:rect(0,0,0,0)"><a href="http://spam.com/">x</a></div>', "clip"),
    ('<div style="clip-path:inset(50%)"><a href="http://spam.com/">x</a></div>', "clip"),
    ('<div style="position:relative;z-index:-1"><a href="http://spam.com/">x</a></div>', "negative z-index"),
    ('<div hidden><a href="http://spam.com/">x</a></div>', "hidden attribute"),
    ('<td bgcolor="#FFFFFF"><font color="white"><a href="http://spam.com/">x</a></font></td>',
     "same colour as background"),
    ('<div style="background-color:#FFF"><p><a href="http://spam.com/" style="color:rgb(255,255,255)">x</a></p></div>',
     "same colour as background"),
    ('<div id="s1"><a href="http://spam.com/">x</a></div>'
     '<script>document.getElementById("s1").style.display = "none";</script>', "script sets display:none"),
    ("<div id='s2'><a href='http://spam.com/'>x</a></div><script>$('#s2').hide();</script>",
     "script sets display:none"),
    ("<script>document.write('<a href=\"http://spam.com/\">x</a>');</script>", "written by script"),
    ("<script>document.writeln(unescape('%3Ca href=%22http://spam.com/%22%3Ex%3C/a%3E'));</script>",
     "written by script"),
])
def test_each_hiding_method(markup, method):
    found = hidden(markup)
    assert [(h.url, h.method) for h in found] == [("http://spam.com/", method)]


def test_style_sheet_rules_hide_too():
    head = "<style>/* 友情链接 */ .yqlj{position:absolute;top:-8888px} #k a {font-size:0}</style>"
    found = hidden('<div class="yqlj"><a href="http://a.com/">a</a></div><div id="k"><a href="http://b.com/">b</a></div>',
                   head)
    assert {(h.url, h.method) for h in found} == {("http://a.com/", "off-screen position"),
                                                  ("http://b.com/", "font-size:0")}


def test_media_query_and_hover_rules_do_not_hide():
    head = ("<style>@media (max-width:600px){ .pc{display:none} } .menu:hover .sub{display:none}</style>")
    assert hidden('<div class="pc"><a href="http://a.com/">a</a></div>', head) == []


def test_visible_and_same_site_links_are_not_findings():
    body = ('<a href="http://other.org/">看得见的友情链接</a>'
            '<div style="display:none"><a href="/tab2.htm">本站</a><a href="http://jwc.school.edu.cn/">教务处</a></div>'
            '<div style="background:#003366"><a style="color:#fff" href="http://other.org/x">深色底白字</a></div>'
            '<div class="foot"><a style="color:#fff" href="http://other.org/y">底色在外部样式表</a></div>')
    assert hidden(body) == []


def test_dropdown_menus_and_tab_panels_are_not_findings():
    body = ('<ul><li><a href="/xxgk.htm">概况</a><ul style="display:none"><li><a href="http://partner.org/">'
            '合作单位</a></li></ul></li></ul>'
            '<div class="apDiv2" id="menu01" style="visibility:hidden" '
            'onmousemove="MM_showHideLayers(\'menu01\',\'\',\'show\')"><a href="http://www.cas.cn/">中科院</a></div>'
            '<div id="con_2" style="display:none"><a href="http://www.moe.gov.cn/">教育部</a></div>'
            '<li onmouseover="tab(\'con_2\')">标签二</li>')
    assert hidden(body) == []


def test_spam_keyword_in_a_dropdown_is_still_reported_urgent():
    body = '<li><a href="/">首页</a><ul style="display:none"><li><a href="http://x.com/">澳门威尼斯人</a></li></ul></li>'
    found = hidden(body)
    assert [(h.severity, h.matched) for h in found] == [("urgent", "威尼斯人")]


def test_severity_keywords_tlds_and_custom_list():
    body = ('<div style="display:none"><a href="http://a.com/">百家乐</a><a href="http://b.xyz/">友情</a>'
            '<a href="http://c.com/">超级军事网</a><a href="http://d.com/bet365">x</a></div>')
    got = {h.url: (h.severity, h.matched) for h in hidden(body)}
    assert got == {"http://a.com/": ("urgent", "百家乐"), "http://b.xyz/": ("urgent", ".xyz"),
                   "http://c.com/": ("normal", ""), "http://d.com/bet365": ("urgent", "bet365")}
    custom = {h.url: h.severity for h in hidden(body, keywords=["军事"])}
    assert custom["http://c.com/"] == "urgent" and custom["http://a.com/"] == "normal"


def test_injected_block_swallowed_by_a_broken_attribute_is_still_found():
    # as on the pmodlh copy: the injection sits inside an unclosed single-quoted attribute
    body = ("<table><tr><td><a href='tzgg/1.html' alt='公示（\">\n<div style=\"display:none;\">"
            "<a href=\"https://www.chaoji007.com/\">超级军事网<a>\n<a href=\"https://www.cptz.net/\">实战彩票网<a>\n"
            "</div>")
    html = f"<html><body>{body}"
    found = extract_hidden_links(html, PAGE_URL)
    assert {(h.url, h.severity) for h in found} == {("https://www.chaoji007.com/", "normal"),
                                                    ("https://www.cptz.net/", "urgent")}


def test_mirror_tool_credit_link_is_a_normal_finding():
    found = hidden('<div style="display:none;"><a href="https://smalltool.github.io/">整站下载</a></div>')
    assert [(h.url, h.severity) for h in found] == [("https://smalltool.github.io/", "normal")]


def test_site_domain():
    assert site_domain("www.hnu.edu.cn") == "hnu.edu.cn"
    assert site_domain("jwc.hnu.edu.cn") == "hnu.edu.cn"
    assert site_domain("www.xysf.fj.cn") == "xysf.fj.cn"
    assert site_domain("a.b.example.com") == "example.com"
    assert site_domain("127.0.0.1") == "127.0.0.1"
    assert site_domain("foo.co.jp") == "foo.co.jp" and site_domain("www.bar.co.jp") == "bar.co.jp"  # not co.jp
    assert site_domain("a.b.school.test") == "school.test"  # no public suffix: the last two labels


def test_untrusted_text_loses_control_and_bidi_characters():
    found = hidden('<div style="display:none" class="x\u202e"><a href="http://a.com/">A\u202eB\x1b[31m</a></div>')
    assert found[0].text == "AB[31m" and "\u202e" not in found[0].where


def test_text_hiding_around_pictures_is_not_hiding_the_link():
    body = ('<div style="font-size:0"><a href="http://www.moe.gov.cn/"><img src="moe.png" alt="教育部"></a></div>'
            '<a href="http://partner.org/" style="text-indent:-9999px;background:url(logo.png)">合作</a>')
    assert hidden(body) == []


def test_visibility_visible_inside_a_hidden_block_is_seen():
    body = ('<div style="visibility:hidden"><p style="visibility:visible"><a href="http://a.com/">看得见</a></p></div>'
            '<div style="display:none"><p style="visibility:visible"><a href="http://b.com/">看不见</a></p></div>')
    assert [h.url for h in hidden(body)] == ["http://b.com/"]


def test_tab_panel_named_by_a_script_prefix_is_not_a_finding():
    # as lgedu_net's SubShowClass tabs: panels subShow01_con_01/02, ids built as "subShow01_con_0"+i
    body = ('<div id="subShow01_con_01"><a href="/a.htm">本站</a></div>'
            '<div id="subShow01_con_02" style="display:none;"><a href="http://www.partner.edu.cn/">友情链接</a></div>'
            '<script>for (var i = 1; i <= 2; i++) { tabs.addLabel("subShow01_tit_0" + i, "subShow01_con_0" + i); }'
            '</script>')
    assert hidden(body) == []
    spam = body.replace("友情链接", "百家乐")
    assert [h.severity for h in hidden(spam)] == ["urgent"]


def test_hidden_panel_beside_a_showing_one_is_a_tab_not_spam():
    body = ('<div class="yqlj_con"><a href="http://a.edu.cn/">甲大学</a></div>'
            '<div class="yqlj_con" style="display:none"><a href="http://b.edu.cn/">乙大学</a></div>'
            '<ul id="links_1"><li><a href="http://c.gov.cn/">教育厅</a></li></ul>'
            '<ul id="links_2" style="display:none"><li><a href="http://d.gov.cn/">教育部</a></li></ul>')
    assert hidden(body) == []
    # an injected block has no showing twin
    assert [h.url for h in hidden('<p>新闻</p><div style="display:none"><a href="http://e.com/">x</a></div>'
                                  '<div style="display:none"><a href="http://f.com/">y</a></div>')] == \
        ["http://e.com/", "http://f.com/"]
