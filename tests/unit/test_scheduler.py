"""Scheduler rules in-process: next runs per time zone, cron numbering, missed and failed runs (injected clock)."""
from __future__ import annotations
from datetime import date, datetime, timezone
from tests.support.samples import schedule_config
from monitor import clock
from monitor.report.stats import previous_month
from monitor.schedule import daemon as scheduler
from monitor.schedule import jobs
from monitor.schedule.cron import cron_days
from monitor.store import alerts as alerts_store


config = schedule_config


def test_next_runs_per_time_zone(tmp_path):
    now = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)  # 18:00 in Shanghai, 10:00 in London
    specs = {s.id: s for s in jobs.job_specs(config(tmp_path))}
    assert specs["crawl"].sites == ("湘江学院",)  # the other site has its own schedule
    assert specs["crawl:长沙教育局"].sites == ("长沙教育局",)
    sh = jobs.next_runs(specs["crawl"], "Asia/Shanghai", now, 2)
    assert [d.isoformat() for d in sh] == ["2026-11-24T02:00:00+08:00", "2026-11-25T02:00:00+08:00"]
    ld = jobs.next_runs(specs["crawl"], "Europe/London", now, 1)
    assert ld[0].astimezone(timezone.utc) == datetime(2026, 11, 24, 2, 0, tzinfo=timezone.utc)
    ny = jobs.next_runs(specs["crawl"], "America/New_York", datetime(2026, 3, 7, 12, tzinfo=timezone.utc), 2)
    # 2026-03-08 02:00 does not exist (clocks jump to 03:00 EDT): it fires at 07:00 UTC, then 02:00 EDT
    assert [d.astimezone(timezone.utc).isoformat() for d in ny] == ["2026-03-08T07:00:00+00:00",
                                                                    "2026-03-09T06:00:00+00:00"]
    weekdays = jobs.next_runs(specs["crawl:长沙教育局"], "Asia/Shanghai", now, 5)
    assert [d.strftime("%a %H:%M") for d in weekdays] == ["Tue 06:30", "Wed 06:30", "Thu 06:30", "Fri 06:30",
                                                           "Mon 06:30"]
    report = jobs.next_runs(specs["report"], "Asia/Shanghai", now, 1)[0]
    assert report.isoformat() == "2026-12-01T08:00:00+08:00"


def test_cron_day_of_week_uses_standard_numbering():
    # APScheduler's own from_crontab would read 1-5 as Tue-Sat; users write crontab numbers
    assert cron_days("1-5") == "mon,tue,wed,thu,fri"
    assert cron_days("0") == cron_days("7") == "sun"
    assert cron_days("sat-sun") == "sun,sat"
    assert cron_days("*/2") == "sun,tue,thu,sat"
    assert cron_days("mon,wed,5") == "mon,wed,fri"


def test_missed_fire_times_and_previous_month():
    spec = jobs.JobSpec("crawl", "crawl", "0 2 * * *")
    last = datetime.fromisoformat("2026-11-20T02:00:05+08:00")
    now = datetime.fromisoformat("2026-11-23T09:00:00+08:00")
    missed = jobs.missed_fire_times(spec, "Asia/Shanghai", last, now)
    assert [d.day for d in missed] == [21, 22, 23]
    assert jobs.missed_fire_times(spec, "Asia/Shanghai", now, now) == []
    assert previous_month(date(2026, 1, 1)) == "2025-12"


def test_a_job_that_raises_is_reported_like_a_missed_run(tmp_path, monkeypatch):
    """EVENT_JOB_ERROR (the job itself raised, e.g. the database was locked) is recorded for the digest too."""
    import sqlite3

    from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent

    monkeypatch.setenv(clock.ENV, "2022-07-01 14:30")
    conf = config(tmp_path)
    daemon = scheduler.Daemon(conf)
    due = datetime.fromisoformat("2022-07-01T02:00:00+08:00")
    daemon._on_skipped(JobExecutionEvent(EVENT_JOB_ERROR, "crawl", "default", due,
                                         exception=sqlite3.OperationalError("database is locked")))
    assert daemon.skipped == [("crawl", "failed")]
    (event,) = alerts_store.unreported_events(daemon.db)
    assert (event["job"], event["kind"], event["scheduled_for"]) == ("crawl", "failed", "2022-06-30T18:00:00+00:00")
    assert event["detail"] == "调度程序出错：OperationalError: database is locked"
    daemon.db.close()

