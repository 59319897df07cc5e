"""Packed page links (schema 3): the codec, and a schema-2 database (links as JSON text) upgraded in place."""
from __future__ import annotations

import json
import sqlite3

from crawler.items import PageLinksItem
from monitor.checks import links as link_checks
from monitor.config import parse_config
from monitor.store import schema
from monitor.store.core import Store
from monitor.store.linkpack import pack, unpack
from monitor.store.links import Inventory

HOME = "http://www.jia.edu.cn/"


def test_pack_keeps_order_ids_and_texts_and_is_smaller_than_json():
    entries = [72, 73, 74, [75, "附件：申报表.pdf"], 2044, 3, 2045, [1, ""]]
    assert unpack(pack(entries)) == entries
    assert unpack(pack([])) == [] and unpack(None) == [] and unpack("[5,[6,\"x\"]]") == [5, [6, "x"]]
    nav = list(range(1000, 1080))
    assert len(pack(nav)) * 3 < len(json.dumps(nav, separators=(",", ":")))


def old_layout(db) -> None:
    """Turn the file into what campus-monitor wrote before schema 3: links as JSON text of absolute ids."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, links FROM inv_pages").fetchall()
        for pid, value in rows:
            conn.execute("UPDATE inv_pages SET links = ? WHERE id = ?",
                         [json.dumps(unpack(value), ensure_ascii=False, separators=(",", ":")), pid])
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        conn.execute("DELETE FROM meta WHERE key = 'links_packed'")


def test_a_schema_2_inventory_is_upgraded_in_place_and_reads_the_same(tmp_path):
    db = tmp_path / "m.db"
    config = parse_config({"sites": [{"name": "甲校", "url": HOME}]}, tmp_path / "s.toml")
    store = Store(db)
    inv = Inventory(store)
    nav = [(f"{HOME}col{i}.htm", f"栏目{i}", "a") for i in range(20)]
    inv.save_pages(1, [PageLinksItem("甲校", f"{HOME}info/{n}.htm", "article", 200,
                                     links=[*nav, (f"{HOME}files/{n % 3}.pdf", f"附件{n}", "a")]) for n in range(30)])
    inv.save_results(1, [{"url": f"{HOME}files/1.pdf", "ok": False, "reason": "http_404", "status": 404}])
    before = [f.__dict__ for f in link_checks.check(config, store, 1, config.sites).findings]
    store.close()
    old_layout(db)
    with sqlite3.connect(db) as conn:
        assert {t for (t,) in conn.execute("SELECT typeof(links) FROM inv_pages")} == {"text"}

    store = Store(db)  # the upgrade: at open and first use, nothing to run by hand
    try:
        inv = Inventory(store)
        assert schema.stored_version(store.db) == schema.SCHEMA_VERSION == 3
        assert {t for (t,) in store.db.execute("SELECT typeof(links) FROM inv_pages")} == {"blob"}
        after = [f.__dict__ for f in link_checks.check(config, store, 1, config.sites).findings]
        assert after == before and len(before) == 1
        assert [p["url"] for p in before[0]["found_on"]] == [f"{HOME}info/{n}.htm" for n in range(1, 30, 3)]
        assert [p["text"] for p in before[0]["found_on"]] == [f"附件{n}" for n in range(1, 30, 3)]
        page = next(store.db["inv_pages"].rows_where("url = ?", [f"{HOME}info/4.htm"]))
        targets = inv.targets()
        assert [(targets[t]["url"], text) for t, text in inv.page_links(page, targets)] == \
            [(u, t) for u, t, _ in nav] + [(f"{HOME}files/1.pdf", "附件4")]
        Inventory(store)  # a second open converts nothing twice
        assert store.db.execute("SELECT COUNT(*) FROM meta WHERE key = 'links_packed'").fetchone()[0] == 1
    finally:
        store.close()
