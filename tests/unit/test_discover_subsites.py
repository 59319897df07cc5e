"""Which other-host links are the same school's sub-sites (crawler.discover.subsites), and how ``discover`` shows
and writes them (monitor.discover.output / writeconfig) — pure, no server."""

from __future__ import annotations

import tomllib

import pytest

from crawler.discover.judge import judge_page
from crawler.discover.subsites import offsite_hosts, same_school, site_key, subsite_home, subsite_links
from monitor.discover.output import as_json, as_toml, summary_lines
from monitor.discover.run import Proposal, SiteDiscovery
from monitor.discover.writeconfig import merge

WWW = "http://www.hnu.edu.cn/"


@pytest.mark.parametrize(
    ("home", "url", "same"),
    [
        (WWW, "http://cs.hnu.edu.cn/", True),  # a department on the school's domain
        (WWW, "https://xxgk.hnu.edu.cn/index.htm", True),
        (WWW, "http://hnu.edu.cn/", True),
        (WWW, "http://www.hnu.edu.cn:8080/jsj/", True),  # the same host on another port
        ("http://hnu.edu.cn/", "http://a.b.hnu.edu.cn/", True),
        (WWW, "http://hnu.edu.cn.evil.com/", False),  # look-alikes: the registrable domain is evil.com
        (WWW, "http://www.hnu.edu.cn.evil.com/", False),
        (WWW, "http://hnuedu.cn/", False),
        (WWW, "http://www.hnnu.edu.cn/", False),  # another school
        (WWW, "http://www.edu.cn/", False),  # the suffix's own site
        (WWW, "http://www.moe.gov.cn/", False),
        (WWW, "https://beian.miit.gov.cn/", False),
        (WWW, "http://service.weibo.com/share/share.php?url=x", False),
        (WWW, "http://202.197.96.1/", False),  # an IP is not the domain's
        ("http://www.xxzx.com.cn/", "http://jw.xxzx.com.cn/", True),  # com.cn is a suffix too
        ("http://www.xxzx.com.cn/", "http://www.yyzx.com.cn/", False),
        # a government portal owns its bureaus; a bureau (教育局) does not own the rest of the city's government
        ("http://www.changsha.gov.cn/", "http://jyj.changsha.gov.cn/", True),
        ("http://jyj.changsha.gov.cn/", "http://www.changsha.gov.cn/", False),
        ("http://jyj.changsha.gov.cn/", "http://fgw.changsha.gov.cn/", False),
        ("http://jyj.changsha.gov.cn/", "http://xxgk.jyj.changsha.gov.cn/", True),
        ("http://www.jyj.changsha.gov.cn/", "http://jyj.changsha.gov.cn/", True),
        # IP-literal homes: the same address on another port; loopback owns loopback (tests' 127.0.0.2)
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8001/", True),
        ("http://127.0.0.1:8000/", "http://127.0.0.2:8000/", True),
        ("http://127.0.0.1:8000/", "http://localhost:8001/", False),  # a name is not the address
        ("http://10.1.2.3/", "http://10.1.2.3:8080/", True),
        ("http://10.1.2.3/", "http://10.1.2.4/", False),
        ("http://10.1.2.3/", "http://127.0.0.1/", False),
        ("http://[::1]:80/", "http://[::1]:81/", True),
        (WWW, "javascript:;", False),
        (WWW, "http://[cs.hnu.edu.cn/", False),  # a broken address on a hostile page
    ],
)
def test_the_same_school_host_rule(home, url, same):
    assert same_school(home, url) is same


def test_site_keys_ignore_www_and_default_ports():
    assert site_key("http://www.hnu.edu.cn/a") == site_key("https://hnu.edu.cn:443/") == "hnu.edu.cn"
    assert site_key("http://hnu.edu.cn:8080/") == "hnu.edu.cn:8080"
    assert site_key("http://127.0.0.1:80/") == "127.0.0.1"


@pytest.mark.parametrize(
    ("url", "start"),
    [
        ("http://cs.hnu.edu.cn/", "http://cs.hnu.edu.cn/"),
        ("http://cs.hnu.edu.cn", "http://cs.hnu.edu.cn/"),
        ("http://cs.hnu.edu.cn/index.htm", "http://cs.hnu.edu.cn/index.htm"),
        ("http://www.hnu.edu.cn:8080/jsj/", "http://www.hnu.edu.cn:8080/jsj/"),
        ("http://cs.hnu.edu.cn/info/1023/5678.htm", "http://cs.hnu.edu.cn/"),  # a post: read its site's front
        ("http://cs.hnu.edu.cn/index.jsp?urltype=tree.TreeTempUrl&wbtreeid=1001", "http://cs.hnu.edu.cn/"),
    ],
)
def test_a_sub_site_is_read_from_its_front_page(url, start):
    assert subsite_home(url) == start


HOME = """<html><head><title>湖南大学</title></head><body>
<ul id="nav"><li><a href="/xxgk.htm">学校概况</a></li>
<li><a href="/yxsz.htm">院系设置</a><ul><li><a href="http://cs.hnu.edu.cn/">信息科学与工程学院</a></li>
<li><a href="http://wgy.hnu.edu.cn/index.htm">外国语学院</a></li><li><a href="http://cs.hnu.edu.cn/index.htm">信息学院</a></li>
</ul></li><li><a href="http://xxgk.hnu.edu.cn/">信息公开</a></li>
<li><a href="http://mail.hnu.edu.cn/">邮箱</a></li><li><a href="http://ids.hnu.edu.cn/authserver/login">统一身份认证</a></li>
<li><a href="http://lib.hnu.edu.cn/">图书馆</a></li><li><a href="http://hnu.edu.cn/">English</a></li></ul>
<div class="news"><a href="http://news.hnu.edu.cn/info/1001/2345.htm">我校召开2022年党风廉政建设工作会议暨警示教育大会，全面部署</a></div>
<div class="footer"><a href="http://www.moe.gov.cn/">教育部</a><a href="http://hnu.edu.cn.evil.com/">湖大校友会</a>
<a href="https://beian.miit.gov.cn/">湘ICP备05000880号</a><a href="http://service.weibo.com/share/share.php?url=x">微博</a>
<a href="http://www.hnu.edu.cn/wzdt.htm">网站地图</a></div></body></html>"""


def test_the_home_page_names_its_department_sites_and_nothing_else():
    facts = judge_page(HOME, WWW)
    got = subsite_links(facts, WWW, {"hnu.edu.cn", "xxgk.hnu.edu.cn"})
    assert got == [
        ("http://cs.hnu.edu.cn/", "信息科学与工程学院"),  # once per host: the later 信息学院 link is the same site
        ("http://wgy.hnu.edu.cn/index.htm", "外国语学院"),
        ("http://lib.hnu.edu.cn/", "图书馆"),
    ]  # not 信息公开 (the main site reads it), mail, sign-on, a post's long title, off-domain or look-alike links
    assert offsite_hosts(facts, WWW) == {
        "moe.gov.cn", "hnu.edu.cn.evil.com", "beian.miit.gov.cn", "service.weibo.com",
    }  # fmt: skip


def _prop(name: str, url: str) -> Proposal:
    return Proposal(name, url, "news", "name (新闻)", [], 12, "2022-06-30", 25, "breadcrumb", 3, name)


def _school() -> SiteDiscovery:
    main = SiteDiscovery(url=WWW, name="湖南大学", home=WWW, pages_fetched=9)
    main.columns = [_prop("学校要闻", WWW + "xwzx/xxyw.htm")]
    cs = SiteDiscovery(url="http://cs.hnu.edu.cn/", name="湖南大学·信息学院", home="http://cs.hnu.edu.cn/")
    cs.columns = [
        _prop("学院新闻", "http://cs.hnu.edu.cn/xyxw.htm"),
        _prop("通知公告", "http://cs.hnu.edu.cn/tzgg.htm"),
    ]
    cs.subsite_of, cs.via, cs.found_on, cs.pages_fetched = "湖南大学", "信息学院", WWW, 5
    cs.budget_reached = True
    main.subsites = [cs]
    main.subsite_budget, main.subsites_found, main.subsites_read, main.offsite_hosts = 1, 3, 1, 4
    main.subsite_skips = [
        ("http://wgy.hnu.edu.cn/", "over --max-subsites 1"),
        ("http://lib.hnu.edu.cn/", "over --max-subsites 1"),
    ]
    return main


def test_the_proposal_has_a_sites_block_per_sub_site_and_says_what_was_skipped():
    text = as_toml(_school())
    data = tomllib.loads(text)  # still one valid TOML document
    assert [(s["name"], s["url"]) for s in data["sites"]] == [
        ("湖南大学", WWW),
        ("湖南大学·信息学院", "http://cs.hnu.edu.cn/"),
    ]
    assert [c["name"] for c in data["sites"][1]["sections"]] == ["学院新闻", "通知公告"]
    assert "# sub-sites: 3 found, 1 read, 1 proposed (2 columns), 2 skipped; 4 other domains not followed" in text
    assert "#   skipped http://wgy.hnu.edu.cn/: over --max-subsites 1" in text
    assert (
        "# sub-site of 湖南大学: 2 columns on 5 pages (page budget reached: raise --max-pages to look further), "
        "linked as '信息学院' on http://www.hnu.edu.cn/"
    ) in text


def test_json_lists_sub_sites_as_sites_after_their_main_site():
    import json

    sites = json.loads(as_json([_school()]))["sites"]
    assert [(s["name"], s["subsite_of"]) for s in sites] == [("湖南大学", None), ("湖南大学·信息学院", "湖南大学")]
    assert sites[0]["subsites"]["found"] == 3 and sites[0]["subsites"]["proposed"] == ["湖南大学·信息学院"]
    assert sites[0]["subsites"]["skipped"][0] == {"url": "http://wgy.hnu.edu.cn/", "why": "over --max-subsites 1"}
    assert sites[1]["via"] == "信息学院" and len(sites[1]["columns"]) == 2


def test_the_summary_says_when_sub_sites_were_switched_off_or_none_linked():
    site = SiteDiscovery(url=WWW, name="湖南大学", home=WWW)
    assert summary_lines(site)[-1] == "sub-sites: not followed (--no-subsites)"
    site.subsite_budget, site.offsite_hosts = 30, 2
    assert (
        summary_lines(site)[-1] == "sub-sites: none linked on other hosts of the school (2 other domains not followed)"
    )


CONFIG = """# 手写的配置
[[sites]]
name = "湖南大学"  # 主站
url = "http://www.hnu.edu.cn/"

# 学院站点
[[sites]]
name = "信息学院（手写）"
url = "http://cs.hnu.edu.cn/"

[[sites.sections]]
name = "新闻"
url = "http://cs.hnu.edu.cn/xyxw.htm"
"""


def test_a_configured_sub_site_is_not_duplicated_and_only_its_new_columns_are_added():
    school = _school()
    text, main = merge(CONFIG, school)
    text, cs = merge(text, school.subsites[0])
    data = tomllib.loads(text)
    assert [s["name"] for s in data["sites"]] == ["湖南大学", "信息学院（手写）"]  # no second block for cs
    assert not cs.site_added and cs.site == "信息学院（手写）" and cs.added == ["通知公告"]
    assert cs.skipped == [("学院新闻", "already configured as '新闻'")]
    assert main.added == ["学校要闻"]
    assert "# 学院站点" in text and "# 主站" in text
