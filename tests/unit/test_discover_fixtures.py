"""The discover portals keep their word: every truth column is reachable from the home page the way the truth
says (nav, sidebar only, 更多>> only, 信息公开网), its pages hold exactly its posts, the traps are served (the
404 link is not), the ASP portal is GBK without a charset header, and score() judges proposals as the issue
says. Pure: pages are read from the route table, no server."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest

from tests.support.discover_sites import PORTALS, big_portal, portal, score

BASE = "http://campus.test"
HREF = re.compile(r"""href=["']([^"']+)["']""")


def body(routes: dict, path: str, charset: str) -> str:
    route = routes[path]
    page = route(None) if callable(route) else route
    return page.body.decode(charset)


def links(routes: dict, path: str, charset: str) -> list[str]:
    """Same-site paths (with query) linked from ``path``."""
    out = []
    for href in HREF.findall(body(routes, path, charset)):
        url = urljoin(BASE + path, unescape(href))
        if url.startswith(BASE):
            parts = urlsplit(url)
            out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def reachable(routes: dict, truth: dict, skip: set[str]) -> set[str]:
    """Pages reached from the home page following links, never through an article or a page in ``skip``."""
    articles = {t["url"] for t in truth["traps"] if t["kind"] == "article"}
    seen, todo = {"/"}, ["/"]
    while todo:
        path = todo.pop()
        for nxt in links(routes, path, truth["charset"]):
            if nxt not in seen and nxt in routes and nxt not in articles:
                seen.add(nxt)
                if nxt not in skip:
                    todo.append(nxt)
    return seen


@pytest.mark.parametrize("name", PORTALS)
def test_every_column_is_reachable_from_home_and_holds_its_posts(name):
    routes, truth = portal(name)
    required = [c for c in truth["columns"] if c["required"]]
    assert len(required) >= 15 and len([c for c in required if c["type"]]) >= 15
    seen = reachable(routes, truth, set())
    articles = {t["url"] for t in truth["traps"] if t["kind"] == "article"}
    for col in truth["columns"]:
        assert col["url"] in seen, (name, col["name"])
        posts: set[str] = set()
        for page in col["pages"]:
            posts |= {u for u in links(routes, page, truth["charset"]) if u in articles}
        assert len(posts) == col["posts"], (name, col["name"], col["pages"])
        assert all(p in routes for p in posts)
        if col["posts"]:
            d = date.fromisoformat(col["newest"])
            page = body(routes, col["url"], truth["charset"])
            assert col["newest"] in page or f"{d.year}-{d.month}-{d.day}" in page


@pytest.mark.parametrize("name", PORTALS)
def test_columns_are_reached_only_the_way_the_truth_says(name):
    routes, truth = portal(name)
    home = links(routes, "/", truth["charset"])
    by_reach = {}
    for c in truth["columns"]:
        by_reach.setdefault(c["reach"], []).append(c)
    assert all(c["url"] not in home for c in by_reach["sidebar"])  # only its group's sidebar links it
    more = [c for c in by_reach["more"] if c["site"] == "main"]
    assert more and all(c["url"] in home for c in more)
    nav = body(routes, "/", truth["charset"]).split('<div class="container">')[0]
    assert all(c["name"] not in nav for c in more)  # not in the nav: only the 更多>> of a home block
    # a sidebar-only column is linked only from the pages of its own group (its mates' lists and articles)
    pages = {p for p, r in routes.items() if not callable(r)}
    link_map = {p: set(links(routes, p, truth["charset"])) for p in pages}
    for c in by_reach["sidebar"]:
        mates = {
            u
            for m in truth["columns"]
            if m["site"] == c["site"] and m["group"] == c["group"]
            for u in m["pages"] + m["aliases"]
        }
        linking = {p for p, ls in link_map.items() if c["url"] in ls}
        assert linking and linking <= mates, (name, c["name"], linking - mates)
    disclosure_home = next(
        t["url"] for t in truth["traps"] if t["kind"] == "home" and t["url"] not in ("/", truth["home"])
    )
    assert disclosure_home in home
    assert all(c["url"] not in home for c in truth["columns"] if c["site"] == "disclosure")


@pytest.mark.parametrize("name", PORTALS)
def test_traps_are_served_and_look_like_lists(name):
    routes, truth = portal(name)
    kinds: dict[str, str] = {}
    for t in truth["traps"]:
        kinds.setdefault(t["kind"], t["url"])
    assert set(kinds) >= {"search", "login", "sitemap", "links", "calendar", "404", "offsite", "home", "article"}
    assert (kinds["404"] not in routes and urlsplit(kinds["404"]).path not in routes) or "?" in kinds["404"]
    search = body(routes, kinds["search"], truth["charset"])
    assert len(re.findall(r"\d{4}-\d\d-\d\d", search)) >= 10  # dated rows: a list to the eye
    assert "统一身份认证" in body(routes, kinds["login"], truth["charset"])
    article = body(routes, kinds["article"], truth["charset"])
    assert "相关文章" in article and len(re.findall(r"<span>\d{4}-\d\d-\d\d</span>", article)) == 5
    home = body(routes, "/", truth["charset"])
    for kind in ("search", "login", "sitemap", "links", "calendar"):
        assert kinds[kind] in links(routes, "/", truth["charset"]), kind
    assert "http://www.moe.gov.cn/" in home and kinds["404"] in links(routes, "/", truth["charset"])


def test_the_asp_portal_is_gbk_without_a_charset_header():
    routes, truth = portal("asp")
    col = next(c for c in truth["columns"] if len(c["pages"]) > 2)
    first, later = routes[col["pages"][0]], routes[col["pages"][1]]
    assert first.headers["Content-Type"] == "text/html" and truth["charset"] == "gbk"
    assert b"charset=gb2312" in first.body and b"charset" not in later.body
    assert col["name"] in later.body.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        later.body.decode("utf-8")


def test_score_follows_the_issue_measure():
    _, truth = portal("vsb")
    required = [c for c in truth["columns"] if c["required"]]
    perfect = [{"name": c["name"], "url": "http://127.0.0.1:8080" + c["url"]} for c in required]
    assert score({"sections": perfect}, truth) == (1.0, [], [])
    statics = [{"name": c["name"], "url": c["url"]} for c in truth["columns"] if not c["required"]]
    assert score(perfect + statics, truth)[2] == []  # static pages and empty columns may be proposed
    multi = next(c for c in required if len(c["pages"]) > 1)
    article = next(t["url"] for t in truth["traps"] if t["kind"] == "article")
    search = next(t["url"] for t in truth["traps"] if t["kind"] == "search")
    worse = [p for p in perfect if p["url"].endswith(multi["url"])] and [
        p for p in perfect if not p["url"].endswith(multi["url"])
    ] + [{"name": multi["name"], "url": multi["pages"][1]}]
    worse += [
        {"name": "相关文章", "url": article},
        {"name": "搜索", "url": search},
        {"name": "x", "url": "/nowhere.htm"},
    ]
    found, wrong, bad = score(worse, truth)
    assert found == (len(required) - 1) / len(required)
    assert wrong == [f"{multi['name']} {multi['url']}: proposed as its later page {multi['pages'][1]}"]
    assert [b.split(" ")[1] for b in bad] == ["(article,", "(search,", "(no"]
    renamed = [dict(p, name="list") if p["url"].endswith(multi["url"]) else p for p in perfect]
    assert "the nav says" in score(renamed, truth)[1][0]


def test_big_portal_has_three_hundred_columns():
    routes, truth = big_portal(300)
    main = [c for c in truth["columns"] if c["site"] == "main"]
    assert len(main) == 300 and len({c["url"] for c in main}) == 300
    assert all(len(c["pages"]) == 2 and c["url"] in routes for c in main)


@pytest.mark.parametrize("name", PORTALS)
def test_the_changed_night_drops_one_column_and_adds_one(name):
    routes, truth = portal(name)
    later, changed = portal(name, changed=True)
    assert truth["changes"] == {"added": [], "removed": []}
    (added,), (removed,) = changed["changes"]["added"], changed["changes"]["removed"]
    assert added["name"] == "校园文化" and added["url"] not in routes and added["url"] in later
    assert removed["url"] in later  # still answers, but nothing links to it any more
    assert removed["url"] not in reachable(later, changed, set()) and added["url"] in reachable(later, changed, set())
    kept = {c["url"]: c for c in truth["columns"] if c["url"] != removed["url"]}
    assert kept == {c["url"]: c for c in changed["columns"] if c["url"] != added["url"]}


def test_each_family_has_its_own_frame():
    marks = {
        "vsb": ('id="nav"', 'class="position"'),
        "webplus": ('class="wp-menu"', "possplit"),
        "trs": ('class="subnav"', "CurrChnlCls"),
        "asp": ("visibility:hidden", "您的位置："),
        "dede": ('id="navMenu"', 'class="place"'),
    }
    for name, (menu, crumb) in marks.items():
        routes, truth = portal(name)
        col = next(c for c in truth["columns"] if c["reach"] == "sidebar" and c["required"])
        page = body(routes, col["url"], truth["charset"])
        assert menu in page and crumb in page, name
        others = [m for n, pair in marks.items() if n != name for m in pair]
        assert not [m for m in others if m in page], name


def test_score_takes_an_alias_as_the_first_page_and_flags_a_column_proposed_twice():
    _, truth = portal("dede")
    required = [c for c in truth["columns"] if c["required"]]
    by_alias = [{"name": c["name"], "url": c["aliases"][0]} for c in required]
    assert score(by_alias, truth) == (1.0, [], [])
    col = next(c for c in required if len(c["pages"]) > 1)
    twice = [*by_alias, {"name": col["name"], "url": col["url"]}, {"name": col["name"], "url": col["pages"][1]}]
    found, _, bad = score(twice, truth)
    assert found == 1.0 and len(bad) == 2 and all("proposed again" in b for b in bad)
