"""Every finding kind gets its documented severity (issue 12, README "Severities"), from stored facts."""
from __future__ import annotations

from pathlib import Path

from crawler.items import PageLinksItem
from monitor.checks import footer, links
from monitor.checks.sections import stale_severity
from monitor.columntypes import infer_type
from monitor.config import parse_config
from monitor.store.core import Store
from monitor.store.links import Inventory

HOME = "http://www.jia.edu.cn/"


def seeded(tmp_path: Path):
    config = parse_config({"sites": [{"name": "甲校", "url": HOME, "footer_text": ["湘ICP备1号"],
                                      "footer_links": ["http://www.moe.gov.cn/"]}]}, tmp_path / "s.toml")
    store = Store(tmp_path / "m.db")
    inv = Inventory(store)
    home_links = [(HOME + "files/plan.pdf", "招生简章.pdf", "a"), ("http://news.jia.edu.cn/gone.htm", "旧新闻", "a"),
                  ("http://www.friend-school.cn/", "友情链接：乙校", "a"), (HOME + "cas.htm", "办公系统", "a"),
                  (HOME + "ok.htm", "学校概况", "a")]
    inv.save_pages(1, [PageLinksItem("甲校", HOME, "home", 200, links=home_links,
                                     footer={"found": True, "how": "footer", "text": "版权所有", "links": []})])
    inv.save_results(1, [
        {"url": HOME + "files/plan.pdf", "ok": False, "reason": "http_404", "status": 404},
        {"url": "http://news.jia.edu.cn/gone.htm", "ok": False, "reason": "http_404", "status": 404},
        {"url": "http://www.friend-school.cn/", "ok": False, "reason": "dns"},
        {"url": HOME + "cas.htm", "ok": False, "reason": "login_required"},
        {"url": HOME + "ok.htm", "ok": True, "reason": ""},
    ])
    return config, store


def test_broken_link_severity_is_normal_on_site_and_low_off_site(tmp_path):
    config, store = seeded(tmp_path)
    found = {f.url: (f.kind, f.severity) for f in links.check(config, store, 1, config.sites).findings}
    assert found == {
        HOME + "files/plan.pdf": ("broken_link", "normal"),  # a broken attachment of the site itself
        "http://news.jia.edu.cn/gone.htm": ("broken_link", "normal"),  # another host of the same domain
        "http://www.friend-school.cn/": ("broken_link", "low"),  # an external friend link
        HOME + "cas.htm": ("unverified_link", "low"),
    }


def test_footer_findings_are_normal(tmp_path):
    config, store = seeded(tmp_path)
    found = footer.check(config, store, 1, config.sites).findings
    assert sorted((f.kind, f.severity) for f in found) == [("missing_footer_link", "normal"),
                                                            ("missing_footer_text", "normal")]


def test_stale_home_page_and_news_columns_are_high_others_normal():
    # the column's type (configured or monitor.columntypes.infer_type), not its name, decides (issue 13)
    assert stale_severity(HOME, "首页", HOME, None) == "high"
    assert stale_severity(HOME, "网站首页", HOME.rstrip("/"), None) == "high"  # the home page as a column
    for name in ("学校要闻", "学院新闻", "工作动态"):
        assert stale_severity(HOME, name, HOME + "x.htm", infer_type(name)) == "high"
    assert stale_severity(HOME, "校园动态", HOME + "x.htm", "notice") == "normal"  # configured type wins
    assert stale_severity(HOME, "媒体聚焦", HOME + "x.htm", "news") == "high"
    assert stale_severity(HOME, "学术讲座", HOME + "xsjz.htm", infer_type("学术讲座")) == "normal"
    assert stale_severity(HOME, "通知公告", HOME + "tzgg.htm", infer_type("通知公告")) == "normal"
