"""Acknowledge and mute (issue 12), as a new user would: ``findings ack`` / ``unack`` on the command line,
three nights of real crawls of a loopback school site, digests through a real SMTP server (aiosmtpd), and
``[[sites]] ignore_links`` for intranet links. The clock is pinned (--now / CAMPUS_MONITOR_NOW) throughout.
"""
from __future__ import annotations
import json
import sqlite3
import pytest
from tests.support.cli import run_cli
from tests.support.config import config_toml, write_config
from tests.support.inventory import SITE, World, start
from tests.support.servers import SmtpSink, parts
from monitor.demo.siteserver import Page
from monitor.store import acks
from monitor.store.core import Store
from monitor.store.evidence import Finding
from monitor.store.findings import sync_findings

NIGHTS = {1: "2022-07-01 02:00", 2: "2022-07-02 02:00", 3: "2022-07-03 02:00"}
INTRANET = ('<a href="/intranet/oa.htm">办公OA（校内访问）</a> '
            '<a href="http://10.12.0.8/jwxt/">教务系统（校内）</a>')


def config(base: str, smtp_port: int | None, ignore: object = None) -> str:
    email = {"host": "127.0.0.1", "port": smtp_port, "sender": "网站巡检 <monitor@school.edu.cn>",
             "recipients": ["it@school.edu.cn"], "timeout_seconds": 5} if smtp_port else None
    monitor = {"database": "m.db", "timeout_seconds": 5, "recheck_days": 7, "remind_days": 1, "confirm_after": 1,
               "link_check_skip": ["spam.example.com"]}
    return config_toml(monitor=monitor, email=email, sites=[{
        "name": SITE, "url": f"{base}/", "ignore_links": ignore,
        "sections": [{"name": "通知公告", "url": f"{base}/tzgg.htm"}]}])


@pytest.fixture
def site():
    world = World()
    server = start(world)
    try:
        yield world, server
    finally:
        server.stop()


def crawl(cfg, world: World, night: int) -> dict:
    world.night = night
    result = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", now=NIGHTS[night])
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def open_links(cfg) -> set[str]:
    result = run_cli("findings", "--config", str(cfg), "--format", "json")
    assert result.returncode == 0, result.stderr
    return {f["url"] for f in json.loads(result.stdout) if f["kind"] in ("broken_link", "unverified_link")}


def ids(db) -> dict[str, int]:
    """Finding id by the last part of its URL (what ``findings --all`` shows as the id)."""
    rows = sqlite3.connect(db).execute("SELECT id, url FROM findings WHERE url IS NOT NULL").fetchall()
    return {url.rstrip("/").rsplit("/", 1)[-1]: i for i, url in rows}


def sections(msg) -> dict[str, str]:
    """The plain-text digest cut at its block titles (a title is the line above a ==== rule)."""
    lines = parts(msg)[0].splitlines()
    out: dict[str, str] = {}
    title = ""
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and lines[i + 1].startswith("===="):
            title = line
        out[title] = out.get(title, "") + line + "\n"
    return out


NEW, REMINDED = "新发现的问题", "仍未解决（提醒）"


def test_acknowledged_links_are_not_reminded_and_come_back_when_they_change_or_the_date_passes(site, tmp_path):
    world, server = site
    with SmtpSink() as inbox:
        cfg = write_config(tmp_path / "sites.toml", config(server.base, inbox.port))
        crawl(cfg, world, 1)
        first = inbox.wait_for(1)[0][1]
        assert {"missing.pdf", "old.doc", "removed.pdf"} <= {u.rsplit("/", 1)[-1] for u in open_links(cfg)}
        assert "files/missing.pdf" in sections(first)[NEW] and "files/old.doc" in sections(first)[NEW]
        n = ids(tmp_path / "m.db")
        acked = run_cli("findings", "ack", str(n["missing.pdf"]), str(n["old.doc"]), "--config", str(cfg),
                        "--reason", "附件已联系学院重新上传", "--until", "2022-07-02", now="2022-07-01 09:30",
                        env={"LOGNAME": "zhangsan"})
        assert acked.returncode == 0, acked.stderr
        assert acked.stdout.strip() == (f"已确认 2 条：#{n['missing.pdf']}、#{n['old.doc']} "
                                        "（原因：附件已联系学院重新上传，至 2022-07-02）")
        again = run_cli("findings", "ack", str(n["missing.pdf"]), "--config", str(cfg),
                        "--reason", "校内网附件，校外无法访问", now="2022-07-01 09:40", env={"LOGNAME": "lisi"})
        assert again.returncode == 0 and "直到问题内容变化" in again.stdout

        # night 2: the same failures, a reminder (remind_days = 1) without the two acknowledged ones
        crawl(cfg, world, 2)
        second = inbox.wait_for(2)[1][1]
        text = parts(second)[0]
        assert "files/removed.pdf" in sections(second)[REMINDED]
        assert "missing.pdf" not in text and "old.doc" not in text

        # night 3: missing.pdf now answers 500 (what it says changed), old.doc's --until date has passed
        server.routes["/files/missing.pdf"] = lambda req: Page(b"<html><title>Error</title></html>", 500)
        crawl(cfg, world, 3)
        third = inbox.wait_for(3)[2][1]
        blocks = sections(third)
        assert "files/missing.pdf" in blocks[NEW] and "HTTP 500" in blocks[NEW]
        assert "files/old.doc" in blocks[NEW]  # mailed although it was reminded less than a day before the ack
        assert "files/removed.pdf" in blocks[REMINDED]

    # every ack keeps who, when and why; the second one superseded the first (ended by whoever re-acked)
    store = Store(tmp_path / "m.db")
    try:
        row = next(f for f in store.findings() if f["url"].endswith("/files/missing.pdf"))
        first_ack, second_ack = acks.history(store.db, row["key"])
    finally:
        store.close()
    assert (first_ack["who"], first_ack["reason"], first_ack["until"]) == ("zhangsan", "附件已联系学院重新上传", "2022-07-02")
    assert first_ack["acked_at"] == "2022-07-01T01:30:00+00:00"  # 09:30 in Shanghai, stored UTC
    assert (first_ack["ended_by"], first_ack["ended_at"]) == ("lisi", "2022-07-01T01:40:00+00:00")
    assert (second_ack["who"], second_ack["reason"], second_ack["until"], second_ack["ended_at"]) == (
        "lisi", "校内网附件，校外无法访问", None, None)


def test_ignored_intranet_links_are_never_requested_nor_reported(site, tmp_path):
    world, server = site
    world.home_extra += " " + INTRANET
    with SmtpSink() as inbox:
        cfg = write_config(tmp_path / "sites.toml",
                           config(server.base, inbox.port, ["http://10.*", "*://127.0.0.1:*/intranet/*"]))
        crawl(cfg, world, 1)
        assert "/intranet/oa.htm" not in server.hits  # never requested
        links = open_links(cfg)
        assert not any("intranet" in u or "10.12.0.8" in u for u in links)
        assert f"{server.base}/gone-home.html" in links and f"{server.base}/files/missing.pdf" in links
        first = parts(inbox.wait_for(1)[0][1])[0]
        assert "gone-home.html" in first and "intranet" not in first and "10.12.0.8" not in first

        # night 2: the webmaster ignores the retired page too; its open finding resolves, quietly
        write_config(cfg, config(server.base, inbox.port, ["http://10.*", "*/intranet/*", "*/gone-home.html"]))
        summary = crawl(cfg, world, 2)
        assert summary["findings_resolved"] == 1
        assert world.requests(2, "/gone-home.html") == []  # a failing target is re-checked nightly, unless ignored
        assert [m for m, _, _ in world.requests(2, "/files/missing.pdf")] == ["HEAD", "GET"]
        assert f"{server.base}/gone-home.html" not in open_links(cfg)
        every = json.loads(run_cli("findings", "--config", str(cfg), "--all", "--format", "json").stdout)
        gone = next(f for f in every if f["url"] == f"{server.base}/gone-home.html")
        assert gone["resolved_at"].startswith("2022-07-01T18")  # night 2, stored UTC
        second = parts(inbox.wait_for(2)[1][1])[0]
        assert "gone-home.html" not in second and "已解决" not in second  # nothing was fixed: no news
        assert "files/missing.pdf" in second  # a non-matching broken link is still reminded

        crawl(cfg, world, 3)  # an unchanged night
        assert {p for p in world.paths(3)} & {"/gone-home.html", "/intranet/oa.htm"} == set()
        assert "/intranet/oa.htm" not in server.hits
        third = parts(inbox.wait_for(3)[2][1])[0]
        assert "gone-home.html" not in third and "intranet" not in third and "files/missing.pdf" in third


# --- command-line errors: one line, exit 2, nothing written ---------------------------------------


@pytest.fixture
def db_with_findings(tmp_path):
    cfg = write_config(tmp_path / "sites.toml", config("http://xjxy.example.edu.cn", None))
    store = Store(tmp_path / "m.db")
    sync_findings(store.db, ["broken_link"], [SITE], [
        Finding("broken_link", SITE, None, f"http://xjxy.example.edu.cn/files/{i}.pdf", reason="http_404",
                detail="HTTP 404") for i in (1, 2)], None)
    found = {f["url"][-5:]: f["id"] for f in store.findings()}
    store.close()
    return cfg, tmp_path / "m.db", found


def acks_written(db) -> int:
    con = sqlite3.connect(db)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return con.execute("SELECT COUNT(*) FROM finding_acks").fetchone()[0] if "finding_acks" in tables else 0


@pytest.mark.parametrize("args, message", [
    (["ack", "{1}", "999", "--reason", "x"],
     "campus-monitor: findings ack: no finding with id 999; run campus-monitor findings --all to see ids"),
    (["ack", "{1}"], "campus-monitor: findings ack: --reason is required"),
    (["ack", "{1}", "--reason", "  "], "campus-monitor: findings ack: --reason is required"),
    (["ack", "{1}", "--reason", "两行\n原因"], "campus-monitor: findings ack: --reason must be one line"),
    (["ack", "{1}", "--reason", "x", "--until", "2022-06-30"],
     "campus-monitor: findings ack: --until 2022-06-30 is in the past (today is 2022-07-01)"),
    (["ack", "{1}", "--reason", "x", "--until", "2022-13-01"], "campus-monitor: findings ack: --until '2022-13-01': "
                                                                "not a date"),
    (["ack", "{1}", "--reason", "x", "--until", "下周"], "campus-monitor: findings ack: --until '下周': not a date"),
    (["ack", "abc", "--reason", "x"], "campus-monitor: findings ack: 'abc' is not a finding id"),
    (["unack", "{1}", "999"],
     "campus-monitor: findings unack: no finding with id 999; run campus-monitor findings --all to see ids"),
])
def test_ack_errors_are_one_line_and_write_nothing(db_with_findings, args, message):
    cfg, db, found = db_with_findings
    argv = [a.replace("{1}", str(found["1.pdf"])) for a in args]
    result = run_cli("findings", *argv, "--config", str(cfg), now="2022-07-01 09:00")
    assert result.returncode == 2, result
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith(message), result.stderr
    assert acks_written(db) == 0


def test_until_today_is_allowed_and_the_day_is_local(db_with_findings):
    cfg, db, found = db_with_findings
    # 2022-06-30 17:00 UTC is already 1 July in Shanghai: --until 2022-07-01 is today, not the past
    result = run_cli("findings", "ack", str(found["1.pdf"]), "--reason", "今天处理", "--until", "2022-07-01",
                     "--config", str(cfg), now="2022-06-30T17:00:00+00:00")
    assert result.returncode == 0, result.stderr
    assert acks_written(db) == 1


def test_unack_and_missing_database(db_with_findings, tmp_path):
    cfg, db, found = db_with_findings
    one, two = found["1.pdf"], found["2.pdf"]
    assert run_cli("findings", "ack", str(one), "--reason", "已知", "--config", str(cfg)).returncode == 0
    result = run_cli("findings", "unack", str(one), str(two), "--config", str(cfg), env={"LOGNAME": "wangwu"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"已取消确认 1 条：#{one}（未确认过：#{two}）"
    (row,) = sqlite3.connect(db).execute("SELECT ended_by FROM finding_acks").fetchall()
    assert row == ("wangwu",)
    other = write_config(tmp_path / "other.toml", config("http://xjxy.example.edu.cn", None).replace("m.db", "none.db"))
    missing = run_cli("findings", "ack", "1", "--reason", "x", "--config", str(other))
    assert missing.returncode == 2 and "no database yet" in missing.stderr
    assert not (tmp_path / "none.db").exists()


def test_ignore_links_must_be_non_empty_strings(tmp_path):
    for bad, problem in (([""], "item 0: must be a non-empty string"), ("http://10.*", "must be a list"),
                         ([10], "item 0: must be a non-empty string")):
        cfg = write_config(tmp_path / "sites.toml", config("http://xjxy.example.edu.cn", None, bad))
        result = run_cli("findings", "--config", str(cfg))
        assert result.returncode == 2
        assert result.stderr.strip() == f"campus-monitor: {cfg}: sites[0].ignore_links: {problem}"
