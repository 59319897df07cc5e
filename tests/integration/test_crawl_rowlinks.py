"""Crawl level: columns whose rows cannot be followed are counted exactly, night after night (issue 9.4).

A real loopback site: a 党务公开 column of 24 ``javascript:;`` rows, and a 通知公告 column whose page 2 has
script links, ``#``, href-less and link-less rows. Three crawls (the first night, an unchanged night, a
night with one new row), link checking on. The request log of the server shows the crawler never asked for a link-less post.
"""
from __future__ import annotations
import json
import sqlite3
from datetime import date
from tests.support.cli import run_cli
from tests.support.rowlinks_pages import (FOOT, HEAD, SCRIPT_TARGETS, party_column, party_dates, party_titles, trs_articles,
                            trs_page_one, trs_page_two)
from tests.support.config import write_config
from monitor.demo.siteserver import SiteServer, html


PARTY, NOTICES = "党务公开", "通知公告"


def site_routes() -> dict:
    routes = {"/": html(HEAD.format(title="首页") + '<a href="/channels/18119.html">党务公开</a>'
                        '<a href="/tzgg/index.html">通知公告</a>' + FOOT),
              "/channels/18119.html": html(party_column(24)),
              "/tzgg/index.html": html(trs_page_one()), "/tzgg/index_1.html": html(trs_page_two())}
    routes.update({path: html(text) for path, text in trs_articles().items()})
    return routes


def config(base: str) -> str:
    return "\n".join([
        "[monitor]", 'database = "rows.db"', "timeout_seconds = 10", "check_links = true",
        "check_external = false", "", "[[sites]]", 'name = "示范县教育体育局"', f'url = "{base}/"', "",
        "[[sites.sections]]", f'name = "{PARTY}"', f'url = "{base}/channels/18119.html"', "",
        "[[sites.sections]]", f'name = "{NOTICES}"', f'url = "{base}/tzgg/index.html"', ""])


def crawl(cfg, now: str) -> dict:
    result = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", now=now, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def stored(db_path) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT s.name, p.url, p.url_key, p.title, p.published FROM posts p"
                          " JOIN sections s ON p.section_id = s.id ORDER BY p.id").fetchall()


def open_kinds(cfg, now: str) -> set[tuple[str, str]]:
    result = run_cli("findings", "--config", str(cfg), "--format", "json", now=now)
    assert result.returncode == 0, result.stderr
    return {(f["kind"], f["section"]) for f in json.loads(result.stdout)}


def test_link_less_rows_are_counted_once_and_never_fetched(tmp_path):
    with SiteServer(site_routes()) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, config(server.base))
        first = crawl(cfg, "2022-07-01")
        night_one = stored(tmp_path / "rows.db")
        findings_one = open_kinds(cfg, "2022-07-01")
        second = crawl(cfg, "2022-07-02")
        night_two = stored(tmp_path / "rows.db")
        findings_two = open_kinds(cfg, "2022-07-02")
        report = run_cli("report", "--config", str(cfg), "--from", "2022-04-01", "--to", "2022-06-30",
                         "--format", "json", now="2022-07-02")
        # night 3: a new row on top, titled like an older one but dated today: one new post
        titles, dates = party_titles(24), party_dates(24)
        server.routes["/channels/18119.html"] = html(party_column(
            25, titles=[titles[5]] + titles, dates=[date(2022, 7, 3)] + dates))
        third = crawl(cfg, "2022-07-03")
        night_three = stored(tmp_path / "rows.db")
        hits = dict(server.hits)

    # night 1: every row a reader sees, once
    assert first["status"] == "finished" and first["new_posts"] == 24 + 6 + 9
    party = [r for r in night_one if r[0] == PARTY]
    notices = [r for r in night_one if r[0] == NOTICES]
    assert len(party) == 24 and all(url == "" and key.startswith("title:") for _, url, key, _, _ in party)
    assert len(notices) == 15
    assert sorted(r[1].removeprefix(server.base) for r in notices if "173114" in r[1] or "5702" in r[1]
                  or "3502" in r[1]) == sorted(SCRIPT_TARGETS)
    assert [r[2] for r in notices if r[3] == "观测站工作简报"] == ["title:观测站工作简报|2022-05-06",
                                                               "title:观测站工作简报|2022-04-06"]
    # night 2, nothing changed: nothing new, nothing doubled
    assert second["new_posts"] == 0
    assert night_two == night_one
    assert len({(r[0], r[2]) for r in night_two}) == len(night_two) == 39
    # a column that shows posts is never empty
    for kinds in (findings_one, findings_two):
        assert ("empty_section", PARTY) not in kinds and ("empty_section", NOTICES) not in kinds
    # the crawler never asked for a link-less post (its script target included), but did check real links
    for target in SCRIPT_TARGETS:
        assert target not in hits, target
    assert not any("javascript" in path or path.endswith("#") for path in hits)
    assert all(hits[path] >= 1 for path in trs_articles())
    # report counts them (link-less posts share url "": counted by their key, not collapsed)
    assert report.returncode == 0, report.stderr
    sections = {s["name"]: s["posts"] for s in json.loads(report.stdout)["sites"][0]["sections"]}
    assert sections == {PARTY: 24, NOTICES: 15}
    assert third["new_posts"] == 1 and len(night_three) == 40
    assert night_three[-1][2] == f"title:{titles[5]}|2022-07-03" and night_three[:39] == night_one


def test_inspect_marks_rows_without_a_link():
    with SiteServer(site_routes()) as server:
        as_json = run_cli("inspect", server.url("/tzgg/index_1.html"), "--json", now=None)
        as_text = run_cli("inspect", server.url("/channels/18119.html"), now=None)
        hits = dict(server.hits)
    assert as_json.returncode == 0, as_json.stderr
    items = json.loads(as_json.stdout)["items"]
    assert len(items) == 9 and not any(i["link"] for i in items)
    assert items[0]["url"] == server.url("/tzgg/173114.htm") and items[4]["url"] == ""
    assert as_text.returncode == 0, as_text.stderr
    out = as_text.stdout
    assert "items:    24 (0 undated, 24 no link), pager says 24 in all" in out
    assert out.count("[no link] (counted by title and date)") == 24
    assert "/tzgg/173114.htm" not in hits
