"""Link checking, footers, cross-links and hidden links through real crawls of a loopback site.

Crawls run as child processes (``python -m monitor crawl``) against ``tests/support/links``' fixture
school, which exposes every failure kind; findings are read back with ``findings --format json``.
"""
from __future__ import annotations
import json
import sqlite3
import pytest
from tests.support.cli import run_cli
from tests.support.links import SITE, Knobs, school_servers, config_text, page
from tests.support.config import write_config
from monitor.demo.siteserver import Page


def crawl(cfg, now):
    result = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", now=now)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def findings(cfg, *extra):
    result = run_cli("findings", "--config", str(cfg), "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def by_kind(found, kind):
    return {f["url"]: f for f in found if f["kind"] == kind}


def block_urls(f):
    """The hidden links a hidden_link finding's detail lists (…；链接：URL、URL)."""
    return tuple(f["detail"].split("链接：")[-1].split("、"))


@pytest.fixture
def school():
    with school_servers(Knobs()) as servers:
        yield servers


def test_links_footer_hidden_findings_open_stay_and_resolve(school, tmp_path):
    server, portal, knobs = school
    b = server.base
    portal.routes["/jyt/index.html"] = page("省教育厅", f'<div class="footer"><a href="{b}/">{SITE}</a></div>')
    cfg = tmp_path / "sites.toml"
    write_config(cfg, config_text(b, "m.db", portal_url=portal.url("/jyt/index.html")))

    # --- crawl 1: every failure kind, with its reason and where it sits -------------------------
    crawl(cfg, "2022-07-01")
    found = findings(cfg)
    broken = {url: f["reason"] for url, f in by_kind(found, "broken_link").items()}
    closed = next(u for u in broken if u.endswith("/x.htm"))
    assert broken == {
        f"{b}/missing.html": "http_404", f"{b}/error500": "http_500", closed: "refused",
        "http://nosuch-host.invalid/": "dns", f"{b}/slow": "timeout", f"{b}/soft404": "soft_404",
        f"{b}/loop1": "redirect_loop", b.replace("http:", "https:") + "/ok.html": "tls", f"{b}/files/gone.docx": "http_404", f"{b}/info/missing.pdf": "http_404",
    }
    # never broken: HEAD 405 + GET 200, a 301 chain, a transient 503, one 429, Chinese paths,
    # <base href> links, mailto/tel/javascript/#fragment
    unverified = {url: f["reason"] for url, f in by_kind(found, "unverified_link").items()}
    assert unverified == {f"{b}/always429": "rate_limited", f"{b}/files/secret.pdf": "login_required"}
    missing = by_kind(found, "broken_link")[f"{b}/missing.html"]
    assert missing["found_on"] == [{"url": f"{b}/", "text": "已删除页面"}]
    on_article = by_kind(found, "broken_link")[f"{b}/info/missing.pdf"]
    assert on_article["found_on"] == [{"url": f"{b}/info/1.htm", "text": "检查表.pdf"}]
    assert server.hits["/files/plan.pdf"] == 1  # HEAD only, once per crawl though linked twice
    assert server.hits["/slow"] == 2            # a timeout is retried once before it counts
    assert server.hits["/sub/rel.html"] >= 1    # resolved through <base href>
    db = sqlite3.connect(tmp_path / "m.db")
    results = {r[0]: r[1:] for r in db.execute("SELECT url, ok, method, final_url FROM inv_targets")}
    assert results[f"{b}/head405"][:2] == (1, "GET")
    assert results[f"{b}/old"][0] == 1 and results[f"{b}/old"][2] == f"{b}/ok.html"
    assert results[f"{b}/flaky"][0] == 1 and results[f"{b}/rate-once"][0] == 1
    assert results[f"{b}/%E4%B8%AD%E6%96%87/%E9%A1%B5%E9%9D%A2.html"][0] == 1

    hidden = {block_urls(f): (f["reason"], f["severity"]) for f in by_kind(found, "hidden_link").values()}
    assert hidden == {  # one finding per hiding block (issue 12): the injected div's two links are one
        ("http://www.spam-casino.example.com/", "http://www.hncic.example.net/"): ("display:none", "urgent"),
        ("http://offscreen.example.org/",): ("off-screen position", "high"),
        ("http://fontzero.example.org/",): ("font-size:0", "high"),
        ("http://tinybox.example.org/",): ("tiny box", "high"),
        ("http://marquee.example.org/",): ("marquee 1px", "high"),
        ("http://samecolour.example.org/",): ("same colour as background", "high"),
        ("http://opacity.example.org/",): ("opacity:0", "high"),
        ("http://indent.example.org/",): ("text-indent", "high"),
        ("http://clip.example.org/",): ("clip", "high"),
        ("http://zindex.example.org/",): ("negative z-index", "high"),
        ("http://visibility.example.org/",): ("visibility:hidden", "high"),
        ("http://docwrite.example.top/",): ("written by script", "urgent"),
        ("http://scripthidden.example.org/",): ("script sets display:none", "high"),
    }  # the hidden same-site drop-down menu and tab panel are not there
    casino = next(f for f in by_kind(found, "hidden_link").values() if "spam-casino" in f["detail"])
    assert casino["found_on"] == [{"url": f"{b}/", "text": ""}] and casino["url"].startswith(f"{b}/#暗链-")
    assert casino["detail"].startswith("2 个隐藏的外站链接；隐藏方式：样式“display:none”不显示；")
    assert not [f for f in found if f["kind"] in ("missing_footer_link", "missing_footer_text", "not_linked_from")]

    # --- crawl 2: the home page is fixed, its footer lost a link and the ICP number; the
    # provincial portal dropped the school ------------------------------------------------------
    knobs.broken = knobs.footer_text = knobs.footer_link = False
    portal.routes["/jyt/index.html"] = page("省教育厅", '<div class="footer"><a href="http://other.edu.cn/">别校</a></div>')
    summary = crawl(cfg, "2022-07-02")
    assert summary["findings_resolved"] == 14  # missing.html + 13 hiding blocks
    found = findings(cfg)
    assert f"{b}/missing.html" not in by_kind(found, "broken_link")
    assert by_kind(found, "hidden_link") == {}
    still = by_kind(found, "broken_link")[f"{b}/error500"]
    assert still["first_seen"].startswith("2022-06-30T16") and still["last_seen"].startswith("2022-07-01T16")
    assert set(by_kind(found, "missing_footer_link")) == {"http://moe.gov.cn"}
    assert set(by_kind(found, "missing_footer_text")) == {"湘ICP备12345678号"}  # 版权所有 is still there
    assert set(by_kind(found, "not_linked_from")) == {portal.url("/jyt/index.html")}
    resolved = [f for f in findings(cfg, "--all") if f["resolved_at"]]
    assert {f["url"] for f in resolved if f["kind"] == "broken_link"} == {f"{b}/missing.html"}


def test_link_checking_off_and_external_off(school, tmp_path):
    server, _, _ = school
    cfg = tmp_path / "sites.toml"
    write_config(cfg, config_text(server.base, "m.db", extra="check_links = false"))
    crawl(cfg, "2022-07-01")
    found = findings(cfg)
    assert not by_kind(found, "broken_link") and server.hits.get("/missing.html") is None
    assert len(by_kind(found, "hidden_link")) == 13  # page facts are still read (13 hiding blocks)
    write_config(cfg, config_text(server.base, "m2.db").replace("check_external = true", "check_external = false"))
    crawl(cfg, "2022-07-01")
    broken = by_kind(findings(cfg), "broken_link")
    assert "http://nosuch-host.invalid/" not in broken and f"{server.base}/missing.html" in broken


# --- pure helpers ----------------------------------------------------------------------------



def test_findings_stay_while_the_home_page_is_unreachable(school, tmp_path):
    server, _, _ = school
    b = server.base
    cfg = tmp_path / "sites.toml"
    write_config(cfg, config_text(b, "m.db"))
    crawl(cfg, "2022-07-01")
    before = findings(cfg)
    assert f"{b}/missing.html" in by_kind(before, "broken_link") and by_kind(before, "hidden_link")
    home = server.routes["/"]
    server.routes["/"] = Page(b"Bad Gateway", 502)
    summary = crawl(cfg, "2022-07-02")
    assert summary["findings_resolved"] == 0  # no evidence either way: one root cause, one finding
    during = findings(cfg)
    assert [f["kind"] for f in during if f["kind"] == "site_unreachable"] == ["site_unreachable"]
    assert set(by_kind(during, "broken_link")) == set(by_kind(before, "broken_link"))
    assert set(by_kind(during, "hidden_link")) == set(by_kind(before, "hidden_link"))
    server.routes["/"] = home
