"""The footer and hidden-link checks on stored inventory facts (a real SQLite file, no crawl)."""
from __future__ import annotations

from pathlib import Path

from crawler.items import PageLinksItem
from monitor.checks import footer, hidden
from monitor.config import parse_config
from monitor.store.core import Store
from monitor.store.links import Inventory

HOME = "http://www.jia.edu.cn/"


def setup(tmp_path: Path, found: bool, text: str, links: list[str]):
    config = parse_config({"sites": [{"name": "甲校", "url": HOME,
                                      "footer_links": ["http://www.moe.gov.cn/", "https://beian.miit.gov.cn"],
                                      "footer_text": ["版权所有", "湘ICP备1号"]}]}, tmp_path / "s.toml")
    store = Store(tmp_path / "m.db")
    inv = Inventory(store)
    inv.save_pages(1, [PageLinksItem("甲校", HOME, "home", 200,
                                     footer={"found": found, "how": "footer element", "text": text, "links": links})])
    return config, store, inv


def test_footer_check_compares_normalised_links_and_squashed_text(tmp_path):
    config, store, _ = setup(tmp_path, True, "版权所有：甲校 湘ICP备\n1号", ["https://moe.gov.cn"])
    found = footer.check(config, store, 1, config.sites).findings
    assert [(f.kind, f.url, f.reason) for f in found] == [
        ("missing_footer_link", "https://beian.miit.gov.cn", "not_in_footer")]


def test_no_footer_misses_everything(tmp_path):
    config, store, _ = setup(tmp_path, False, "", [])
    found = footer.check(config, store, 1, config.sites).findings
    assert sorted((f.kind, f.reason) for f in found) == [("missing_footer_link", "no_footer")] * 2 + \
        [("missing_footer_text", "no_footer")] * 2


def test_hidden_check_makes_one_finding_per_page_and_block(tmp_path):
    config, store, inv = setup(tmp_path, True, "版权所有", [])
    row = {"url": "http://spam.com/", "text": "友情", "method": "display:none", "where": "<div>", "matched": ""}
    inv.save_pages(1, [PageLinksItem("甲校", HOME, "home", 200, hidden=[dict(row, severity="normal")]),
                       PageLinksItem("甲校", HOME + "a.htm", "article", 200,
                                     hidden=[dict(row, severity="urgent", matched="博彩")])])
    found = hidden.check(config, store, 1, config.sites).findings
    assert sorted((f.found_on[0]["url"], f.severity) for f in found) == [(HOME, "high"), (HOME + "a.htm", "urgent")]


def test_links_are_stored_once_per_page_as_target_ids(tmp_path):
    """An unchanged night rewrites rows in place: no row per link per page per night."""
    _, store, inv = setup(tmp_path, True, "版权所有", [])
    nav = [(f"{HOME}col{i}.htm", f"栏目{i}", "a") for i in range(30)]
    sizes = []
    for run in (1, 2, 3):
        inv.save_pages(run, [PageLinksItem("甲校", f"{HOME}info/{n}.htm", "article", 200,
                                           links=nav + [(f"{HOME}files/{n}.pdf", "附件", "a")]) for n in range(50)])
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        sizes.append((tmp_path / "m.db").stat().st_size)
    assert sizes[2] == sizes[0]  # rewritten in place
    assert store.db["inv_pages"].count == 51 and store.db["inv_targets"].count == 80
    page = next(store.db["inv_pages"].rows_where("url = ?", [f"{HOME}info/7.htm"]))
    assert page["read_run"] == 3 and page["first_run"] == 1
    targets = inv.targets()
    assert [(targets[tid]["url"], text) for tid, text in inv.page_links(page, targets)][-1] == \
        (f"{HOME}files/7.pdf", "附件")
    assert len(page["links"]) < 31 * 6  # ids, not URLs
