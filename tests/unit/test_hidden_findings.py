"""hidden_link findings: one per page and hiding block (issue 12), from the crawler's own facts on a real store."""
from __future__ import annotations

from pathlib import Path

from crawler.extract.hidden import extract_hidden_links
from crawler.items import PageLinksItem
from monitor import clock
from monitor.checks import hidden
from monitor.config import parse_config
from monitor.store.core import Store
from monitor.store.findings import sync_findings
from monitor.store.links import Inventory
from tests.support.spamblock import block, home_page, spam_links

HOME = "http://www.jia.edu.cn/"


def make(tmp_path: Path):
    config = parse_config({"sites": [{"name": "甲校", "url": HOME}]}, tmp_path / "s.toml")
    return config, Store(tmp_path / "m.db")


def read(store: Store, run: int, html: str, url: str = HOME, kind: str = "home") -> None:
    """What the crawler stores for one page read: its hidden links as the extractor finds them."""
    facts = [h.__dict__ for h in extract_hidden_links(html, url, [HOME])]
    Inventory(store).save_pages(run, [PageLinksItem("甲校", url, kind, 200, hidden=facts)])


def night(config, store: Store, run: int) -> list[dict]:
    found = hidden.check(config, store, run, config.sites)
    sync_findings(store.db, hidden.KINDS, ["甲校"], found.findings, run, evidence=found.evidence)
    return [f for f in store.findings(open_only=True) if f["kind"] == "hidden_link"]


def test_one_injected_block_of_37_links_is_one_urgent_finding(tmp_path, monkeypatch):
    monkeypatch.setenv(clock.ENV, "2022-07-01T03:00")
    config, store = make(tmp_path)
    read(store, 1, home_page("甲校", block(spam_links(37, keyword_hits=2))))
    [f] = hidden.check(config, store, 1, config.sites).findings
    assert f.severity == "urgent"  # two of the 37 carry spam words
    assert f.url == hidden.block_url(HOME, '<div style="display:none;">') and f.url.startswith(HOME + "#暗链-")
    assert f.section is None and f.found_on == [{"url": HOME, "text": ""}]
    assert f.detail.startswith("37 个隐藏的外站链接；隐藏方式：样式“display:none”不显示；隐藏元素：“<div style=\"display:none;\">”；"
                               "其中 2 个命中可疑词或可疑域名（百家乐、代开发票）；链接：https://www.spam00-site.com/、")
    assert "https://www.spam09-site.com/……另有 27 个" in f.detail and "spam10" not in f.detail


def test_a_block_without_keyword_hits_is_high(tmp_path):
    config, store = make(tmp_path)
    read(store, 1, home_page("甲校", block(spam_links(37, keyword_hits=0))))
    [f] = hidden.check(config, store, 1, config.sites).findings
    assert f.severity == "high" and f.detail.startswith("37 个隐藏的外站链接；") and "命中" not in f.detail


def test_two_blocks_on_a_page_and_the_same_block_on_two_pages(tmp_path):
    config, store = make(tmp_path)
    two = home_page("甲校", block(spam_links(5, 0)), block(spam_links(3, 1, first=20), style="position:absolute;left:-9999px"))
    read(store, 1, two)
    read(store, 1, home_page("甲校", block(spam_links(5, 0))), HOME + "info/1.htm", "article")
    found = sorted((f.found_on[0]["url"], f.severity, f.detail.split("；")[0]) for f in
                   hidden.check(config, store, 1, config.sites).findings)
    assert found == [(HOME, "high", "5 个隐藏的外站链接"), (HOME, "urgent", "3 个隐藏的外站链接"),
                     (HOME + "info/1.htm", "high", "5 个隐藏的外站链接")]
    off_screen = next(f for f in hidden.check(config, store, 1, config.sites).findings if f.severity == "urgent")
    assert "定位到屏幕外" in off_screen.detail


def test_three_nights_the_block_shrinks_then_stays_then_goes(tmp_path, monkeypatch):
    config, store = make(tmp_path)
    monkeypatch.setenv(clock.ENV, "2022-07-01T03:00")
    read(store, 1, home_page("甲校", block(spam_links(37, 2))))
    [first] = night(config, store, 1)
    assert first["severity"] == "urgent" and first["times_seen"] == 1

    # night 2: the school deleted the two casino links and 5 others; the rest of the block is still there
    monkeypatch.setenv(clock.ENV, "2022-07-02T03:00")
    read(store, 2, home_page("甲校", block(spam_links(30, 0, first=7))))
    [second] = night(config, store, 2)
    assert second["id"] == first["id"] and second["first_seen"] == first["first_seen"]  # updated, not duplicated
    assert second["times_seen"] == 2 and second["severity"] == "high" and second["detail"].startswith("30 个")

    # night 3: unchanged page (304): still the same one finding, nothing new opened
    monkeypatch.setenv(clock.ENV, "2022-07-03T03:00")
    read(store, 3, home_page("甲校", block(spam_links(30, 0, first=7))))
    [third] = night(config, store, 3)
    assert (third["id"], third["times_seen"], third["detail"]) == (first["id"], 3, second["detail"])
    assert store.db["findings"].count == 1

    # night 4: the block is gone from the re-read page → resolved
    monkeypatch.setenv(clock.ENV, "2022-07-04T03:00")
    read(store, 4, home_page("甲校"))
    assert night(config, store, 4) == []
    assert next(store.db["findings"].rows)["resolved_at"].startswith("2022-07-03T19")


def test_a_page_not_re_read_keeps_its_finding_untouched(tmp_path, monkeypatch):
    monkeypatch.setenv(clock.ENV, "2022-07-01T03:00")
    config, store = make(tmp_path)
    read(store, 1, home_page("甲校", block(spam_links(4, 0))), HOME + "info/9.htm", "article")
    [f] = night(config, store, 1)
    monkeypatch.setenv(clock.ENV, "2022-07-02T03:00")
    [kept] = night(config, store, 2)  # the article was not re-read tonight (rolling re-reads, issue 9)
    assert (kept["last_seen"], kept["times_seen"]) == (f["last_seen"], 1)
