"""End to end: crawl a portal of nine CMS families on 127.0.0.1 and count posts exactly.

One `crawl` child process against the fixture corpus (tests/fixtures/cms), then `report` over a date
range and the SQLite file itself: every post with its true date (list dates, two-digit TRS years,
badges, JCMS dataproxy pages, GBK pages with wrong headers, year-less dates across a new year, pinned
old posts, article-page dates for a list without dates) and undated posts stored as NULL.
"""
from __future__ import annotations
import json
import sqlite3
from tests.support.cms import routes, truth
from tests.support.cli import run_cli
from tests.support.config import write_config
from monitor.demo.siteserver import Page, SiteServer


SECTIONS = {  # site → [(section name in truth, section name in config, extra config lines)]
    "示范大学": ["vsb", "webplus", "trs", "dedecms", "jcms"],
    "示范学院": ["asp_gbk", "wordpress", "jeecms", "yearless", "undated"],
}


def post_only(page: Page):
    """大汉 JCMS answers its dataproxy only to the pager's POST, with the column's form."""
    def serve(request):
        body = getattr(request.handler, "post_body", b"")
        if request.method != "POST" or b"columnid=123" not in body or b"unitid=456" not in body:
            return Page(b"method not allowed", 405, {"Content-Type": "text/plain"})
        return page
    return serve


def config_text(base: str, truth_data: dict) -> str:
    lines = ["[monitor]", 'database = "cms.db"', "timeout_seconds = 10", "check_links = false",
             "check_external = false", ""]
    for site, names in SECTIONS.items():
        lines += ["[[sites]]", f'name = "{site}"', f'url = "{base}/"', ""]
        for name in names:
            lines += ["[[sites.sections]]", f'name = "{name}"', f'url = "{base}{truth_data["sections"][name]["url"]}"', ""]
    # the year-less column again, dated from every article page (date_source = "article")
    lines += ["[[sites]]", 'name = "按文章取日期"', f'url = "{base}/"', "", "[[sites.sections]]",
              'name = "yearless_by_article"', f'url = "{base}/yl/tzgg.htm"', 'date_source = "article"', "",
              "[[sites.sections]]", 'name = "webplus_2_pages"', f'url = "{base}/wp/1234/list.htm"', "max_pages = 2", ""]
    return "\n".join(lines)


def test_crawl_counts_every_cms_family_exactly(tmp_path):
    data = truth()
    table = routes()
    for url in [u for u in table if "dataproxy.jsp" in u]:
        table[url] = post_only(table[url])
    table["/"] = Page("<html><head><meta charset='utf-8'><title>示范大学</title></head><body>首页</body></html>"
                      .encode(), 200, {"Content-Type": "text/html; charset=utf-8"})
    with SiteServer(table) as server:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, config_text(server.base, data))
        crawl = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", timeout=120)
        assert crawl.returncode == 0, crawl.stderr
        summary = json.loads(crawl.stdout)
        hits = dict(server.hits)
        # a second crawl: nothing new, no article page re-fetched except the year-less anchor, dates kept
        again = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", timeout=120)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["new_posts"] == 0
        second_hits = {p: n - hits.get(p, 0) for p, n in server.hits.items() if n - hits.get(p, 0)}
    assert summary["status"] == "finished"
    expected_total = sum(len(s["posts"]) for s in data["sections"].values()) + len(data["sections"]["yearless"]["posts"])
    assert summary["new_posts"] == expected_total + 8 == 159  # + 2 WebPlus pages of 4 under max_pages = 2

    # the database holds every post with its true date (NULL when the site gives none)
    db = sqlite3.connect(tmp_path / "cms.db")
    stored: dict[str, dict[str, str | None]] = {}
    for section, url, published in db.execute(
            "SELECT s.name, p.url, p.published FROM posts p JOIN sections s ON p.section_id = s.id"):
        stored.setdefault(section, {})[url.split("127.0.0.1", 1)[1].split("/", 1)[1]] = published
    for name, sec in data["sections"].items():
        want = {u.lstrip("/"): d for u, d in sec["posts"].items()}
        assert stored[name] == want, name
    assert stored["yearless_by_article"] == stored["yearless"]
    assert len(stored["webplus_2_pages"]) == 8

    # report over a date range: exact counts per section, newest = max date (pinned posts are older)
    rep = run_cli("report", "--config", str(cfg), "--from", "2022-01-01", "--to", "2022-06-30", "--format", "json")
    assert rep.returncode == 0, rep.stderr
    got = {(site["name"], s["name"]): (s["posts"], s["latest"], s["undated"])
           for site in json.loads(rep.stdout)["sites"] for s in site["sections"]}
    for site, names in SECTIONS.items():
        for name in names:
            posts = data["sections"][name]["posts"]
            in_range = sum(1 for d in posts.values() if d and "2022-01-01" <= d <= "2022-06-30")
            undated = sum(1 for d in posts.values() if d is None)
            assert got[(site, name)] == (in_range, data["sections"][name]["newest"], undated), name
    assert got[("示范学院", "yearless")] == (4, "2022-01-20", 0)  # 01-20 … 01-02 of 2022, rest 2021
    assert got[("示范学院", "undated")][2] == 1
    assert got[("示范大学", "jcms")][0] == 14

    # year-less list: one anchor article page (plus the pinned post's), not one per post
    yl_articles = [p for p in hits if p.startswith("/yl/info/")]
    assert set(yl_articles) >= {"/yl/info/700.htm", "/yl/info/100.htm"}
    assert hits["/yl/info/700.htm"] == 2 and hits["/yl/info/695.htm"] == 1  # only the article-source site
    assert [p for p in second_hits if "/info/" in p or "/content/" in p] == ["/yl/info/700.htm"]
    assert hits["/wp/1234/list3.htm"] == 1  # max_pages = 2 stopped the second copy after list2.htm
