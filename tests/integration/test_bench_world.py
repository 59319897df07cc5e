"""The benchmark world (bench/world.py): deterministic, served with working conditional GET, and its
truth (posts per column, planted broken links) agrees with the pages themselves. No crawl."""
from __future__ import annotations
import http.client
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit
import lxml.html


ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.world import World, article_path, list_path, spec_for  # noqa: E402
from bench.world_pages import render  # noqa: E402
from bench.world_server import WorldServer  # noqa: E402

EXT = "http://localhost:1"
STATED = [re.compile(p) for p in (r"共(\d+)条", r'class="all_count">(\d+)<', r"共 <strong>\d+</strong>页<strong>(\d+)</strong>条",
                                  r"共 (\d+) 条记录")]


def tiny() -> World:
    return World(spec_for("tiny"))


def body_text(world: World, path: str) -> str:
    reply = render(world, path, EXT)
    return reply.body.decode("gbk" if reply.ctype == "text/html" else "utf-8")


def targets(world: World, path: str) -> set[str]:
    """Every href/src of a page, as site-absolute paths (or full URLs for the external host)."""
    root = lxml.html.fromstring(body_text(world, path))
    out = set()
    for el in root.iter():
        raw = el.get("href") if el.tag in ("a", "link") else el.get("src") if el.tag in ("img", "script") else None
        if raw and not raw.startswith("javascript:"):
            url = urljoin("http://127.0.0.1:1" + path, raw)
            parts = urlsplit(url)
            out.add(url if parts.netloc == "localhost:1" else parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def get(server: WorldServer, path: str, method: str = "GET", **headers: str) -> http.client.HTTPResponse:
    con = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    con.request(method, path, headers=headers)
    resp = con.getresponse()
    resp.body = resp.read()
    con.close()
    return resp




def test_server_answers_304_to_a_matching_validator_and_counts_each_night():
    world = tiny()
    site, col = world.sites[0], world.sites[0].columns[0]
    page, art = list_path(site, col, 1), article_path(site, col, col.posts[-1])
    with WorldServer(world) as server:
        first = get(server, page)
        tag, modified = first.getheader("ETag"), first.getheader("Last-Modified")
        assert first.status == 200 and tag and modified and len(first.body) > 5000
        again = get(server, page, **{"If-None-Match": tag})
        assert again.status == 304 and again.body == b""
        assert get(server, page, **{"If-None-Match": '"other"'}).status == 200
        assert get(server, page, **{"If-Modified-Since": modified}).status == 304
        head = get(server, page, "HEAD")
        assert head.status == 200 and head.body == b"" and int(head.getheader("Content-Length")) == len(first.body)
        assert get(server, "/s1/no/such/page.htm").status == 404
        night = server.take()
        assert (night.requests, night.methods["HEAD"], night.statuses[304], night.statuses[404]) == (6, 1, 2, 1)
        assert len(first.body) * 2 < night.body_bytes < len(first.body) * 3  # two full bodies, then the 404's
        assert night.bytes > night.body_bytes  # headers count too
        assert server.take().requests == 0  # the next night starts from zero
        art_tag = get(server, art).getheader("ETag")
        world.apply_changes()
        changed = get(server, page, **{"If-None-Match": tag})  # new posts on top of this column?
        assert changed.status == (200 if world.changes and col.posts[0].day == world.today else 304)
        assert get(server, art, **{"If-None-Match": art_tag}).status == 304  # the oldest article did not change


def test_truth_agrees_with_the_pages():
    world = tiny()
    truth = world.truth("", "")
    for site in world.sites:
        for col in site.columns:
            listed = set()
            for k in range(1, col.pages + 1):
                text = body_text(world, list_path(site, col, k))
                listed |= targets(world, list_path(site, col, k)) & {article_path(site, col, p) for p in col.posts}
                stated = [int(m.group(1)) for rx in STATED for m in [rx.search(text)] if m]
                trs = re.search(r"var countPage = (\d+)", text)
                assert stated == [len(col.posts)] or (trs and int(trs.group(1)) == col.pages), (site.name, col.name, k)
            assert len(listed) == truth["posts"][f"{site.name}/{col.name}"] == len(col.posts)
    linked: dict[str, set[str]] = {}
    for path, entry in world.index().items():
        if entry[0] in ("home", "list", "article", "nav"):
            for target in targets(world, path):
                linked.setdefault(target, set()).add(path)
    dead = {t for t in linked if render(world, t.removeprefix(EXT), EXT).status == 404}
    assert dead == {("" if p.startswith("/s") else EXT) + p for p in world.planted}
    assert sorted(truth["broken"]) == sorted((world.sites[i].name, p) for p, (i, _) in world.planted.items())
    for path, (i, _) in world.planted.items():  # each dead target sits on pages of its own site only
        pages = linked[("" if path.startswith("/s") else EXT) + path]
        assert pages and all(p.startswith(world.sites[i].prefix) for p in pages)
    change = world.apply_changes()
    assert render(world, change["fixed"], EXT).status == 200 and change["fixed"] not in world.planted
    assert render(world, change["new_broken"], EXT).status == 404 and change["new_broken"] in world.planted
    assert sum(world.truth("", "")["posts"].values()) == truth["articles"] + change["new_posts"]
