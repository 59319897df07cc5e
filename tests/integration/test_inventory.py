"""The link inventory over several nights (issue 9): findings resolve only on evidence, every known page
and target is re-verified within recheck_days, a 304 keeps the stored links.

Real loopback site (tests/support/inventory.py), real SQLite, real SMTP (aiosmtpd), pinned clock.
"""
from __future__ import annotations
import json
import sqlite3
import pytest
from tests.support.cli import run_cli
from tests.support.servers import SmtpSink
from tests.support.inventory import ARTICLE9, SITE, World, config_text, start
from tests.support.config import write_config


NIGHTS = ["2022-07-01 02:00", "2022-07-02 02:00", "2022-07-03 02:00", "2022-07-04 02:00"]
ART9 = "/info/9.htm"


def crawl(cfg, world: World, night: int, when: str | None = None) -> dict:
    world.night = night
    result = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", now=when or NIGHTS[night - 1])
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def findings(cfg, *extra) -> dict[tuple[str, str], dict]:
    result = run_cli("findings", "--config", str(cfg), "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    # a hidden_link finding is named by its page (plus "#暗链-<block>", issue 12): keyed by the page here
    return {(f["kind"], f["url"].split("#")[0].rstrip("/").rsplit("/", 1)[-1]): f for f in json.loads(result.stdout)}


def times(db, kind: str, tail: str) -> tuple[str, int, str | None]:
    row = sqlite3.connect(db).execute("SELECT last_seen, times_seen, resolved_at FROM findings WHERE kind = ?"
                                      " AND url LIKE ?", [kind, f"%{tail}%"]).fetchone()
    return row


@pytest.fixture
def site():
    world = World()
    server = start(world)
    try:
        yield world, server.base
    finally:
        server.stop()


def test_unchanged_nights_resolve_nothing_and_mail_no_resolved(site, tmp_path):
    world, base = site
    with SmtpSink() as inbox:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, config_text(base, inbox.port, recheck_days=7))
        first = crawl(cfg, world, 1)
        assert first["links"]["failed"] == 4 and first["links"]["pages_reread"] == 0
        open1 = findings(cfg)
        assert {k for k in open1} >= {("broken_link", "missing.pdf"), ("broken_link", "old.doc"),
                                      ("broken_link", "removed.pdf"), ("broken_link", "gone-home.html"),
                                      ("hidden_link", "9.htm"),
                                      ("missing_footer_link", "moe.gov.cn")}
        assert open1[("broken_link", "missing.pdf")]["found_on"] == [{"url": f"{base}{ART9}", "text": "申报表.pdf"}]
        # old.doc can no longer be re-checked (the operator skips it from now on): its finding must stay
        write_config(cfg, config_text(base, inbox.port, recheck_days=7, skip=("old.doc",)))
        for night in (2, 3):
            summary = crawl(cfg, world, night)
            assert summary["findings_resolved"] == 0 and summary["findings_opened"] == 0
            assert world.requests(night, ART9) == []  # article 9 is not due within recheck_days
            assert world.requests(night, "/files/old.doc") == []
            assert [m for m, _, _ in world.requests(night, "/files/missing.pdf")] == ["HEAD", "GET"]  # failing: nightly
        assert set(findings(cfg)) == set(open1)
        db = tmp_path / "m.db"
        night1 = open1[("broken_link", "old.doc")]["last_seen"]
        assert times(db, "broken_link", "old.doc") == (night1, 1, None)  # nothing re-examined it
        assert times(db, "hidden_link", "9.htm#暗链-") == (night1, 1, None)  # its page was not re-read
        assert times(db, "broken_link", "missing.pdf")[1:] == (3, None)  # re-checked every night, still 404
        assert times(db, "missing_footer_link", "moe.gov.cn")[1:] == (3, None)  # home page read every night
        mails = [m for _, m in inbox.wait_for(2)]
    assert "已解决" not in "".join(m["Subject"] + m.get_body(("plain",)).get_content() for m in mails)
    # confirmed on the second night (confirm_after = 2); old.doc was seen once and is not confirmed
    assert mails[-1]["Subject"] == f"[网站巡检] {SITE}：3个失效链接"


def test_findings_resolve_on_the_night_their_evidence_is_reexamined(site, tmp_path):
    world, base = site
    cfg = tmp_path / "sites.toml"
    write_config(cfg, config_text(base, None, recheck_days=7))
    crawl(cfg, world, 1)
    # night 2: missing.pdf is fixed (a failing target is re-checked every night), gone-home.html is
    # taken off the home page (read every night); article 9 loses removed.pdf and the hidden link, but
    # it is not due for a re-read yet
    world.fixed.add("/files/missing.pdf")
    world.home_extra = ""
    world.article9 = ARTICLE9.split('<a href="/files/removed.pdf">')[0]
    second = crawl(cfg, world, 2)
    assert world.requests(2, ART9) == []
    assert second["findings_resolved"] == 2
    now_open = findings(cfg)
    assert ("broken_link", "missing.pdf") not in now_open and ("broken_link", "gone-home.html") not in now_open
    assert ("broken_link", "removed.pdf") in now_open and ("hidden_link", "9.htm") in now_open
    # night 3, eight days after the first: article 9 is overdue, re-read (conditional GET, changed: 200)
    third = crawl(cfg, world, 3, when="2022-07-09 02:00")
    assert [(m, s) for m, s, inm in world.requests(3, ART9)] == [("GET", 200)]
    assert world.requests(3, ART9)[0][2].startswith('"')  # it asked with If-None-Match
    assert third["findings_resolved"] == 2
    left = findings(cfg)
    assert ("broken_link", "removed.pdf") not in left and ("hidden_link", "9.htm") not in left
    resolved = {(f["kind"], f["url"].rsplit("/", 1)[-1]): f["resolved_at"]
                for f in json.loads(run_cli("findings", "--config", str(cfg), "--format", "json", "--all").stdout)
                if f["resolved_at"]}
    assert resolved[("broken_link", "missing.pdf")].startswith("2022-07-01T18")  # night 2 (UTC)
    assert resolved[("broken_link", "removed.pdf")].startswith("2022-07-08T18")  # night 3


def test_footer_resolves_only_when_the_home_page_is_read_again(site, tmp_path):
    world, base = site
    cfg = tmp_path / "sites.toml"
    write_config(cfg, config_text(base, None, recheck_days=7))
    crawl(cfg, world, 1)
    world.footer_link, world.home_down = True, True  # fixed, but the home page cannot be read tonight
    assert crawl(cfg, world, 2)["findings_resolved"] == 0
    db = tmp_path / "m.db"
    last_seen, seen, resolved = times(db, "missing_footer_link", "moe.gov.cn")
    assert (seen, resolved) == (1, None) and last_seen.startswith("2022-06-30T18")
    assert times(db, "broken_link", "gone-home.html")[2] is None  # its page was not read either
    world.home_down = False
    crawl(cfg, world, 3)
    assert times(db, "missing_footer_link", "moe.gov.cn")[2].startswith("2022-07-02T18")


def test_every_known_page_and_target_is_reverified_within_recheck_days(site, tmp_path):
    world, base = site
    cfg = tmp_path / "sites.toml"
    write_config(cfg, config_text(base, None, recheck_days=3))
    crawl(cfg, world, 1)
    known = world.paths(1) - {"/", "/tzgg.htm"}  # the spider reads these two every night anyway
    assert {"/tzgg/2.htm", ART9, "/ok.html", "/files/old.doc"} <= known
    summaries = [crawl(cfg, world, night) for night in (2, 3, 4)]
    reverified = world.paths(2) | world.paths(3) | world.paths(4)
    assert known <= reverified, known - reverified
    for night in (2, 3, 4):  # a share each night, not everything every night
        assert len(world.paths(night) & {f"/info/{n}.htm" for n in range(1, 10)}) < 9
    assert all(s["links"]["pages_overdue"] == 0 and s["links"]["targets_overdue"] == 0 for s in summaries)


def test_a_304_counts_as_reread_and_keeps_the_stored_links(site, tmp_path):
    world, base = site
    cfg = tmp_path / "sites.toml"
    write_config(cfg, config_text(base, None, recheck_days=7))
    crawl(cfg, world, 1)
    db = sqlite3.connect(tmp_path / "m.db")
    before = dict(db.execute("SELECT url, links FROM inv_pages").fetchall())
    summary = crawl(cfg, world, 2)
    assert [(m, s) for m, s, inm in world.requests(2, "/info/1.htm")] == [("GET", 304)]  # oldest first, by URL
    assert summary["links"]["not_modified"] == 2 and summary["links"]["pages_reread"] >= 2
    row = db.execute("SELECT links, read_run, not_modified FROM inv_pages WHERE url = ?",
                     [f"{base}/info/1.htm"]).fetchone()
    assert row == (before[f"{base}/info/1.htm"], 2, 1)
    pages, targets = db.execute("SELECT (SELECT COUNT(*) FROM inv_pages), (SELECT COUNT(*) FROM inv_targets)").fetchone()
    crawl(cfg, world, 3)
    assert db.execute("SELECT (SELECT COUNT(*) FROM inv_pages), (SELECT COUNT(*) FROM inv_targets)").fetchone() == \
        (pages, targets)  # an unchanged night adds no rows


def test_findings_from_before_the_inventory_are_reexamined_not_resolved(site, tmp_path):
    """A database whose open findings name pages the inventory never read (an upgrade): those pages are
    read on the next night, so the findings are confirmed or resolved on evidence, never dropped."""
    world, base = site
    cfg = tmp_path / "sites.toml"
    write_config(cfg, config_text(base, None, recheck_days=7))
    crawl(cfg, world, 1)
    db = sqlite3.connect(tmp_path / "m.db")
    with db:
        db.execute("DELETE FROM inv_pages")
        db.execute("DELETE FROM inv_targets")
    summary = crawl(cfg, world, 2)
    assert summary["findings_resolved"] == 0
    assert [(m, s) for m, s, _ in world.requests(2, ART9)] == [("GET", 200)]  # on a list page not re-read
    assert times(tmp_path / "m.db", "broken_link", "missing.pdf")[1:] == (2, None)
    assert times(tmp_path / "m.db", "hidden_link", "9.htm#暗链-")[1:] == (2, None)
