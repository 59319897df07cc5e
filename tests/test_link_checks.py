"""The footer and hidden-link checks on stored facts (a real SQLite file, no crawl)."""
from __future__ import annotations

from pathlib import Path

from monitor.checks import footer, hidden
from monitor.config import parse_config
from monitor.links_store import LinkStore
from monitor.store import Store


def setup(tmp_path: Path, found: bool, text: str, links: list[str]):
    config = parse_config({"sites": [{"name": "甲校", "url": "http://www.jia.edu.cn/",
                                      "footer_links": ["http://www.moe.gov.cn/", "https://beian.miit.gov.cn"],
                                      "footer_text": ["版权所有", "湘ICP备1号"]}]}, tmp_path / "s.toml")
    store = Store(tmp_path / "m.db")
    facts = LinkStore(store)
    facts.save_footer(1, "甲校", "http://www.jia.edu.cn/", found, "footer element", text, links)
    return config, store, facts


def test_footer_check_compares_normalised_links_and_squashed_text(tmp_path):
    config, store, _ = setup(tmp_path, True, "版权所有：甲校 湘ICP备\n1号", ["https://moe.gov.cn"])
    found = footer.check(config, store, 1, config.sites)
    assert [(f.kind, f.url, f.reason) for f in found] == [
        ("missing_footer_link", "https://beian.miit.gov.cn", "not_in_footer")]


def test_no_footer_misses_everything(tmp_path):
    config, store, _ = setup(tmp_path, False, "", [])
    found = footer.check(config, store, 1, config.sites)
    assert sorted((f.kind, f.reason) for f in found) == [("missing_footer_link", "no_footer")] * 2 + \
        [("missing_footer_text", "no_footer")] * 2


def test_hidden_check_groups_pages_and_raises_severity(tmp_path):
    config, store, facts = setup(tmp_path, True, "版权所有", [])
    facts.save_pages(1, [type("P", (), dict(site="甲校", page_url="http://www.jia.edu.cn/", kind="home",
                                            status=200, reason="", links=[]))()])
    row = {"url": "http://spam.com/", "text": "友情", "method": "display:none", "where": "<div>", "matched": ""}
    facts.save_hidden(1, "甲校", "http://www.jia.edu.cn/", [dict(row, severity="normal")])
    facts.save_hidden(1, "甲校", "http://www.jia.edu.cn/a.htm", [dict(row, severity="urgent", matched="博彩")])
    [f] = hidden.check(config, store, 1, config.sites)
    assert f.severity == "urgent" and [p["url"] for p in f.found_on] == [
        "http://www.jia.edu.cn/", "http://www.jia.edu.cn/a.htm"]
