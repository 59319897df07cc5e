"""Link-check rules as pure functions: soft 404s, login pages, Retry-After, skip patterns, GET or HEAD."""
from __future__ import annotations
from crawler.hostslot import host_port
from crawler.linkcheck.verdict import (check_method, is_soft_404, looks_like_login, page_verdict,
                                       retry_after_seconds, skip_matches)


def test_soft_404_login_retry_after_and_skip_patterns():
    assert is_soft_404("页面不存在", "")
    assert is_soft_404("提示", "对不起，您访问的信息不存在或已被删除")
    assert is_soft_404("404 Not Found", "x" * 5000)
    assert not is_soft_404("G404国道改扩建工程通知", "正文" * 500)
    assert not is_soft_404("学校新闻", "404 " + "正文" * 500)  # a long article that mentions 404
    assert looks_like_login("https://ids.hnu.edu.cn/authserver/login?service=x")
    assert looks_like_login("http://s.edu.cn/cas/login")
    assert not looks_like_login("http://s.edu.cn/info/1023/3502.htm")
    assert retry_after_seconds(b"5") == 5 and retry_after_seconds(None) is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past: go now
    assert skip_matches("http://a.example.com/x", ["*.example.com/*"])
    assert skip_matches("http://weibo.com/u/1", ["weibo.com"])
    assert not skip_matches("http://school.edu.cn/", ["weibo.com", "*.qq.com*"])



def test_one_request_per_target_head_for_files_get_for_pages():
    assert check_method("http://s.edu.cn/_upload/files/申报表.PDF") == "HEAD"
    assert check_method("http://s.edu.cn/images/banner.jpg?v=2") == "HEAD"
    assert check_method("http://s.edu.cn/getImage?id=5", "img") == "HEAD"
    assert check_method("http://s.edu.cn/info/1023/3502.htm") == "GET"
    assert check_method("http://s.edu.cn/list.jsp?urltype=tree.TreeTempUrl&wbtreeid=1012") == "GET"
    assert check_method("http://s.edu.cn/zt/", "iframe") == "GET"
    assert page_verdict("http://s.edu.cn/a.htm", "http://s.edu.cn/a.htm", False, "学校新闻", "正文" * 400) == \
        (True, "", "")
    assert page_verdict("http://s.edu.cn/a.htm", "http://s.edu.cn/a.htm", False, "提示", "信息不存在")[1] == "soft_404"
    assert page_verdict("http://s.edu.cn/a.htm", "https://ids.s.edu.cn/authserver/login", True, "", "")[1] == \
        "login_required"
    assert page_verdict("http://s.edu.cn/a.htm", "http://s.edu.cn/x", True, "统一身份认证", "正文" * 400)[1] == \
        "login_required"
    assert host_port("http://S.edu.cn/x") == "s.edu.cn:80" and host_port("https://s.edu.cn:8443/") == "s.edu.cn:8443"
    assert host_port("https://s.edu.cn/") == "s.edu.cn:443"
