"""``[[sites]] ignore_links`` (issue 12) below the crawl: per site, the same matcher as link_check_skip, in the
night's re-check plan and in the broken_link check. Real SQLite link inventory; the crawl itself is
tests/integration/test_acks.py."""
from __future__ import annotations
from datetime import UTC, datetime
from pathlib import Path
import pytest
from crawler.items import PageLinksItem
from crawler.linkcheck.verdict import site_ignores
from monitor import clock
from monitor.checks import links as link_check
from monitor.config import parse_config
from monitor.handoff import crawl_spec
from monitor.store.core import Store
from monitor.store.findings import sync_findings
from monitor.store.links import Inventory
from monitor.store.recheck import make_plan

A, B = "http://a.example.edu.cn", "http://b.example.edu.cn"
OA = "http://10.12.0.8/oa/"  # linked from both sites


def config(ignore_a: list[str]):
    sites = [{"name": "甲校", "url": f"{A}/", "ignore_links": ignore_a,
              "sections": [{"name": "通知", "url": f"{A}/tz.htm"}]},
             {"name": "乙校", "url": f"{B}/", "sections": [{"name": "通知", "url": f"{B}/tz.htm"}]}]
    return parse_config({"sites": sites}, Path("sites.toml"))


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(clock.ENV, "2022-07-01T02:00:00+08:00")
    s = Store(tmp_path / "m.db")
    yield s
    s.close()


def read_night(store: Store, run_id: int, only_a: bool = False) -> None:
    """What a crawl stores: each site's article linking to the intranet OA and its own broken file; all fail."""
    inv = Inventory(store)
    pages = [PageLinksItem("甲校", f"{A}/info/1.htm", "article", 200,
                           links=[(OA, "办公OA", "a"), (f"{A}/f/1.pdf", "附件", "a")])]
    if not only_a:
        pages.append(PageLinksItem("乙校", f"{B}/info/1.htm", "article", 200, links=[(OA, "OA", "a")]))
    inv.save_pages(run_id, pages)
    inv.save_results(run_id, [{"url": OA, "ok": False, "reason": "private_address", "detail": "private"},
                              {"url": f"{A}/f/1.pdf", "ok": False, "reason": "http_404", "detail": "HTTP 404"}])


def test_site_ignores_is_per_site_and_uses_the_link_check_skip_matcher():
    ignored = site_ignores(crawl_spec(cfg := config(["http://10.*", "intranet"]), cfg.sites))
    assert ignored("甲校", OA) and ignored("甲校", f"{A}/intranet/x.htm")
    assert not ignored("乙校", OA)  # 乙校 did not ask
    assert not ignored("甲校", "http://210.10.0.1/")


def test_a_target_only_ignoring_sites_link_to_is_not_rechecked(store):
    read_night(store, store.start_run(["甲校", "乙校"]))
    cfg = config(["http://10.*"])
    spec = crawl_spec(cfg, cfg.sites)
    now = datetime(2022, 7, 2, tzinfo=UTC)
    both = make_plan(Inventory(store), cfg.sites, now, 7, lambda u: True, ignored=site_ignores(spec))
    assert OA in both.targets  # 乙校 still links to it and does not ignore it
    store.db.execute("DELETE FROM inv_pages WHERE site = '乙校'")
    alone = make_plan(Inventory(store), cfg.sites, now, 7, lambda u: True, ignored=site_ignores(spec))
    assert OA not in alone.targets and f"{A}/f/1.pdf" in alone.targets


def test_ignored_targets_are_no_finding_and_open_ones_resolve(store):
    run = store.start_run(["甲校"])
    read_night(store, run, only_a=True)
    before = config([])
    found = link_check.check(before, store, run, before.sites[:1])
    assert {f.url for f in found.findings} == {OA, f"{A}/f/1.pdf"}
    sync_findings(store.db, link_check.KINDS, ["甲校"], found.findings, run, found.evidence)
    after = config(["http://10.*"])
    run2 = store.start_run(["甲校"])
    found = link_check.check(after, store, run2, after.sites[:1])
    assert {f.url for f in found.findings} == {f"{A}/f/1.pdf"}
    key = next(r["key"] for r in store.findings() if r["url"] == OA)
    assert found.evidence[key] == run2  # the config is tonight's evidence: it resolves
    changes = sync_findings(store.db, link_check.KINDS, ["甲校"], found.findings, run2, found.evidence)
    assert [r["url"] for r in changes["resolved"]] == [OA]
