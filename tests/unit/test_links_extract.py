"""Pure extraction for issue 4: page links, footers, URL normalisation (no network)."""
from __future__ import annotations
from crawler.extract.footer import extract_footer, has_link, has_text, normalise_url
from crawler.extract.links import extract_links


PAGE = """<html><head><base href="http://school.edu.cn/sub/">
<link rel="stylesheet" href="/css/a.css"><link rel="dns-prefetch" href="//cdn.example.com">
<script src="js/app.js"></script></head><body>
<a href="rel.html">相对</a> <a href="/abs.html#part">带锚点</a> <a href="#top">顶部</a>
<a href="mailto:a@b.cn">信</a> <a href="tel:123">电话</a> <a href="javascript:void(0)">脚本</a>
<a href=" JavaScript:go() ">大写脚本</a> <a href="data:text/plain,x">数据</a>
<a href="/files/计划.pdf">附件</a> <a href="http://other.org/x"><img src="i.png" alt="图片链接"></a>
<iframe src="//video.example.com/v"></iframe> <img src="/img/logo.png" title="校徽">
<!-- <a href="/commented.html">注释里的链接</a> -->
</body></html>"""


def test_links_resolve_through_base_and_skip_non_checkable():
    links = extract_links(PAGE, "http://school.edu.cn/index.html")
    got = {(l.url, l.tag, l.text) for l in links}
    assert ("http://school.edu.cn/sub/rel.html", "a", "相对") in got
    assert ("http://school.edu.cn/abs.html", "a", "带锚点") in got  # fragment cut off
    assert ("http://school.edu.cn/css/a.css", "link", "") in got
    assert ("http://school.edu.cn/sub/js/app.js", "script", "") in got
    assert ("http://school.edu.cn/files/%E8%AE%A1%E5%88%92.pdf", "a", "附件") in got
    assert ("http://other.org/x", "a", "图片链接") in got
    assert ("http://video.example.com/v", "iframe", "") in got
    assert ("http://school.edu.cn/img/logo.png", "img", "校徽") in got
    urls = {l.url for l in links}
    assert not any(u.startswith(("mailto", "tel", "javascript", "data")) for u in urls)
    assert "http://school.edu.cn/commented.html" not in urls
    assert not any("cdn.example.com" in u for u in urls)  # a hint, not a resource
    assert len(links) == 9
    assert next(l for l in links if l.tag == "a" and l.url.endswith(".pdf")).attachment


def test_raw_and_encoded_chinese_paths_are_one_target():
    html = '<a href="/中文/页面.html">a</a><a href="/%E4%B8%AD%E6%96%87/%E9%A1%B5%E9%9D%A2.html">b</a>'
    assert len({l.url for l in extract_links(html, "http://s.cn/")}) == 1


def test_normalise_url_ignores_scheme_www_and_trailing_slash():
    assert normalise_url("https://www.moe.gov.cn/") == normalise_url("http://moe.gov.cn")
    assert normalise_url("http://WWW.Moe.gov.cn:80/jyb/") == "moe.gov.cn/jyb"
    assert normalise_url("http://moe.gov.cn/a?x=1") != normalise_url("http://moe.gov.cn/a")
    assert has_link(["https://www.moe.gov.cn/"], "http://moe.gov.cn")
    assert not has_link(["https://www.moe.gov.cn/jyb/"], "http://moe.gov.cn")


def test_footer_element_and_named_block():
    html = ('<body><div class="nav"><a href="/a">A</a></div><div id="content">正文</div>'
            '<div class="bottom-wrap"><a href="https://www.moe.gov.cn/">教育部</a>'
            '<p>版权所有：某某大学　湘ICP备\n12345678号</p></div></body>')
    footer = extract_footer(html, "http://u.edu.cn/")
    assert footer.found and footer.how == "id/class 'bottom'"
    assert [l.url for l in footer.links] == ["https://www.moe.gov.cn/"]
    assert has_text(footer.text, "湘ICP备12345678号")  # broken across a line in the template
    assert not has_text(footer.text, "京公网安备")
    tag = extract_footer("<body><main>x</main><footer><p>© 2024 某校</p></footer></body>", "http://u.cn/")
    assert tag.how == "footer element" and "© 2024" in tag.text


def test_table_layout_footer_found_by_copyright_text():
    # an old TRS table page: no footer id/class; a class="bottom" menu ABOVE the copyright cell
    html = ('<body><table><tr><td class="bottom"><a href="/x">菜单</a></td></tr></table>'
            '<table><tr><td>正文很长' + "内容" * 400 + '</td></tr></table>'
            '<table><tr><td align="center">Copyright 2003-2009 某天文台 版权所有 京ICP备05002857号-1'
            '<br><a href="http://www.cas.cn/">中国科学院</a></td></tr></table></body>')
    footer = extract_footer(html, "http://t.cn/")
    assert footer.how == "copyright text"
    assert "京ICP备05002857号-1" in footer.text and "菜单" not in footer.text
    assert [l.url for l in footer.links] == ["http://www.cas.cn/"]


def test_footer_split_in_two_adjacent_blocks_and_modal_footer_after_it():
    html = ('<body><div class="footer"><a href="/gywm/">关于我们</a></div>'
            '<div id="copyright"><p>主办单位：某教委 京ICP备20014478号-1</p></div>'
            '<div class="alert-footer"><span>放弃</span></div></body>')
    footer = extract_footer(html, "http://j.gov.cn/")
    assert "关于我们" in footer.text and "京ICP备20014478号-1" in footer.text and "放弃" not in footer.text


def test_no_footer():
    footer = extract_footer("<body><div>只有正文，没有页脚</div></body>", "http://x.cn/")
    assert not footer.found and footer.links == [] and footer.text == ""
