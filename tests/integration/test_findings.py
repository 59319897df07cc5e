"""stale / empty / unreachable findings open, stay and resolve across crawls; hostile inputs end in findings."""
from __future__ import annotations
import json
import re
from tests.support.cli import TODAY, run_cli
from tests.support.servers import free_port
from tests.support.config import write_config
from monitor.demo.portal import build_portal, demo_config
from monitor.demo.siteserver import Page, SiteServer, html, redirect


FIELDS = {"id", "kind", "site", "section", "url", "found_on", "reason", "detail", "first_seen", "last_seen", "severity",
          "ack"}


def findings(config, now="2022-07-01"):
    result = run_cli("findings", "--config", str(config), "--format", "json", now=now)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def crawl(config, now="2022-07-01"):
    result = run_cli("crawl", "--config", str(config), "--quiet", now=now)
    assert result.returncode == 0, result.stderr + result.stdout
    return result


SECTION_KINDS = {"site_unreachable", "section_unreachable", "empty_section", "stale_section"}


def kinds(found):
    """The column-level findings (the demo's second site also has link, footer and hidden-link ones)."""
    return sorted((f["kind"], f["site"], f["section"]) for f in found if f["kind"] in SECTION_KINDS)


def test_stale_and_empty_findings_open_stay_and_resolve(portal, portal_config):
    crawl(portal_config)
    first = findings(portal_config)
    assert kinds(first) == [("empty_section", "湘江职业技术学院", "招生就业"),
                            ("stale_section", "湘江学院", "学术讲座")]
    assert set(first[0]) == FIELDS
    stale = next(f for f in first if f["kind"] == "stale_section")
    assert stale["detail"] == "最新文章 2022-04-17，已 75 天未更新（上限 30 天）"
    assert stale["first_seen"] == stale["last_seen"] == "2022-06-30T16:00:00+00:00"  # UTC of 07-01 00:00 +08

    # 46 days later 学校要闻 (newest 06-30) and 学院新闻 (06-29) are stale too (news: 14 days); 学术讲座 (no type:
    # [monitor] stale_after_days 30) stays open; 通知公告 is a notice column: 6 months (issue 13).
    crawl(portal_config, now="2022-08-15")
    later = findings(portal_config, now="2022-08-15")
    assert kinds(later) == sorted([("empty_section", "湘江职业技术学院", "招生就业"),
                                   ("stale_section", "湘江学院", "学校要闻"),
                                   ("stale_section", "湘江学院", "学术讲座"),
                                   ("stale_section", "湘江职业技术学院", "学院新闻")])
    # issue 12: a stale news-type column is high, other stale columns and an empty one normal
    assert {f["section"]: f["severity"] for f in later if f["kind"] in SECTION_KINDS} == {
        "招生就业": "normal", "学校要闻": "high", "学术讲座": "normal", "学院新闻": "high"}
    assert [f["section"] for f in later if f["kind"] == "stale_section"][:2] == ["学校要闻", "学院新闻"]  # first
    kept = next(f for f in later if f["section"] == "学术讲座")
    assert kept["first_seen"] == "2022-06-30T16:00:00+00:00" and kept["last_seen"] == "2022-08-14T16:00:00+00:00"

    # The columns are updated again (the portal as of 08-15): only the old problems remain, the rest resolve.
    portal.routes = build_portal(TODAY.replace(month=8, day=15))
    crawl(portal_config, now="2022-08-15")
    resolved = findings(portal_config, now="2022-08-15")
    assert kinds(resolved) == [("empty_section", "湘江职业技术学院", "招生就业"),
                               ("stale_section", "湘江学院", "学术讲座")]
    everything = json.loads(run_cli("findings", "--config", str(portal_config), "--format", "json",
                                    "--all").stdout)
    # two stale columns (通知公告 is a notice column: 183 days), both home pages (46 days old on the first
    # 08-15 crawl: issue 13, stale_home) and with them each site's 单项否决 for its home page
    assert sorted((f["kind"], f["section"]) for f in everything if f["resolved_at"] and f["kind"] != "stale_home") == [
        ("inspection_veto", None), ("inspection_veto", None), ("stale_section", "学校要闻"), ("stale_section", "学院新闻")]
    assert sorted(f["site"] for f in everything if f["kind"] == "stale_home" and f["resolved_at"]) == [
        "湘江学院", "湘江职业技术学院"]
    table = run_cli("findings", "--config", str(portal_config), "--all", now="2022-08-15").stdout
    assert table.startswith(f"共 {len(everything)} 个问题（")  # not "未解决的问题"
    assert "其中已解决 6 个，已确认 0 个）：" in table.splitlines()[0]
    assert table.count(" [已解决 2022-08-15 00:00]") == 6


def test_unreachable_site_hides_its_sections_and_resolves(tmp_path):
    routes = build_portal(TODAY)
    home = routes["/xjzy/"]
    routes["/xjzy/"] = Page(b"<h1>502 Bad Gateway</h1>", 502)
    with SiteServer(routes) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, demo_config(server.base, "m.db"))
        crawl(cfg)
        found = findings(cfg)
        assert kinds(found) == [("site_unreachable", "湘江职业技术学院", None),
                                ("stale_section", "湘江学院", "学术讲座")]
        down = next(f for f in found if f["kind"] == "site_unreachable")
        assert down["reason"] == "http_502" and down["url"] == f"{server.base}/xjzy/"
        assert down["severity"] == "urgent" and found[0] == down  # most pressing first (issue 12)
        assert server.hits["/xjzy/"] == 2  # a failing home page is retried once before it counts
        server.routes["/xjzy/"] = home
        crawl(cfg)
        assert ("site_unreachable", "湘江职业技术学院", None) not in kinds(findings(cfg))
        assert ("empty_section", "湘江职业技术学院", "招生就业") in kinds(findings(cfg))


def test_dead_site_refused_connection(tmp_path):
    port = free_port()  # nothing listens here
    cfg = tmp_path / "sites.toml"
    write_config(cfg, f'[monitor]\ndatabase = "m.db"\ntimeout_seconds = 5\n[[sites]]\nname = "停机学院"\n'
                   f'url = "http://127.0.0.1:{port}/"\n[[sites.sections]]\nname = "新闻"\n'
                   f'url = "http://127.0.0.1:{port}/news.htm"\n')
    result = run_cli("crawl", "--config", str(cfg), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["sites"][0]["reachable"] is False
    assert summary["sites"][0]["error"] == "connection refused"
    found = findings(cfg)
    assert [(f["kind"], f["reason"]) for f in found] == [("site_unreachable", "refused")]


def test_huge_page_and_redirect_loop_become_section_findings(tmp_path):
    routes = build_portal(TODAY)
    routes["/big.htm"] = Page(b"<html>" + b"x" * (50 * 1024 * 1024) + b"</html>", 200,
                              {"Content-Type": "text/html; charset=utf-8"})
    routes["/loop/a.htm"] = redirect("/loop/b.htm", 302)
    routes["/loop/b.htm"] = redirect("/loop/a.htm", 302)
    with SiteServer(routes) as server:
        cfg = tmp_path / "sites.toml"
        text = demo_config(server.base, "m.db") + (
            f'\n[[sites]]\nname = "问题站"\nurl = "{server.base}/xjxy/"\n'
            f'[[sites.sections]]\nname = "大页面"\nurl = "{server.base}/big.htm"\n'
            f'[[sites.sections]]\nname = "循环跳转"\nurl = "{server.base}/loop/a.htm"\n')
        write_config(cfg, text)
        result = run_cli("crawl", "--config", str(cfg), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["new_posts"] == 113  # the rest of the crawl is unaffected
    found = {f["section"]: f for f in findings(cfg) if f["site"] == "问题站"}
    assert found["大页面"]["kind"] == "section_unreachable" and found["大页面"]["reason"] == "too_large"
    assert found["大页面"]["severity"] == "high"
    assert found["循环跳转"]["reason"] == "redirect_loop"


def test_findings_table_output(portal_config):
    crawl(portal_config)
    table = run_cli("findings", "--config", str(portal_config))
    assert table.stdout.startswith("共 5 个未解决的问题（紧急 1，一般 4）：\n")
    assert re.search(r"#\d+ \[一般\] 栏目未更新  站点：湘江学院  栏目：学术讲座\n"
                     r"    说明：栏目「学术讲座」已 75 天未更新（最新文章 2022-04-17）\n", table.stdout)
    assert "首次发现：2022-07-01 00:00" in table.stdout  # shown in Asia/Shanghai


def test_findings_of_a_site_removed_from_the_config_are_not_listed(portal_config, tmp_path):
    crawl(portal_config)
    assert ("empty_section", "湘江职业技术学院", "招生就业") in kinds(findings(portal_config))
    fewer = tmp_path / "fewer.toml"  # same database, 湘江职业技术学院 taken out of the config
    write_config(fewer, '[monitor]\ndatabase = "monitor.db"\n[[sites]]\nname = "湘江学院"\nurl = "http://127.0.0.1:9/"\n')
    result = run_cli("findings", "--config", str(fewer), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert kinds(json.loads(result.stdout)) == [("stale_section", "湘江学院", "学术讲座")]
    assert "no longer in" in result.stderr and "湘江职业技术学院" in result.stderr


def test_post_dated_in_the_future_does_not_keep_a_column_fresh(tmp_path):
    # 学术讲座 is stale (newest 2022-04-17); a typo'd "2062-04-17" post must not hide that.
    routes = build_portal(TODAY)
    page = routes["/xjxy/xsjz.htm"]
    typo = ('<ul class="list"><li><a href="../info/7777/1.htm" title="学术讲座：量子计算前沿">学术讲座：量子计算前沿</a>'
            '<span>2062-04-17</span></li>')
    routes["/xjxy/xsjz.htm"] = html(page.body.decode().replace('<ul class="list">', typo, 1))
    with SiteServer(routes) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, demo_config(server.base, "m.db"))
        crawl(cfg)
    stale = next(f for f in findings(cfg) if f["section"] == "学术讲座")
    assert stale["detail"] == "最新文章 2022-04-17，已 75 天未更新（上限 30 天）；另有 1 篇文章的日期晚于今天，未计入"


def test_column_findings_stay_unchanged_while_the_site_is_unreachable(tmp_path):
    # issue 9: a column not crawled tonight (its site is down) was not re-examined, so nothing resolves
    routes = build_portal(TODAY)
    with SiteServer(routes) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, demo_config(server.base, "m.db"))
        crawl(cfg)
        before = next(f for f in findings(cfg) if f["section"] == "学术讲座")
        home = server.routes["/xjxy/"]
        server.routes["/xjxy/"] = Page(b"<h1>502 Bad Gateway</h1>", 502)
        crawl(cfg, now="2022-07-02")
        during = findings(cfg, now="2022-07-02")
        assert ("site_unreachable", "湘江学院", None) in kinds(during)
        kept = next(f for f in during if f["section"] == "学术讲座")
        assert kept["last_seen"] == before["last_seen"]  # open, untouched
        server.routes["/xjxy/"] = home
        crawl(cfg, now="2022-07-03")
        after = findings(cfg, now="2022-07-03")
        assert ("site_unreachable", "湘江学院", None) not in kinds(after)
        assert next(f for f in after if f["section"] == "学术讲座")["last_seen"].startswith("2022-07-02T16")
