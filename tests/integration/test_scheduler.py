"""Scheduler: next runs per time zone, catch-up of missed runs, consecutive crawls in one daemon, SIGTERM."""
from __future__ import annotations
import queue
import signal
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
import pytest
from tests.support.cli import run_cli, start_cli
from tests.support.servers import held_portal, SmtpSink, parts
from tests.support.config import write_config
from tests.support.samples import schedule_config
from monitor import clock
from monitor.config import load_config
from monitor.demo.portal import build_portal, demo_config
from monitor.demo.siteserver import SiteServer
from monitor.schedule import daemon as scheduler
from monitor.schedule import jobs
from monitor.schedule import state as sched_state
from monitor.store import alerts as alerts_store


def demo_with_email(base: str, smtp_port: int) -> str:
    """The demo portal's config plus an [email] table pointing at the loopback SMTP sink."""
    return demo_config(base, "monitor.db") + f"""
[email]
host = "127.0.0.1"
port = {smtp_port}
sender = "monitor@school.edu.cn"
recipients = ["it@school.edu.cn"]
"""


config = schedule_config


def test_schedule_list_prints_next_runs(tmp_path):
    cfg = config(tmp_path, "Asia/Shanghai").path
    out = run_cli("schedule", "--list", "--count", "2", "--config", str(cfg), now="2026-11-23 18:00")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "time zone Asia/Shanghai; now 2026-11-23 18:00"
    assert 'crawl: crawl 湘江学院, cron "0 2 * * *"; never run' in lines
    assert 'crawl:长沙教育局: crawl 长沙教育局, cron "30 6 * * 1-5"; never run' in lines
    assert "    next 2026-11-24 02:00 Tue" in lines
    assert "    next 2026-11-24 06:30 Tue" in lines
    assert "    next 2026-12-01 08:00 Tue" in lines


def test_no_report_job_without_email(tmp_path):
    path = config(tmp_path).path
    write_config(path, path.read_text(encoding="utf-8").split("[email]")[0])
    assert [s.id for s in jobs.job_specs(load_config(path))] == ["crawl", "crawl:长沙教育局"]
    out = run_cli("schedule", "--list", "--config", str(path), now="2026-11-23 18:00")
    assert out.returncode == 0 and "report: not scheduled (no [email] table" in out.stdout, out.stderr


def test_two_scheduled_crawls_in_one_daemon(tmp_path, monkeypatch):
    """A missed night is caught up at start, then a second crawl runs in the same daemon; one digest mail."""
    monkeypatch.setenv(clock.ENV, "2022-07-01 09:00")
    with SiteServer(build_portal(date(2022, 7, 1))) as site, SmtpSink() as inbox:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, demo_with_email(site.base, inbox.port))
        conf = load_config(cfg)
        db = sched_state.open_db(conf.database)
        # the daemon last ran the crawl on 2022-06-29 02:00: the machine was off for the next two nights
        sched_state.save_state(db, "crawl", cron=conf.schedule, last_due="2022-06-28T18:00:00+00:00")
        daemon = scheduler.Daemon(conf, db)
        try:
            assert daemon.start() == ["crawl"]
            assert daemon.wait_finished(1, 90), "caught-up crawl did not finish"
            daemon.run_now("crawl")
            assert daemon.wait_finished(2, 90), "second crawl did not finish"
        finally:
            daemon.stop()
            daemon.shutdown()
        assert daemon.finished == [("crawl", 0), ("crawl", 0)]
        runs = list(db.query("SELECT status, new_posts FROM runs ORDER BY id"))
        assert [r["status"] for r in runs] == ["finished", "finished"]
        assert runs[0]["new_posts"] > 0 and runs[1]["new_posts"] == 0
        state = sched_state.load_state(db)["crawl"]
        assert state["last_status"] == "ok" and state["last_finished"]
        mails = inbox.to("it@school.edu.cn")
        # The second crawl found nothing new; its only mail is the demo's dead link, now confirmed
        # by a second failing crawl (confirm_after = 2).
        assert len(mails) == 2
        text, _ = parts(mails[0])
        assert "计划于 2022-07-01 02:00 的巡检没有运行" in text and "2 次计划运行未执行" in text
        assert "新发现的问题" in text and "2022zsjz.pdf" not in text
        second, _ = parts(mails[1])
        assert "2022zsjz.pdf" in second and "没有运行" not in second
        db.close()


def test_sigterm_stops_after_the_running_crawl_reaches_a_safe_point(tmp_path):
    routes, hit, release = held_portal(date(2022, 7, 1), wait=30)
    with SiteServer(routes) as site:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, demo_config(site.base, "monitor.db"))
        proc = start_cli("schedule", "--config", str(cfg), now="2022-07-01 09:00", merge_stderr=True)
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
        seen: list[str] = []

        def wait_for(text: str) -> None:
            while True:
                line = lines.get(timeout=60)
                seen.append(line)
                if text in line:
                    return

        try:
            wait_for("scheduler running")
            proc.send_signal(signal.SIGUSR1)  # run the crawl now
            assert hit.wait(60), "the crawl never reached the slow page"
            proc.send_signal(signal.SIGTERM)
            wait_for("stopping: no new runs")
            release.set()  # the in-flight request completes; the crawl stops at that safe point
            assert proc.wait(60) == 0, "".join(seen)
        finally:
            release.set()
            if proc.poll() is None:
                proc.kill()
        while not lines.empty():
            seen.append(lines.get())
        log = "".join(seen)
        assert "scheduler stopped" in log
        assert (tmp_path / "data" / "logs" / "schedule.log").read_text(encoding="utf-8").count("scheduler stopped") == 1
        db = sched_state.open_db(tmp_path / "monitor.db")
        runs = list(db.query("SELECT status FROM runs"))
        assert [r["status"] for r in runs] == ["interrupted"]  # recorded, not left "running"
        assert sched_state.load_state(db)["crawl"]["last_status"] == "stopped"
        db.close()


HOURS = ["02:30", "14:30"]  # the suite must pass at night as by day: the daemon's clock is injected


def advance(monkeypatch, daemon: scheduler.Daemon, to: datetime) -> None:
    """Move the injected clock (CAMPUS_MONITOR_NOW, which the daemon and its children read) and let the
    scheduler look for due jobs at the new time."""
    monkeypatch.setenv(clock.ENV, to.isoformat())
    daemon.scheduler.wakeup()


@pytest.mark.parametrize("hour", HOURS)
def test_failed_and_late_runs_are_reported_in_the_next_mail(tmp_path, monkeypatch, hour):
    """A crawl refused by a manual crawl holding the lock, and a run that could not start in time."""
    from monitor.store.core import Store

    monkeypatch.setenv(clock.ENV, f"2022-07-01 {hour}")
    with SiteServer(build_portal(date(2022, 7, 1))) as site, SmtpSink() as inbox:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, demo_with_email(site.base, inbox.port))
        conf = load_config(cfg)
        manual = Store(conf.database)
        manual.acquire_crawl_lock()  # someone runs a crawl by hand
        daemon = scheduler.Daemon(conf)
        try:
            daemon.start()
            daemon.run_now("crawl")
            assert daemon.wait_finished(1, 60)
            due = daemon.scheduler.get_job("crawl").next_run_time
            assert due.isoformat() == "2022-07-02T02:00:00+08:00"  # from the injected clock, not the wall's
            # the machine slept through 02:00 and wakes 6 h 10 min later
            advance(monkeypatch, daemon, due + timedelta(seconds=scheduler.MISFIRE_GRACE + 600))
            assert daemon.wait_skipped("crawl", 30)
        finally:
            daemon.stop()
            daemon.shutdown()
            manual.close()
        assert daemon.finished == [("crawl", 2)] and ("crawl", "missed") in daemon.skipped
        sent = run_cli("alerts", "send", "--config", str(cfg), now="2022-07-02 08:10")
        assert sent.returncode == 0, sent.stdout + sent.stderr
    text, _ = parts(inbox.to("it@school.edu.cn")[0])
    assert f"计划于 2022-07-01 {hour} 的巡检没有正常完成：退出码 2" in text and "another crawl" in text
    assert "计划于 2022-07-02 02:00 的巡检没有运行：到时未能开始" in text and "超过 6 小时未能开始，已跳过" in text


@pytest.mark.parametrize("hour", HOURS)
def test_a_run_due_while_the_last_one_still_runs_is_reported(tmp_path, monkeypatch, hour):
    """APScheduler skips a run whose previous one is still going ("maximum number of running instances");
    the skip is recorded and the next digest says that night's crawl did not run."""
    routes, hit, release = held_portal(date(2022, 7, 1), wait=60)
    monkeypatch.setenv(clock.ENV, f"2022-07-01 {hour}")
    with SiteServer(routes) as site, SmtpSink() as inbox:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, demo_with_email(site.base, inbox.port))
        daemon = scheduler.Daemon(load_config(cfg))
        try:
            daemon.start()
            daemon.run_now("crawl")
            assert hit.wait(60), "the crawl never reached the slow page"
            due = daemon.scheduler.get_job("crawl").next_run_time
            assert due.isoformat() == "2022-07-02T02:00:00+08:00"
            advance(monkeypatch, daemon, due + timedelta(minutes=1))  # 02:01: the first crawl still runs
            assert daemon.wait_skipped("crawl", 30)
            release.set()
            assert daemon.wait_finished(1, 90)
        finally:
            release.set()
            daemon.stop()
            daemon.shutdown()
        # (at 02:30 the jump also passes the report's 07-01 08:00, which waited behind the crawl: missed)
        assert [s for s in daemon.skipped if s[0] == "crawl"] == [("crawl", "skipped")]
        assert daemon.finished == [("crawl", 0)]
        assert sched_state.load_state(daemon.db)["crawl"]["last_due"] == "2022-07-01T18:00:00+00:00"  # no catch-up
        daemon.db.close()
        mails = inbox.to("it@school.edu.cn")
    # the skip was recorded while the crawl ran: that crawl's own digest, the next mail, names it
    assert len(mails) == 1
    text, page_html = parts(mails[0])
    assert "计划于 2022-07-02 02:00 的巡检没有运行：到时前一次运行仍未结束，本次已跳过" in text
    assert "巡检未按计划完成" in mails[0]["Subject"] and "本次已跳过" in page_html


def test_report_job_mails_last_months_report(tmp_path, monkeypatch):
    monkeypatch.setenv(clock.ENV, "2022-07-01 08:00")
    with SiteServer(build_portal(date(2022, 7, 1))) as site, SmtpSink() as inbox:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, demo_with_email(site.base, inbox.port))
        daemon = scheduler.Daemon(load_config(cfg))
        assert daemon.command(daemon.specs["report"])[3:] == ["report", "--config", str(cfg), "--month", "2022-06",
                                                              "--email"]
        try:
            daemon.start()  # 08:00 on the 1st by the injected clock: the report is due by its own schedule
            assert daemon.wait_finished(1, 60)
        finally:
            daemon.stop()
            daemon.shutdown()
        assert daemon.finished == [("report", 0)]
        mails = inbox.to("it@school.edu.cn")
    assert len(mails) == 1
    assert "信息发布统计" in mails[0]["Subject"] and "2022" in mails[0]["Subject"]
    assert any((part.get_filename() or "").endswith(".xlsx") for part in mails[0].iter_attachments())


def _start_daemon(cfg: Path) -> tuple:
    """Start ``campus-monitor schedule`` as a real process; return it once it logged that it runs."""
    proc = start_cli("schedule", "--config", str(cfg), now="2026-11-23 18:00", merge_stderr=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    seen = []
    while not any("scheduler running" in x for x in seen):
        try:
            seen.append(lines.get(timeout=60))
        except queue.Empty:
            proc.kill()
            raise AssertionError("daemon did not start: " + "".join(seen))
    return proc, seen


def test_second_daemon_on_the_same_database_refuses(tmp_path):
    cfg = config(tmp_path).path
    write_config(cfg, cfg.read_text(encoding="utf-8").split("[email]")[0])  # no jobs due soon
    database = load_config(cfg).database
    first, _ = _start_daemon(cfg)
    try:
        second = run_cli("schedule", "--config", str(cfg), now="2026-11-23 18:00", timeout=60)
        assert second.returncode == 2, second.stdout + second.stderr
        assert second.stderr.splitlines() == [
            f"campus-monitor: {database}: another campus-monitor schedule (pid {first.pid}) is already running "
            f"on this database; stop it first (kill {first.pid}) or give this config its own database"]
        assert second.stdout == ""
        # --list only reads: it works beside a running daemon
        assert run_cli("schedule", "--list", "--config", str(cfg), now="2026-11-23 18:00").returncode == 0
    finally:
        first.send_signal(signal.SIGTERM)
        assert first.wait(60) == 0
    # the lock dies with its holder: a new daemon starts
    again, _ = _start_daemon(cfg)
    again.send_signal(signal.SIGTERM)
    assert again.wait(60) == 0


def test_report_job_with_smtp_down_is_delivered_by_the_outbox_retry(tmp_path, monkeypatch):
    """The monthly report made while SMTP is down waits in the outbox; the daemon's retry job sends it whole."""
    from tests.support.servers import free_port

    monkeypatch.setenv(clock.ENV, "2022-07-01 08:00")
    port = free_port()  # nothing listens yet
    with SiteServer(build_portal(date(2022, 7, 1))) as site:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, demo_with_email(site.base, port))
        daemon = scheduler.Daemon(load_config(cfg))
        try:
            daemon.start()  # 08:00 on the 1st by the injected clock: the report is due by its own schedule
            assert daemon.wait_finished(1, 60)
            assert daemon.finished == [("report", 1)]  # not delivered yet: the job says so
            with daemon._db_lock:
                waiting = alerts_store.pending(daemon.db)
                events = alerts_store.unreported_events(daemon.db)
            assert len(waiting) == 1 and "信息发布统计 2022年6月" in waiting[0]["subject"]
            # the next digest tells the operators the report is late, and that it waits in the outbox
            assert [(e["job"], e["kind"]) for e in events] == [("report", "failed")]
            assert "queued in the outbox as #1" in events[0]["detail"]
            with SmtpSink(port) as inbox:
                daemon.run_now("outbox")
                mails = inbox.wait_for(1, 30)
        finally:
            daemon.stop()
            daemon.shutdown()
    (rcpts, msg), = mails
    assert rcpts == ["it@school.edu.cn"] and "信息发布统计" in msg["Subject"]
    assert [a.get_filename() for a in msg.iter_attachments()] == [
        "campus-monitor-report-2022-06-01_2022-06-30.xlsx"]
    assert alerts_store.pending(daemon.db) == []  # shutdown() waited for the retry job
    daemon.db.close()


