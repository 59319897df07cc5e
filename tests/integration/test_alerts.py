"""Digest alerts end to end: real SQLite, real aiosmtpd server on 127.0.0.1, pinned clock."""
from __future__ import annotations

import json
from email.message import EmailMessage

import pytest

from monitor import clock
from monitor.config import load_config
from monitor.delivery import outbox
from monitor.store import alerts as alerts_store
from monitor.store.core import Store
from monitor.store.evidence import Finding
from tests.support.alerts import XJXY_SITE, alerts_config, crawl_findings
from tests.support.alerts import after_crawl as after
from tests.support.cli import run_cli
from tests.support.config import write_config
from tests.support.servers import SmtpSink, WebhookReceiver, free_port, parts

SITES = XJXY_SITE + """
[[sites]]
name = "长沙教育局"
url = "http://jyj.example.gov.cn/"
recipients = ["boss@jyj.example.gov.cn"]
[[sites.sections]]
name = "政务公开"
url = "http://jyj.example.gov.cn/zwgk.htm"
"""

XJ = "湘江学院"
JYJ = "长沙教育局"
ALL_KINDS = ["stale_section", "empty_section", "broken_link", "hidden_link", "missing_footer_link",
             "missing_footer_text", "site_unreachable"]


def at(monkeypatch, when: str) -> None:
    monkeypatch.setenv(clock.ENV, when)


def stale(section: str, site: str = XJ) -> Finding:
    return Finding("stale_section", site, section, f"http://xjxy.example.edu.cn/{section}.htm",
                   reason="stale", detail="")


def broken(n: int, site: str = XJ) -> Finding:
    return Finding("broken_link", site, None, f"http://xjxy.example.edu.cn/files/{n}.pdf", reason="http_404",
                   found_on=[{"url": "http://xjxy.example.edu.cn/info/1012/3456.htm", "text": f"附件{n}"}])


def add_posts(db_path, site: str, section: str, published: str) -> None:
    """What the crawl pipeline stores: a site, its section and one post published on ``published``."""
    store = Store(db_path)
    db = store.db
    site_row = next(db["sites"].rows_where("name = ?", [site]), None)
    site_id = site_row["id"] if site_row else db["sites"].insert({"name": site, "url": "http://x/"}).last_pk
    section_id = db["sections"].insert({"site_id": site_id, "name": section, "url": "http://x/list.htm",
                                        "stale_after_days": 30}).last_pk
    store.save_post(section_id, f"http://x/{section}/1.htm", "标题", published, run_id=1)
    store.close()


@pytest.fixture
def setup(tmp_path, monkeypatch):
    """A config pointing at a real SMTP server; yields (config path, inbox, db path)."""
    with SmtpSink() as inbox:
        cfg = write_config(tmp_path, alerts_config(inbox.port, SITES))
        yield cfg, inbox, tmp_path / "monitor.db"


def only(msgs: list[EmailMessage]) -> EmailMessage:
    assert len(msgs) == 1, [m["Subject"] for m in msgs]
    return msgs[0]


def test_subject_counts_like_the_issue_example(setup, monkeypatch):
    cfg, inbox, db = setup
    at(monkeypatch, "2022-07-01 02:00")
    add_posts(db, XJ, "通知公告", "2022-05-17")
    add_posts(db, XJ, "学院要闻", "2022-04-01")
    findings = [stale("通知公告"), stale("学院要闻")] + [broken(i) for i in range(5)]
    # broken links need confirm_after (2) consecutive crawls before they are mailed
    crawl_findings(db, ALL_KINDS, [XJ], findings)
    assert after(cfg)["sent"] == 1
    first = only(inbox.to("it@school.edu.cn"))
    assert first["Subject"] == "[网站巡检] 湘江学院：2个栏目未更新"
    text, page = parts(first)
    assert "栏目「通知公告」已 45 天未更新（最新文章 2022-05-17）" in text
    assert "栏目「学院要闻」已 91 天未更新（最新文章 2022-04-01）" in text
    assert "失效链接" not in text
    crawl_findings(db, ALL_KINDS, [XJ], findings)
    result = after(cfg)
    assert result == {"queued": 1, "sent": 1, "failed": 0}
    second = inbox.to("it@school.edu.cn")[1]
    assert second["Subject"] == "[网站巡检] 湘江学院：5个失效链接"
    text2, _ = parts(second)
    assert "失效链接：http://xjxy.example.edu.cn/files/3.pdf（页面不存在 HTTP 404 (http_404)）" in text2
    assert "所在页面：http://xjxy.example.edu.cn/info/1012/3456.htm  链接文字：“附件3”" in text2
    # the per-site recipient of the other site hears nothing about 湘江学院
    assert inbox.to("boss@jyj.example.gov.cn") == []


def test_issue_example_subject_in_one_digest(setup, monkeypatch):
    cfg, inbox, db = setup
    at(monkeypatch, "2022-07-01 02:00")
    findings = [stale("通知公告"), stale("学院要闻")] + [broken(i) for i in range(5)]
    crawl_findings(db, ALL_KINDS, [XJ], findings)
    at(monkeypatch, "2022-07-02 02:00")
    crawl_findings(db, ALL_KINDS, [XJ], findings)
    after(cfg)
    msg = only(inbox.to("it@school.edu.cn"))
    assert msg["Subject"] == "[网站巡检] 湘江学院：2个栏目未更新，5个失效链接"
    assert msg.get_content_type() == "multipart/mixed"  # text + HTML alternatives, then the CSV list
    assert [p.get_content_type() for p in msg.iter_parts()] == ["multipart/alternative", "text/csv"]
    assert msg.get_body(("plain",))["Content-Type"].params["charset"] == "utf-8"
    assert msg.get_body(("html",)) is not None
    raw_subject = msg.as_bytes().split(b"Subject:")[1].split(b"\nMessage-ID")[0]
    assert raw_subject.isascii() and b"=?utf-8?" in raw_subject  # encoded, never raw UTF-8 in a header


def test_digest_groups_by_site_and_per_site_recipients(setup, monkeypatch):
    cfg, inbox, db = setup
    at(monkeypatch, "2022-07-01 02:00")
    hidden = Finding("hidden_link", XJ, None, "http://bet.example.com/", reason="display_none",
                     detail="display:none", severity="urgent",
                     found_on=[{"url": "http://xjxy.example.edu.cn/", "text": "百家乐"}])
    footer = Finding("missing_footer_link", XJ, None, "http://www.moe.gov.cn/", reason="missing")
    down = Finding("site_unreachable", JYJ, None, "http://jyj.example.gov.cn/", reason="timeout")
    for _ in range(2):
        crawl_findings(db, ALL_KINDS, [XJ, JYJ], [hidden, footer, down])
    after(cfg)
    it = only(inbox.to("it@school.edu.cn"))
    # only the urgent one is counted as urgent (issue 12: "75个暗链（紧急）" when 2 of 75 were)
    assert it["Subject"] == "[网站巡检] 湘江学院等2个网站：【紧急】1个暗链；另有1个网站无法访问，1个页脚链接缺失"
    text, page = parts(it)
    urgent = text.index("  【紧急】1 条\n  - 暗链：http://bet.example.com/（display:none）")
    assert text.index("■ 湘江学院") < urgent < text.index("【一般】1 条\n  - 页脚缺少链接：http://www.moe.gov.cn/")
    assert text.index("■ 长沙教育局") < text.index("网站无法访问：连接超时 (timeout)，已连续 2 次巡检失败")
    assert "页脚缺少链接：http://www.moe.gov.cn/" in text
    assert 'style="color:#b00020;font-weight:bold"' in page
    boss = only(inbox.to("boss@jyj.example.gov.cn"))
    assert boss["Subject"] == "[网站巡检] 长沙教育局：1个网站无法访问"
    assert "湘江学院" not in parts(boss)[0]


def test_unreachable_once_is_not_mailed(setup, monkeypatch):
    cfg, inbox, db = setup
    at(monkeypatch, "2022-07-01 02:00")
    down = Finding("site_unreachable", JYJ, None, "http://jyj.example.gov.cn/", reason="refused")
    crawl_findings(db, ALL_KINDS, [JYJ], [down])
    assert after(cfg)["queued"] == 0
    crawl_findings(db, ALL_KINDS, [JYJ], [])  # back the next night: never mailed at all
    crawl_findings(db, ALL_KINDS, [JYJ], [down])
    assert after(cfg)["queued"] == 0
    assert inbox.messages == []


def test_no_mail_without_change_reminder_after_remind_days_and_resolved(setup, monkeypatch):
    cfg, inbox, db = setup
    add_posts(db, XJ, "通知公告", "2022-05-17")
    at(monkeypatch, "2022-07-01 02:00")
    crawl_findings(db, ALL_KINDS, [XJ], [stale("通知公告"), stale("学院要闻")])
    after(cfg)
    assert len(inbox.to("it@school.edu.cn")) == 1
    for day in range(2, 8):  # nights 2..7: still open, nothing new → no mail
        at(monkeypatch, f"2022-07-0{day} 02:00")
        crawl_findings(db, ALL_KINDS, [XJ], [stale("通知公告"), stale("学院要闻")])
        assert after(cfg)["queued"] == 0, day
    assert len(inbox.to("it@school.edu.cn")) == 1
    at(monkeypatch, "2022-07-08 02:00")  # remind_days (7) after the first mail
    crawl_findings(db, ALL_KINDS, [XJ], [stale("通知公告"), stale("学院要闻")])
    after(cfg)
    reminder = inbox.to("it@school.edu.cn")[1]
    text, _ = parts(reminder)
    assert "仍未解决（提醒）" in text and "新发现的问题" not in text
    assert "栏目「通知公告」已 52 天未更新" in text
    at(monkeypatch, "2022-07-09 02:00")  # the next night: reminded yesterday → quiet
    crawl_findings(db, ALL_KINDS, [XJ], [stale("通知公告"), stale("学院要闻")])
    assert after(cfg)["queued"] == 0
    at(monkeypatch, "2022-07-10 02:00")  # 学院要闻 got a post: resolved, mailed once
    crawl_findings(db, ALL_KINDS, [XJ], [stale("通知公告")])
    after(cfg)
    resolved = inbox.to("it@school.edu.cn")[2]
    assert resolved["Subject"] == "[网站巡检] 湘江学院：1个问题已解决"
    text, _ = parts(resolved)
    assert "已解决" in text and "栏目「学院要闻」" in text and "（已于 2022-07-10 02:00 解决）" in text
    assert "通知公告" not in text
    at(monkeypatch, "2022-07-11 02:00")
    crawl_findings(db, ALL_KINDS, [XJ], [stale("通知公告")])
    assert after(cfg)["queued"] == 0


def test_hostile_page_text_stays_inert(tmp_path, monkeypatch):
    at(monkeypatch, "2022-07-01 02:00")
    sites = SITES.replace('name = "湘江学院"', 'name = "湘江学院\\r\\nBcc: victim@evil.example"')
    with SmtpSink() as inbox:
        cfg = write_config(tmp_path, alerts_config(inbox.port, sites))
        site = "湘江学院\r\nBcc: victim@evil.example"
        evil = Finding("hidden_link", site, None, 'http://evil.example/"><script>alert(1)</script>',
                       detail="<script>alert('x')</script>\r\nBcc: victim@evil.example", severity="urgent",
                       found_on=[{"url": "javascript:alert(1)", "text": "<img src=x onerror=alert(1)>\r\nX-Evil: 1"}])
        crawl_findings(tmp_path / "monitor.db", ALL_KINDS, [site], [evil])
        after(cfg)
        assert len(inbox.messages) == 1
        rcpts, msg = inbox.messages[0]
        assert rcpts == ["it@school.edu.cn"]
        assert msg["Bcc"] is None and msg["X-Evil"] is None
        assert "\n" not in msg["Subject"] and "\r" not in msg["Subject"]
        text, page = parts(msg)
        assert "<script>" not in page and "<img" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert 'href="javascript:' not in page
        line = next(x for x in text.splitlines() if "暗链" in x)
        assert "Bcc: victim@evil.example" in line  # collapsed onto the same line, never a header
        assert not any(x.startswith(("Bcc:", "X-Evil:")) for x in text.splitlines())


def test_smtp_down_then_up_loses_nothing(tmp_path, monkeypatch):
    at(monkeypatch, "2022-07-01 02:00")
    port = free_port()  # nothing listens yet: connection refused
    cfg = write_config(tmp_path, alerts_config(port, SITES))
    db = tmp_path / "monitor.db"
    crawl_findings(db, ALL_KINDS, [XJ], [stale("通知公告")])
    assert after(cfg) == {"queued": 1, "sent": 0, "failed": 1}
    at(monkeypatch, "2022-07-02 02:00")
    crawl_findings(db, ALL_KINDS, [XJ], [stale("通知公告"), stale("学院要闻")])
    assert after(cfg) == {"queued": 1, "sent": 0, "failed": 2}
    listing = run_cli("alerts", "--pending", "--config", str(cfg), now="2022-07-02 02:00")
    assert listing.returncode == 0, listing.stderr
    assert "2 waiting" in listing.stdout
    assert "[网站巡检] 湘江学院：1个栏目未更新" in listing.stdout
    assert "Connection refused" in listing.stdout or "refused" in listing.stdout.lower()
    with SmtpSink(port) as inbox:
        sent = run_cli("alerts", "send", "--config", str(cfg), now="2022-07-02 09:00")
        assert sent.returncode == 0, sent.stdout + sent.stderr
        assert "queued 0, sent 2, still waiting 0" in sent.stdout
        subjects = [m["Subject"] for m in inbox.to("it@school.edu.cn")]
    assert subjects == ["[网站巡检] 湘江学院：1个栏目未更新", "[网站巡检] 湘江学院：1个栏目未更新"]
    assert "no alerts waiting" in run_cli("alerts", "--pending", "--config", str(cfg), now="2022-07-02 09:00").stdout


def test_missed_and_unfinished_runs_are_reported_once(setup, monkeypatch):
    cfg, inbox, db = setup
    at(monkeypatch, "2022-07-02 09:00")
    store = Store(db)
    alerts_store.ensure_schema(store.db)
    alerts_store.record_event(store.db, "crawl", "missed", "补跑于 2022-07-02 09:00",
                              scheduled_for="2022-07-01T18:00:00+00:00")
    run_id = store.start_run([XJ])
    store.finish_run(run_id, "interrupted", 3, 0, 1)
    store.close()
    after(cfg)
    msg = only(inbox.to("it@school.edu.cn"))
    assert msg["Subject"] == "[网站巡检] 网站巡检：巡检未按计划完成"
    text, _ = parts(msg)
    assert "计划于 2022-07-02 02:00 的巡检没有运行" in text
    assert f"巡检 #{run_id}（开始于 2022-07-02 09:00）没有正常完成，状态：中断" in text
    # the monitor's operators (global recipients) hear about it; a site's own webmaster cannot fix it
    assert inbox.to("boss@jyj.example.gov.cn") == []
    assert after(cfg)["queued"] == 0


def test_alerts_test_command_sends_a_test_mail(setup):
    cfg, inbox, _ = setup
    result = run_cli("alerts", "test", "--config", str(cfg))
    assert result.returncode == 0, result.stderr
    msg = only(inbox.to("it@school.edu.cn"))
    assert msg["Subject"] == "[网站巡检] 测试邮件"
    assert "boss@jyj.example.gov.cn" in msg["To"]


def test_alerts_test_reports_smtp_down_in_one_line(tmp_path):
    cfg = write_config(tmp_path, alerts_config(free_port(), SITES))
    result = run_cli("alerts", "test", "--config", str(cfg))
    assert result.returncode == 1
    assert "test mail not sent: SMTP 127.0.0.1" in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stdout + result.stderr


def test_alerts_test_json(tmp_path):
    port = free_port()
    cfg = write_config(tmp_path, alerts_config(port, SITES))
    down = run_cli("alerts", "test", "--json", "--config", str(cfg))
    assert down.returncode == 1
    assert json.loads(down.stdout) == {"sent": False, "recipients": [], "error":
                                       f"SMTP 127.0.0.1:{port}: [Errno 111] Connection refused; the mail was not sent"}
    assert down.stderr.startswith("campus-monitor: test mail not sent: SMTP")  # the human line stays on stderr
    with SmtpSink(port) as inbox:
        up = run_cli("alerts", "test", "--json", "--config", str(cfg))
        assert up.returncode == 0, up.stderr
        assert json.loads(up.stdout) == {"sent": True, "recipients": ["it@school.edu.cn", "boss@jyj.example.gov.cn"],
                                         "error": None}
        assert only(inbox.to("boss@jyj.example.gov.cn"))["Subject"] == "[网站巡检] 测试邮件"


def test_unreachable_site_mailed_after_two_real_crawls(tmp_path):
    """Through the real crawl command: one failing crawl stays quiet, the second one mails, with the reason."""
    closed = free_port()  # nothing listens here: connection refused
    sites = f"""
[[sites]]
name = "湘江学院"
url = "http://127.0.0.1:{closed}/"
[[sites.sections]]
name = "通知公告"
url = "http://127.0.0.1:{closed}/tzgg.htm"
"""
    with SmtpSink() as inbox:
        cfg = write_config(tmp_path, alerts_config(inbox.port, sites, extra_monitor="timeout_seconds = 5"))
        first = run_cli("crawl", "--config", str(cfg), "--quiet", now="2022-07-01 02:00")
        assert "Traceback" not in first.stderr, first.stderr
        assert inbox.messages == []
        second = run_cli("crawl", "--config", str(cfg), "--quiet", now="2022-07-02 02:00")
        assert "Traceback" not in second.stderr, second.stderr
        msg = only(inbox.to("it@school.edu.cn"))
    assert msg["Subject"] == "[网站巡检] 湘江学院：【紧急】1个网站无法访问"
    text, _ = parts(msg)
    assert "网站无法访问：连接被拒绝 (refused)，已连续 2 次巡检失败" in text


def test_chat_webhook_gets_the_same_digest_and_retries(tmp_path, monkeypatch):
    """Webhooks go through apprise (json:// here, dingtalk:// wecombot:// feishu:// for real) and the outbox."""
    at(monkeypatch, "2022-07-01 02:00")
    with SmtpSink() as inbox, WebhookReceiver(status=500) as hook:
        monkeypatch.setenv("CHAT_HOOK", f"json://127.0.0.1:{hook.port}/robot")
        cfg = write_config(tmp_path, alerts_config(inbox.port, SITES, email_extra='webhooks = ["env:CHAT_HOOK"]'))
        crawl_findings(tmp_path / "monitor.db", ALL_KINDS, [XJ], [stale("通知公告")])
        assert after(cfg) == {"queued": 2, "sent": 1, "failed": 1}  # the mail goes, the chat endpoint answers 500
        listing = run_cli("alerts", "--pending", "--config", str(cfg), now="2022-07-01 02:00").stdout
        assert "webhook  to env:CHAT_HOOK" in listing and "json://127.0.0.1" not in listing
        hook.status = 200
        assert after(cfg) == {"queued": 0, "sent": 1, "failed": 0}
    assert len(hook.posts) == 1
    post = hook.posts[0]
    assert post["title"] == "[网站巡检] 湘江学院：1个栏目未更新"
    assert "栏目「通知公告」" in post["message"]
    mail_text = parts(only(inbox.to("it@school.edu.cn")))[0]
    assert "完整清单见附件 campus-monitor-问题清单-2022-07-01.csv" in mail_text
    # the same digest text, less the line about the attachment a chat message does not have
    without = "\n".join(x for x in mail_text.splitlines() if not x.startswith("完整清单见附件"))
    assert post["message"].strip() == without.strip()


def _waiting_on_flock(pid: int, timeout: float = 30) -> bool:
    """True once the kernel lists ``pid`` as blocked on an flock (/proc/locks "->" lines)."""
    import threading
    import time

    deadline = time.monotonic() + timeout
    idle = threading.Event()
    while time.monotonic() < deadline:
        with open("/proc/locks", encoding="ascii") as fh:
            if any("->" in line and " FLOCK " in line and f" {pid} " in line for line in fh):
                return True
        idle.wait(0.02)  # polling a kernel table: there is no event to wait on
    return False


def test_two_flushes_never_send_a_mail_twice(setup, monkeypatch):
    """A crawl's digest, the scheduler's retry and report --email may flush together: one OS lock per outbox."""

    from monitor.store.locks import acquire_db_lock, release_db_lock
    from tests.support.cli import start_cli

    cfg, inbox, db_path = setup
    at(monkeypatch, "2022-07-01 02:00")
    config = load_config(cfg)
    store = Store(db_path)
    outbox.queue_mail(config, store.db, ["it@school.edu.cn"], "[网站巡检] 排队的邮件", "正文")
    fd = acquire_db_lock(db_path, "outbox.lock")  # "another process" is flushing right now
    try:
        other = start_cli("alerts", "send", "--config", str(cfg))
        assert _waiting_on_flock(other.pid), "alerts send did not wait for the outbox lock"
        assert outbox._flush(config, store.db) == {"sent": 1, "failed": 0}  # the holder delivers the mail
    finally:
        release_db_lock(fd)
    out, err = other.communicate(timeout=60)
    assert other.returncode == 0, err
    assert "queued 0, sent 0, still waiting 0" in out  # it saw the mail already sent
    assert only(inbox.to("it@school.edu.cn"))["Subject"] == "[网站巡检] 排队的邮件"
    store.close()
