"""Mute rules (monitor.alerts.mute): what a digest may mention once findings are acknowledged or ignored.

Real SQLite (monitor.store), the digest's own selection (compute_digest), the clock pinned per step.
"""
from __future__ import annotations
from pathlib import Path
import pytest
from monitor import clock
from monitor.alerts import digest, mute
from monitor.config import parse_config
from monitor.store import acks
from monitor.store import alerts as alerts_store
from monitor.store.core import Store
from monitor.store.evidence import Finding
from monitor.store.findings import sync_findings

SITE = "湘江学院"
RCPT = "it@school.edu.cn"


def config(ignore: list[str] | None = None, remind_days: int = 7):
    site = {"name": SITE, "url": "http://xjxy.example.edu.cn/",
            "sections": [{"name": "通知公告", "url": "http://xjxy.example.edu.cn/tzgg.htm"}]}
    if ignore is not None:
        site["ignore_links"] = ignore
    data = {"monitor": {"remind_days": remind_days, "confirm_after": 1},
            "email": {"host": "127.0.0.1", "sender": "m@school.edu.cn", "recipients": [RCPT]},
            "sites": [site]}
    return parse_config(data, Path("sites.toml"))


def link(n: int, detail: str = "HTTP 404", host: str = "http://xjxy.example.edu.cn") -> Finding:
    return Finding("broken_link", SITE, None, f"{host}/files/{n}.pdf", reason="http_404", detail=detail,
                   found_on=[{"url": "http://xjxy.example.edu.cn/info/1.htm", "text": f"附件{n}"}])


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(clock.ENV, "2022-07-01T02:00:00+08:00")
    s = Store(tmp_path / "m.db")
    alerts_store.ensure_schema(s.db)
    yield s
    s.close()


def at(monkeypatch, when: str) -> str:
    monkeypatch.setenv(clock.ENV, when)
    return clock.iso(clock.now())


def night(store, found: list[Finding], cfg) -> digest.Digest:
    """A crawl's sync, then the digest for RCPT, marked as mailed (what after_crawl does)."""
    sync_findings(store.db, ["broken_link"], [SITE], found, None)
    d = digest.compute_digest(cfg, store.db, RCPT, [SITE], store.findings(open_only=False), [], [])
    now = clock.iso(clock.now())
    for f in d.open_items:
        alerts_store.mark_notified(store.db, RCPT, f["key"], f["first_seen"], now)
    for f in d.resolved:
        alerts_store.forget_notice(store.db, RCPT, f["key"])
    return d


def urls(items) -> set[str]:
    return {f["url"].rsplit("/", 1)[-1] for f in items}


def ids(store) -> dict[str, int]:
    return {f["url"].rsplit("/", 1)[-1]: f["id"] for f in store.findings(open_only=False)}


def test_acknowledged_finding_is_not_reminded_and_comes_back_as_new_when_it_changes(store, monkeypatch):
    cfg = config(remind_days=1)
    assert urls(night(store, [link(1), link(2)], cfg).new) == {"1.pdf", "2.pdf"}
    acks.ack(store.db, [ids(store)["1.pdf"]], "校内网", "alice", None, at(monkeypatch, "2022-07-01T09:00:00+08:00"))
    at(monkeypatch, "2022-07-02T02:00:00+08:00")
    d = night(store, [link(1), link(2)], cfg)
    assert (urls(d.new), urls(d.reminders)) == (set(), {"2.pdf"})  # the "same items every reminder" defect
    at(monkeypatch, "2022-07-03T02:00:00+08:00")
    d = night(store, [link(1, "HTTP 500"), link(2)], cfg)  # what it says changed: the ack stops applying
    assert (urls(d.new), urls(d.reminders)) == ({"1.pdf"}, {"2.pdf"})
    at(monkeypatch, "2022-07-04T02:00:00+08:00")
    d = night(store, [link(1, "HTTP 500"), link(2)], cfg)  # mailed again since: an ordinary reminder now
    assert (urls(d.new), urls(d.reminders)) == (set(), {"1.pdf", "2.pdf"})


def test_until_date_passes_in_the_configured_zone(store, monkeypatch):
    cfg = config(remind_days=30)
    night(store, [link(1)], cfg)
    acks.ack(store.db, [ids(store)["1.pdf"]], "下周修复", "bob", "2022-07-02", at(monkeypatch, "2022-07-01T09:00"))
    at(monkeypatch, "2022-07-02T23:59:00+08:00")  # still 2 July in Shanghai (15:59 UTC)
    assert night(store, [link(1)], cfg).is_empty()
    at(monkeypatch, "2022-07-03T00:30:00+08:00")  # 2 July 16:30 UTC, but 3 July where the monitor runs
    d = night(store, [link(1)], cfg)
    assert urls(d.new) == {"1.pdf"}  # mailed though remind_days (30) is far off: it was muted since


def test_unacknowledged_before_mailing_is_simply_new(store, monkeypatch):
    cfg = config()
    sync_findings(store.db, ["broken_link"], [SITE], [link(1)], None)
    acks.ack(store.db, [ids(store)["1.pdf"]], "已知", "alice", None, at(monkeypatch, "2022-07-01T01:00:00+08:00"))
    assert night(store, [link(1)], cfg).is_empty()  # never mailed at all while acknowledged
    acks.unack(store.db, [ids(store)["1.pdf"]], "carol", at(monkeypatch, "2022-07-02T09:00:00+08:00"))
    assert urls(night(store, [link(1)], cfg).new) == {"1.pdf"}


def test_resolution_of_an_acknowledged_finding_is_not_mailed(store, monkeypatch):
    cfg = config()
    night(store, [link(1), link(2)], cfg)
    acks.ack(store.db, [ids(store)["1.pdf"]], "已知", "alice", "2022-07-05", at(monkeypatch, "2022-07-01T09:00"))
    at(monkeypatch, "2022-07-02T02:00:00+08:00")
    d = night(store, [], cfg)
    assert urls(d.resolved) == {"2.pdf"}  # only the one people were waiting for
    at(monkeypatch, "2022-07-09T02:00:00+08:00")  # the ack's date passed after it resolved: still no news
    assert night(store, [], cfg).is_empty()


def test_resolution_after_the_ack_lapsed_is_mailed(store, monkeypatch):
    cfg = config()
    night(store, [link(1)], cfg)
    acks.ack(store.db, [ids(store)["1.pdf"]], "已知", "alice", None, at(monkeypatch, "2022-07-01T09:00"))
    at(monkeypatch, "2022-07-02T02:00:00+08:00")
    assert urls(night(store, [link(1, "HTTP 500")], cfg).new) == {"1.pdf"}
    at(monkeypatch, "2022-07-03T02:00:00+08:00")
    assert urls(night(store, [], cfg).resolved) == {"1.pdf"}


def test_ignored_targets_are_never_mailed_open_or_resolved(store, monkeypatch):
    intranet = link(7, host="http://10.12.0.8")
    night(store, [link(1), intranet], config())
    cfg = config(["http://10.*", "*://oa.xjxy.example.edu.cn/*"])  # the pattern added after it was mailed
    at(monkeypatch, "2022-07-02T02:00:00+08:00")
    found, _ = mute.mailable(cfg, store.db, store.findings(open_only=False), {}, "2022-07-02")
    assert urls(found) == {"1.pdf"}
    d = night(store, [link(1)], cfg)  # the crawl resolves it (monitor.checks.links): not 已解决 news
    assert d.resolved == [] and urls(d.new) == set()


def test_ignore_patterns_are_link_check_skip_patterns():
    ignored = mute.ignored_target(config(["http://10.*", "intranet.xjxy"]))
    row = {"site": SITE, "kind": "broken_link"}
    assert ignored({**row, "url": "http://10.1.2.3/oa/"})
    assert ignored({**row, "url": "https://intranet.xjxy.edu.cn/a"})  # a plain string: contained
    assert not ignored({**row, "url": "http://210.10.1.1/"})
    assert not ignored({**row, "kind": "hidden_link", "url": "http://10.1.2.3/"})  # 暗链 are never ignored
    assert not ignored({**row, "site": "其他", "url": "http://10.1.2.3/"})


def stale(days: int, newest: str = "2022-05-17") -> Finding:
    return Finding("stale_section", SITE, "校园动态", "http://xjxy.example.edu.cn/xydt.htm", reason=f"{days}_days",
                   detail=f"newest post {newest}, {days} days ago (limit 30 days)")


def test_a_column_closed_on_purpose_stays_muted_while_its_day_count_grows(store, monkeypatch):
    cfg = config(remind_days=1)

    def stale_night(days: int, newest: str = "2022-05-17") -> digest.Digest:
        sync_findings(store.db, ["stale_section"], [SITE], [stale(days, newest)], None)
        d = digest.compute_digest(cfg, store.db, RCPT, [SITE], store.findings(open_only=False), [], [])
        for f in d.open_items:
            alerts_store.mark_notified(store.db, RCPT, f["key"], f["first_seen"], clock.iso(clock.now()))
        return d

    assert len(stale_night(45).new) == 1
    row = store.findings()[0]
    acks.ack(store.db, [row["id"]], "栏目已停止更新（已撤销）", "alice", None, at(monkeypatch, "2022-07-01T09:00"))
    for day, count in (("2022-07-02", 46), ("2022-07-03", 47)):  # "46 days ago", "47 days ago": no change
        at(monkeypatch, f"{day}T02:00:00+08:00")
        assert stale_night(count).is_empty()
    at(monkeypatch, "2022-07-04T02:00:00+08:00")
    assert len(stale_night(4, newest="2022-06-30").new) == 1  # a new post, still stale: what it says changed
