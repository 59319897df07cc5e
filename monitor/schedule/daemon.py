"""The nightly scheduler: APScheduler in the foreground, one child process per crawl.

Why a child process per crawl: Scrapy's Twisted reactor cannot restart inside one process, and a fresh
process per night keeps a daemon that runs for months free of leaks. The daemon itself never imports Scrapy.

Why our own ``schedule_state`` table instead of APScheduler's SQLAlchemyJobStore: the job store would add
SQLAlchemy as a dependency only to pickle three jobs, and re-adding jobs at start (needed so a changed
``schedule`` takes effect) overwrites the stored next run time, which loses exactly the missed run we
want to catch up. One row per job with the last time it was due is enough to see "the 02:00 crawl
never ran because the machine was off" and run it once at start (coalesced), and to report it by mail.

Jobs: ``crawl`` (sites without their own ``schedule``), ``crawl:<site>`` (sites sharing an override),
``report`` (the monthly report, per ``report_schedule``) and ``outbox`` (retry alerts that could not be
delivered). Crawl and report share a one-worker executor, so they never overlap each other or themselves.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils
from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobEvent,
)
from apscheduler.triggers.interval import IntervalTrigger

from monitor import clock
from monitor.config import Config
from monitor.delivery import outbox
from monitor.report.stats import previous_month
from monitor.schedule.jobclock import ClockedExecutor, ClockedScheduler, Now, skip_reason
from monitor.schedule.jobs import JobSpec, job_specs, missed_fire_times, trigger
from monitor.schedule.state import load_state, open_db, save_state
from monitor.store import alerts as alerts_store
from monitor.store.backup import backup_child

log = logging.getLogger("monitor.scheduler")

MISFIRE_GRACE = 6 * 3600  # a due run may start up to 6 h late (suspend, a long crawl before it)
OUTBOX_RETRY_MINUTES = 15


class Daemon:
    """Runs the jobs of one config until ``stop()``; ``run_now(job)`` fires a job at once.

    ``now`` is the daemon's only clock (default ``monitor.clock.now``, which honours ``CAMPUS_MONITOR_NOW``):
    APScheduler decides due, next and missed runs by it too (``monitor.schedule.jobclock``).
    """

    def __init__(
        self,
        config: Config,
        db: sqlite_utils.Database | None = None,
        python: str = sys.executable,
        now: Now | None = None,
    ):
        self.config = config
        self.now: Now = now or (lambda: clock.now(config.timezone))
        self.db = db or open_db(config.database)
        self.python = python
        self.specs = {s.id: s for s in job_specs(config)}
        self.stopping = threading.Event()
        self.finished: list[tuple[str, int]] = []  # (job id, exit code), in order
        self.skipped: list[tuple[str, str]] = []  # (job id, missed | skipped | failed): runs that did not start
        self._asked: set[str] = set()  # run_now() calls APScheduler has not acted on yet
        self._cond = threading.Condition()
        self._child: subprocess.Popen | None = None
        self._child_lock = threading.Lock()
        self._db_lock = threading.Lock()
        self.scheduler = ClockedScheduler(
            self.now,
            executors={"default": ClockedExecutor(1), "light": ClockedExecutor(1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE},
            timezone=ZoneInfo(config.timezone),
        )
        self.scheduler.add_listener(self._on_skipped, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES | EVENT_JOB_ERROR)
        self.scheduler.add_listener(self._on_executed, EVENT_JOB_EXECUTED)
        self.scheduler.add_listener(lambda e: self._asked.discard(e.job_id), EVENT_JOB_SUBMITTED)

    # state helpers (the scheduler's threads share one SQLite connection: serialise)
    def _save(self, job: str, **values) -> None:
        with self._db_lock:
            save_state(self.db, job, **values)

    def _event(self, job: str, kind: str, detail: str, scheduled_for: str | None = None) -> None:
        with self._db_lock:
            alerts_store.record_event(self.db, job, kind, detail, scheduled_for)

    def start(self) -> list[str]:
        """Add the jobs; a run missed while the daemon was down runs once now. Returns caught-up job ids."""
        now = self.now()
        with self._db_lock:
            state = load_state(self.db)
        caught_up: list[str] = []
        for spec in self.specs.values():
            row = state.get(spec.id)
            run_at = None
            if row is None or row["cron"] != spec.cron or not row["last_due"]:
                self._save(spec.id, cron=spec.cron, last_due=clock.iso(now))  # (re)armed: nothing missed
            else:
                missed = missed_fire_times(spec, self.config.timezone, datetime.fromisoformat(row["last_due"]), now)
                if missed:
                    last = missed[-1]
                    self._event(
                        spec.id,
                        "missed",
                        f"机器关机或调度程序未运行，{len(missed)} 次计划运行未执行，已于 "
                        f"{clock.local(clock.iso(now), self.config.timezone)} 补跑一次",
                        scheduled_for=clock.iso(last),
                    )
                    log.warning(
                        "%s: %d scheduled run(s) missed while not running (last due %s); running once now",
                        spec.id,
                        len(missed),
                        clock.local(clock.iso(last), self.config.timezone),
                    )
                    run_at = now
                    caught_up.append(spec.id)
            kwargs = {"next_run_time": run_at} if run_at else {}
            self.scheduler.add_job(
                self._run_job,
                trigger(spec, self.config.timezone),
                args=[spec.id],
                id=spec.id,
                name=spec.describe(),
                replace_existing=True,
                **kwargs,
            )
        if self.config.email is not None:
            every = timedelta(minutes=OUTBOX_RETRY_MINUTES)  # start_date: else the trigger reads the wall clock
            retry = IntervalTrigger(minutes=OUTBOX_RETRY_MINUTES, start_date=now + every, timezone=now.tzinfo)
            self.scheduler.add_job(
                self._retry_outbox,
                retry,
                id="outbox",
                name="retry waiting alerts",
                executor="light",
                replace_existing=True,
            )
        self.scheduler.start()
        for job in self.scheduler.get_jobs():
            log.info(
                "job %s (%s): next run %s",
                job.id,
                job.name,
                job.next_run_time.astimezone(ZoneInfo(self.config.timezone)).strftime("%Y-%m-%d %H:%M %Z"),
            )
        return caught_up

    def run_now(self, job_id: str) -> None:
        """Fire a job at once (SIGUSR1 for the crawl; tests use it instead of waiting for the cron time)."""
        self._asked.add(job_id)
        self.scheduler.run_now(job_id)

    def wait_finished(self, count: int, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: len(self.finished) >= count, timeout)

    def wait_skipped(self, job_id: str, timeout: float) -> bool:
        """Wait until a run of ``job_id`` was skipped (missed, still running, error)."""
        with self._cond:
            return self._cond.wait_for(lambda: any(j == job_id for j, _ in self.skipped), timeout)

    def stop(self, signum: int = signal.SIGTERM) -> None:
        """Stop starting jobs; pass the signal on to a running crawl so it stops at its next safe point."""
        first = not self.stopping.is_set()
        self.stopping.set()
        if first:
            log.info("stopping: no new runs; waiting for a running crawl to reach a safe point")
        with self._child_lock:
            if self._child and self._child.poll() is None:
                self._child.send_signal(signum)

    def shutdown(self) -> None:
        self.scheduler.shutdown(wait=True)  # returns once the running job (and its child) ended

    # --- jobs ---------------------------------------------------------------------------------
    def command(self, spec: JobSpec) -> list[str]:
        base = [self.python, "-m", "monitor"]
        cfg = ["--config", str(self.config.path)]
        if spec.kind == "crawl":
            sites = [a for name in spec.sites or () for a in ("--site", name)]
            return [*base, "crawl", *cfg, *sites]
        month = previous_month(clock.today(self.config.timezone))
        return [*base, "report", *cfg, "--month", month, "--email"]

    def _run_job(self, job_id: str) -> int | None:
        """Run one job's child process; its exit code (None: not started, the daemon is stopping)."""
        spec = self.specs[job_id]
        if self.stopping.is_set():
            return None
        started = clock.iso(self.now())
        self._save(job_id, cron=spec.cron, last_due=started, last_started=started, last_status="running")
        cmd = self.command(spec)
        log.info("%s: starting %s", job_id, " ".join(cmd[1:]))
        tail: list[str] = []
        try:
            with self._child_lock:
                if self.stopping.is_set():
                    return None
                self._child = subprocess.Popen(
                    cmd,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    text=True,
                    errors="replace",
                    start_new_session=True,
                )  # our signals reach it only via stop()
            assert self._child.stdout is not None
            for line in self._child.stdout:
                line = line.rstrip()
                if line:
                    log.info("%s| %s", job_id, line)
                    tail = [*tail, line][-5:]
            code = self._child.wait()
        except OSError as exc:
            code, tail = 127, [str(exc)]
        finally:
            with self._child_lock:
                self._child = None
        if code == 0 and spec.kind == "crawl" and self.config.backup_keep and not self.stopping.is_set():
            self._backup(job_id)
        status = "ok" if code == 0 else ("stopped" if self.stopping.is_set() else f"exit {code}")
        self._save(job_id, cron=spec.cron, last_finished=clock.iso(self.now()), last_status=status)
        if code != 0 and not self.stopping.is_set():
            self._event(job_id, "failed", f"退出码 {code}：{' / '.join(tail[-3:])}", scheduled_for=started)
            log.error("%s: finished with exit code %d", job_id, code)
        else:
            log.info("%s: finished (%s)", job_id, status)
        return code

    def _backup(self, job_id: str) -> None:
        """After a good crawl: a verified copy of the database, older ones pruned (``monitor.store.backup``)."""
        code, lines = backup_child(self.python, self.config.path, self.config.backup_keep)
        for line in lines:
            log.info("%s| backup: %s", job_id, line)
        if code != 0:
            self._event("backup", "failed", f"数据库备份失败（退出码 {code}）：{' / '.join(lines[-2:])}")

    def _retry_outbox(self) -> None:
        with self._db_lock:
            if not alerts_store.pending(self.db):
                return
            result = outbox.flush_outbox(self.config, self.db)
        log.info("outbox retry: sent %d, still waiting %d", result["sent"], result["failed"])

    def _on_executed(self, event: JobEvent) -> None:
        """Counted here, not in ``_run_job``: once this fires APScheduler has freed the job's instance slot."""
        if event.job_id in self.specs and event.retval is not None:
            with self._cond:
                self.finished.append((event.job_id, event.retval))
                self._cond.notify_all()

    def _on_skipped(self, event: JobEvent) -> None:
        """A run APScheduler did not make (too late, the previous one still running, an error): report it."""
        spec = self.specs.get(event.job_id)
        if spec is None:  # the outbox retry: the next one comes in 15 minutes
            log.warning("%s: run skipped (%s)", event.job_id, getattr(event, "exception", None) or event.code)
            return
        if event.code == EVENT_JOB_MAX_INSTANCES and spec.id in self._asked:
            self._asked.discard(spec.id)  # SIGUSR1 while it runs: nothing scheduled was lost
            log.info("%s: already running; not started again", spec.id)
            return
        when, kind, detail = skip_reason(event, MISFIRE_GRACE)
        self._save(spec.id, cron=spec.cron, last_due=clock.iso(when))
        self._event(spec.id, kind, detail, scheduled_for=clock.iso(when))
        log.warning("%s: run due %s not made: %s", spec.id, clock.local(clock.iso(when), self.config.timezone), detail)
        with self._cond:
            self.skipped.append((spec.id, kind))
            self._cond.notify_all()


def serve(config: Config, on_ready: Callable[[Daemon], None] | None = None) -> int:
    """Run until SIGTERM/SIGINT; SIGUSR1 runs the crawl now. Returns the exit code."""
    daemon = Daemon(config)

    def on_stop(signum, frame):
        daemon.stop(signum)

    def on_usr1(signum, frame):
        crawl = next((s.id for s in daemon.specs.values() if s.kind == "crawl"), None)
        if crawl:
            log.info("SIGUSR1: running %s now", crawl)
            threading.Thread(target=daemon.run_now, args=[crawl], daemon=True).start()

    signal.signal(signal.SIGTERM, on_stop)
    signal.signal(signal.SIGINT, on_stop)
    signal.signal(signal.SIGUSR1, on_usr1)
    daemon.start()
    log.info("scheduler running (pid %d, time zone %s); SIGTERM or Ctrl-C stops it", os.getpid(), config.timezone)
    if on_ready:
        on_ready(daemon)
    while not daemon.stopping.wait(3600):
        pass
    daemon.shutdown()
    daemon.db.close()
    log.info("scheduler stopped")
    return 0
