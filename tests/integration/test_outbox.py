"""Per-recipient delivery of the outbox against a real aiosmtpd server that refuses some addresses.

A 550 for one address used to block every mail for everyone; now it stops only that address's copy, is
stored on the message, and the operators' next digest names it once. A 451 keeps everything queued.
"""
from __future__ import annotations
import json
from tests.support.alerts import XJXY_SITE, crawl_findings, alerts_config
from tests.support.cli import run_cli
from tests.support.servers import SmtpSink, parts
from tests.support.config import write_config
from monitor import clock
from monitor.config import load_config
from monitor.delivery import outbox
from monitor.store.core import Store
from monitor.store.evidence import Finding


SITE = XJXY_SITE
GONE = "left-last-year@school.edu.cn"
FOUR = [GONE, "it@school.edu.cn", "web@school.edu.cn", "head@school.edu.cn"]
KINDS = ["stale_section"]


def stale(section: str) -> Finding:
    return Finding("stale_section", "湘江学院", section, f"http://xjxy.example.edu.cn/{section}.htm",
                   reason="stale", detail="")


def flush(cfg) -> dict:
    config = load_config(cfg)
    store = Store(config.database)
    try:
        return outbox.flush_outbox(config, store.db)
    finally:
        store.close()


def queue(cfg, recipients: list[str], subject: str) -> int:
    config = load_config(cfg)
    store = Store(config.database)
    try:
        return outbox.queue_mail(config, store.db, recipients, subject, "正文")
    finally:
        store.close()


def outbox_row(db_path, outbox_id: int) -> dict:
    store = Store(db_path)
    try:
        return dict(store.db["alert_outbox"].get(outbox_id))
    finally:
        store.close()


def test_one_refused_recipient_of_four_the_three_others_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv(clock.ENV, "2022-07-01 08:00")
    with SmtpSink(refuse={GONE}) as inbox:
        cfg = write_config(tmp_path, alerts_config(inbox.port, SITE, recipients=json.dumps(FOUR)))
        report = queue(cfg, FOUR, "[campus-monitor] 信息发布统计 2022年6月")  # one mail, four recipients
        later = queue(cfg, ["it@school.edu.cn"], "[网站巡检] 后来的邮件")
        assert flush(cfg) == {"sent": 2, "failed": 0}
        (rcpts, msg), (rcpts2, msg2) = inbox.wait_for(2)
        assert rcpts == FOUR[1:] and msg["Subject"] == "[campus-monitor] 信息发布统计 2022年6月"
        assert rcpts2 == ["it@school.edu.cn"] and msg2["Subject"] == "[网站巡检] 后来的邮件"  # not blocked
        assert flush(cfg) == {"sent": 0, "failed": 0}  # nothing waits: the refused address is not retried
        assert inbox.rcpts_asked.count(GONE) == 1 and len(inbox.messages) == 2
    store = Store(tmp_path / "monitor.db")
    row = dict(store.db["alert_outbox"].get(report))
    assert row["sent_at"] and row["failed_at"] is None
    assert json.loads(row["delivered"]) == FOUR[1:]
    assert json.loads(row["refused"])[GONE].startswith("550 5.1.1")  # the server's words, per recipient
    assert store.db["alert_outbox"].get(later)["sent_at"]
    store.close()


def test_refused_address_is_named_once_in_the_next_digest(tmp_path, monkeypatch):
    """Three nights: the refused digest does not stop the others; the next digest names the address; the
    one after does not repeat it; the message refused by its only recipient is listed, never retried."""
    db = tmp_path / "monitor.db"
    with SmtpSink(refuse={GONE}) as inbox:
        cfg = write_config(tmp_path, alerts_config(inbox.port, SITE, recipients=json.dumps(FOUR)))
        monkeypatch.setenv(clock.ENV, "2022-07-01 02:00")
        crawl_findings(db, KINDS, ["湘江学院"], [stale("通知公告")])
        first = run_cli("alerts", "send", "--config", str(cfg), now="2022-07-01 02:00")
        assert first.returncode == 0, first.stdout + first.stderr
        assert "queued 4, sent 3, still waiting 0" in first.stdout
        assert [len(inbox.to(r)) for r in FOUR] == [0, 1, 1, 1]
        listing = run_cli("alerts", "--pending", "--config", str(cfg), now="2022-07-01 02:05").stdout
        assert "no alerts waiting" in listing
        assert f"to {GONE}  attempts 1  FAILED for good 2022-07-01 02:00" in listing
        assert f"refused by the server, not retried: {GONE} (550 5.1.1" in listing
        assert "1 refused by every recipient (5xx), not retried" in listing
        as_json = json.loads(run_cli("alerts", "--pending", "--json", "--config", str(cfg)).stdout)
        assert [(m["status"], list(m["refused"])) for m in as_json] == [("failed", [GONE])]

        monkeypatch.setenv(clock.ENV, "2022-07-02 02:00")  # night 2: the operators hear about the address
        crawl_findings(db, KINDS, ["湘江学院"], [stale("通知公告"), stale("学院要闻")])
        second = run_cli("alerts", "send", "--config", str(cfg), now="2022-07-02 02:00")
        assert "queued 4, sent 3, still waiting 0" in second.stdout, second.stdout + second.stderr
        msg = inbox.to("it@school.edu.cn")[1]
        text, page = parts(msg)
        assert "有收件地址被拒收" in msg["Subject"] and "巡检未按计划完成" not in msg["Subject"]
        assert f"2022-07-01 02:00 发往 {GONE} 的邮件被拒收：邮件服务器拒收（550 5.1.1" in text
        assert GONE in page and "其他收件人照常投递" in text

        monkeypatch.setenv(clock.ENV, "2022-07-03 02:00")  # night 3: refused again, but not named again
        crawl_findings(db, KINDS, ["湘江学院"], [stale("通知公告"), stale("学院要闻"), stale("招生信息")])
        run_cli("alerts", "send", "--config", str(cfg), now="2022-07-03 02:00")
        third, _ = parts(inbox.to("it@school.edu.cn")[2])
        assert GONE not in third and "被拒收" not in third
        assert inbox.rcpts_asked.count(GONE) == 3  # once per digest made for it, never a retry
    store = Store(db)
    assert [e["job"] for e in store.db["schedule_events"].rows_where("kind = 'refused'")] == [f"mail:{GONE}"]
    store.close()


def test_451_keeps_every_mail_queued_until_the_server_takes_them(tmp_path, monkeypatch):
    monkeypatch.setenv(clock.ENV, "2022-07-01 02:00")
    with SmtpSink(defer=True) as inbox:
        cfg = write_config(tmp_path, alerts_config(inbox.port, SITE))
        ids = [queue(cfg, ["it@school.edu.cn", "web@school.edu.cn"], "[网站巡检] 第一封"),
               queue(cfg, ["head@school.edu.cn"], "[网站巡检] 第二封")]
        assert flush(cfg) == {"sent": 0, "failed": 2}
        assert inbox.messages == []
        first = outbox_row(tmp_path / "monitor.db", ids[0])
        assert first["failed_at"] is None and first["sent_at"] is None and json.loads(first["refused"]) == {}
        assert "451 4.3.0" in first["last_error"]
        listing = run_cli("alerts", "--pending", "--config", str(cfg)).stdout
        assert "2 waiting" in listing and "451" in listing
        inbox.defer = False  # the server recovers: the next flush delivers both, whole
        assert flush(cfg) == {"sent": 2, "failed": 0}
        mails = inbox.wait_for(2)
    assert [(r, m["Subject"]) for r, m in mails] == [
        (["it@school.edu.cn", "web@school.edu.cn"], "[网站巡检] 第一封"), (["head@school.edu.cn"], "[网站巡检] 第二封")]
    assert outbox_row(tmp_path / "monitor.db", ids[1])["sent_at"]
