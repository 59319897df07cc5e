"""Bounds per page and per night against hostile loopback sites (issue 10, item 3).

Each test runs the real CLI crawl (Scrapy in a child process) against ``SiteServer`` on 127.0.0.1.
"""
from __future__ import annotations
import json
import sqlite3
import threading
import pytest
from tests.support.bounds import (
    Hits,
    article,
    campus_page,
    chunked_forever,
    counted_target,
    link_farm_home,
    news_list,
    bounds_config,
)
from tests.support.cli import run_cli
from tests.support.config import write_config
from monitor.demo.siteserver import SiteServer


def crawl(config, timeout=180):
    result = run_cli("crawl", "--config", str(config), "--json", "--quiet", timeout=timeout)
    assert result.returncode in (0, 1), result.stderr
    return result, json.loads(result.stdout)


def open_findings(config):
    result = run_cli("findings", "--config", str(config), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_page_with_100k_links_checks_only_the_cap_and_says_how_many_were_not(tmp_path):
    hits = Hits()
    cap = 300
    routes = {"/index.htm": link_farm_home(100_000), "/xwzx/xxyw.htm": news_list(""),
              "/t/": counted_target(hits)}
    with SiteServer(routes) as server:
        server.routes.update({f"/t/{i}.htm": routes["/t/"] for i in range(100_000)})
        server.routes.update({f"/info/1001/{i}.htm": article for i in range(1, 6)})
        cfg = write_config(tmp_path / "sites.toml",
                           bounds_config([("测试职业学院", server.url("/index.htm"),
                                           [("学校要闻", server.url("/xwzx/xxyw.htm"))])],
                                         max_links_per_page=cap))
        result, summary = crawl(cfg)
        farm = [f for f in open_findings(cfg) if f["kind"] == "too_many_links"]
        # the next night the link farm is gone from the home page: the finding resolves
        server.routes["/index.htm"] = campus_page("测试职业学院", '<a href="/xwzx/xxyw.htm">学校要闻</a>')
        _, night2 = crawl(cfg)
    assert result.returncode == 0, result.stderr
    assert summary["status"] == "finished"
    targets = hits.matching("/t/")
    # every checked target is among the page's first `cap` (document order); each is asked once or twice
    assert 0 < len(targets) <= cap
    assert all(int(p.split("/")[2].split(".")[0]) < cap for p in targets)
    assert sum(targets.values()) <= 2 * cap + 5
    limits = summary["limits"]
    assert limits["max_links_per_page"] == cap
    # the home page's other distinct targets (100,000 farm links + 学校要闻/首页/ICP - cap) are not checked
    assert limits["links_not_checked"] >= 100_000 - cap
    capped = limits["pages_capped"]
    assert [p["url"] for p in capped] == [f"{summary['sites'][0]['url']}"]
    assert capped[0]["checked"] == cap and capped[0]["not_checked"] == capped[0]["links"] - cap
    assert [f["url"] for f in farm] == [summary["sites"][0]["url"]]
    assert f"只检查了前 {cap} 个，{capped[0]['not_checked']:,} 个未检查" in farm[0]["detail"]
    assert night2["status"] == "finished" and night2["limits"]["links_not_checked"] == 0
    assert night2["findings_resolved"] == 1
    assert not [f for f in open_findings(cfg) if f["kind"] == "too_many_links"]
    assert summary["links"]["checked"] <= cap + 10  # the list page's own few links besides


def test_50mb_chunked_page_without_content_length_is_too_large_never_broken(tmp_path):
    stream = chunked_forever()
    home = campus_page("测试职业学院", '<a href="/xwzx/xxyw.htm">学校要闻</a> <a href="/files/big.htm">大文件</a>')
    routes = {"/index.htm": home, "/xwzx/xxyw.htm": news_list(""), "/files/big.htm": stream,
              "/big/list.htm": stream, "/huge/index.htm": stream}
    with SiteServer(routes) as server:
        server.routes.update({f"/info/1001/{i}.htm": article for i in range(1, 6)})
        cfg = write_config(tmp_path / "sites.toml",
                           bounds_config([("测试职业学院", server.url("/index.htm"),
                                           [("学校要闻", server.url("/xwzx/xxyw.htm")),
                                            ("大列表", server.url("/big/list.htm"))]),
                                          ("大首页", server.url("/huge/index.htm"), [])],
                                         max_page_bytes=2_000_000))
        _, summary = crawl(cfg)
    db = sqlite3.connect(tmp_path / "m.db")
    # as a link target: the server is sending the file, so it exists (not broken_link)
    big = db.execute("SELECT ok, reason FROM inv_targets WHERE url LIKE '%/files/big.htm'").fetchall()
    assert big == [(1, "")]
    assert not [f for f in open_findings(cfg) if f["kind"] == "broken_link"]
    # as a list page: a clear one-line reason, not a connection error
    site = summary["sites"][0]
    error = next(s for s in site["sections"] if s["name"] == "大列表")["error"]
    assert error.startswith("too_large: page larger than 2000000 bytes ([monitor] max_page_bytes)")
    assert "\n" not in error
    assert db.execute("SELECT reason FROM fetches WHERE url LIKE '%/big/list.htm'").fetchall() == [("too_large",)]
    # as a home page: unreachable with the same one line
    huge = next(s for s in summary["sites"] if s["name"] == "大首页")
    assert not huge["reachable"]
    assert huge["error"] == "page larger than 2000000 bytes ([monitor] max_page_bytes); not downloaded"


def test_deadline_stops_the_crawl_cleanly_as_partial_and_names_the_site(tmp_path):
    release = threading.Event()

    def hang(request):  # 慢站's list page never answers while the test runs
        release.wait(120)
        return news_list("")

    routes = {"/a/index.htm": campus_page("甲学院", '<a href="/a/list.htm">学校要闻</a>'), "/a/list.htm": news_list(""),
              "/b/index.htm": campus_page("慢站", '<a href="/b/list.htm">学校要闻</a>'), "/b/list.htm": hang}
    with SiteServer(routes) as server:
        server.routes.update({f"/info/1001/{i}.htm": article for i in range(1, 6)})
        cfg = write_config(tmp_path / "sites.toml",
                           bounds_config([("甲学院", server.url("/a/index.htm"), [("学校要闻", server.url("/a/list.htm"))]),
                                          ("慢站", server.url("/b/index.htm"), [("学校要闻", server.url("/b/list.htm"))])],
                                         max_crawl_minutes=0.1, timeout_seconds=120))
        try:
            result = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", timeout=100)
        finally:
            release.set()
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    assert summary["status"] == "partial"
    # stopped at the 6 s deadline, long before the hanging page's 120 s timeout
    assert summary["duration_seconds"] < 60
    assert summary["limits"]["deadline_reached"] is True
    assert summary["limits"]["sites_cut_short"].get("慢站") == "deadline"
    slow = next(s for s in summary["sites"] if s["name"] == "慢站")
    assert slow["cut_short"] == "deadline"
    # the hanging list page was cut off at the deadline, and says so (not "timed out")
    assert slow["sections"][0]["error"] == \
        "deadline: crawl deadline reached ([monitor] max_crawl_minutes) during the download"
    lines = [line for line in result.stderr.splitlines() if "max_crawl_minutes" in line]
    assert len(lines) == 1 and "慢站" in lines[0] and "cut short" in lines[0]
    assert "Traceback" not in result.stderr
    with sqlite3.connect(tmp_path / "m.db") as db:
        assert db.execute("SELECT status FROM runs").fetchall() == [("partial",)]
        # what was fetched before the deadline is stored
        assert db.execute("SELECT COUNT(*) FROM fetches WHERE kind = 'home'").fetchone()[0] == 2
    # the cut-short site got no findings from missing evidence (no section_unreachable, no empty section)
    assert not [f for f in open_findings(cfg) if f["site"] == "慢站"]


def test_request_budget_cuts_a_site_short_and_says_so(tmp_path):
    hits = Hits()
    links = "".join(f'<a href="/t/{i}.htm">栏目{i}</a> ' for i in range(40))
    routes = {"/index.htm": campus_page("测试职业学院", f'<a href="/xwzx/xxyw.htm">学校要闻</a> {links}'),
              "/xwzx/xxyw.htm": news_list("")}
    target = counted_target(hits)
    sites = [("测试职业学院", "/index.htm", [("学校要闻", "/xwzx/xxyw.htm")])]
    with SiteServer(routes) as server:
        server.routes.update({f"/t/{i}.htm": target for i in range(40)})
        server.routes.update({f"/info/1001/{i}.htm": article for i in range(1, 6)})
        urls = [(n, server.url(u), [(s, server.url(p)) for s, p in secs]) for n, u, secs in sites]
        cfg = write_config(tmp_path / "sites.toml", bounds_config(urls, max_requests_per_site=12, concurrency=1,
                                                                  per_host_concurrency=1))
        night1 = run_cli("crawl", "--config", str(cfg), "--quiet")  # the text summary, as cron mails it
        seen = sum(server.hits.values())
        # the operator raises the budget: the next night the site is crawled and checked in full
        write_config(tmp_path / "sites.toml", bounds_config(urls, max_requests_per_site=1000))
        _, night2 = crawl(cfg)
    assert night1.returncode == 1
    assert "测试职业学院: CUT SHORT ([monitor] max_requests_per_site reached; not checked this run)" in night1.stdout
    lines = [line for line in night1.stderr.splitlines() if "max_requests_per_site" in line]
    assert len(lines) == 1 and "测试职业学院" in lines[0] and "= 12 reached" in lines[0]
    assert night1.stderr.strip().splitlines()[-1] == lines[0]  # last: the scheduler's log tail shows it
    assert seen <= 12
    with sqlite3.connect(tmp_path / "m.db") as db:
        runs = db.execute("SELECT status FROM runs ORDER BY id").fetchall()
        limits = json.loads(db.execute("SELECT limits FROM run_limits ORDER BY run_id").fetchone()[0])
    assert runs == [("partial",), ("finished",)]
    assert limits["sites_cut_short"] == {"测试职业学院": "budget"}
    assert limits["requests_per_site"]["测试职业学院"] == 12
    assert night2["status"] == "finished" and night2["sites"][0]["cut_short"] is None
    assert night2["limits"]["requests_per_site"]["测试职业学院"] > 12
    assert len(hits.matching("/t/")) == 40  # every link checked on the full night
    # nothing was opened on what the budget left unfetched, and the full night found nothing broken
    assert not [f for f in open_findings(cfg) if f["reason"] == "budget_exhausted" or f["kind"] == "broken_link"]


@pytest.mark.parametrize("key, value, says", [
    ("max_links_per_page", "0", "from 1 to 100,000"),
    ("max_links_per_page", '"many"', "whole number"),
    ("max_requests_per_site", "99999999999", "from 10 to 10,000,000"),
    ("max_requests_per_site", "1.5", "whole number"),
    ("max_crawl_minutes", "0", "0 is out of range; use a number from 0.01 to 1,440"),
    ("max_crawl_minutes", "1e9", "out of range; use a number from 0.01 to 1,440"),
    ("max_crawl_minutes", "nan", "must be a number from 0.01 to 1,440"),
    ("max_crawl_minutes", "true", "must be a number from 0.01 to 1,440"),
])
def test_bad_bound_values_are_one_line_exit_2(tmp_path, key, value, says):
    cfg = tmp_path / "sites.toml"
    write_config(cfg, f'[monitor]\n{key} = {value}\n\n[[sites]]\nname = "甲"\nurl = "http://127.0.0.1:9/"\n')
    result = run_cli("crawl", "--config", str(cfg))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"monitor.{key}" in lines[0] and says in lines[0], result.stderr




