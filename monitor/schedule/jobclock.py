"""APScheduler 3 driven by ``monitor.clock`` instead of the wall clock.

Why: APScheduler 3 calls ``datetime.now()`` itself when it adds a job, when it looks for due jobs, when
it computes the next run and when it decides a run was missed. A daemon whose clock is pinned (``--now``,
``CAMPUS_MONITOR_NOW``) or injected by a test then mixes two clocks: its jobs fire and misfire by the wall
clock while everything it records says another time, and a test's outcome depended on the hour it ran.
Here the three places that read the time (``_real_add_job``, ``_process_jobs`` and the executor's
``run_job``) take it from one injected ``now`` callable; APScheduler's triggers already accept ``now``.
In production ``now`` is ``monitor.clock.now``, i.e. the wall clock, so behaviour is unchanged.

Every skipped run (too late, "maximum number of running instances reached", an exception in the job)
leaves an APScheduler event (EVENT_JOB_MISSED / EVENT_JOB_MAX_INSTANCES / EVENT_JOB_ERROR); the daemon
listens to all three (``monitor.schedule.daemon.Daemon``).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from threading import TIMEOUT_MAX

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobExecutionEvent,
    JobSubmissionEvent,
)
from apscheduler.executors.base import MaxInstancesReachedError
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_PAUSED

Now = Callable[[], datetime]


def run_job(job, jobstore_alias: str, run_times: list[datetime], logger_name: str, now: Now) -> list:
    """APScheduler's ``executors.base.run_job`` with the misfire check on the injected clock.

    A run that waited in the executor's queue (behind a long crawl) past ``misfire_grace_time`` is missed.
    """
    events = []
    logger = logging.getLogger(logger_name)
    for run_time in run_times:
        if job.misfire_grace_time is not None:
            late = now() - run_time
            if late > timedelta(seconds=job.misfire_grace_time):
                events.append(JobExecutionEvent(EVENT_JOB_MISSED, job.id, jobstore_alias, run_time))
                logger.warning('Run time of job "%s" was missed by %s', job, late)
                continue
        try:
            retval = job.func(*job.args, **job.kwargs)
        except BaseException:
            exc, tb = sys.exc_info()[1:]
            events.append(
                JobExecutionEvent(
                    EVENT_JOB_ERROR,
                    job.id,
                    jobstore_alias,
                    run_time,
                    exception=exc,
                    traceback="".join(traceback.format_tb(tb)),
                )
            )
            logger.exception('Job "%s" raised an exception', job)
            del tb
        else:
            events.append(JobExecutionEvent(EVENT_JOB_EXECUTED, job.id, jobstore_alias, run_time, retval=retval))
    return events


def skip_reason(event, grace_seconds: int) -> tuple[datetime, str, str]:
    """A run APScheduler did not make → (when it was due, kind for ``schedule_events``, the digest's words)."""
    if event.code == EVENT_JOB_MAX_INSTANCES:
        return event.scheduled_run_times[-1], "skipped", "到时前一次运行仍未结束，本次已跳过"
    if event.code == EVENT_JOB_ERROR:
        return (
            event.scheduled_run_time,
            "failed",
            f"调度程序出错：{type(event.exception).__name__}: {event.exception}",
        )
    return (
        event.scheduled_run_time,
        "missed",
        f"到时未能开始（机器休眠或前一任务过长），超过 {grace_seconds // 3600} 小时未能开始，已跳过",
    )


class ClockedExecutor(ThreadPoolExecutor):
    """A thread pool whose jobs judge lateness by the scheduler's injected clock."""

    def _do_submit_job(self, job, run_times):
        def callback(f):
            exc = f.exception()
            if exc:
                self._run_job_error(job.id, exc, getattr(exc, "__traceback__", None))
            else:
                self._run_job_success(job.id, f.result())

        f = self._pool.submit(run_job, job, job._jobstore_alias, run_times, self._logger.name, self._scheduler.now)
        f.add_done_callback(callback)


class ClockedScheduler(BackgroundScheduler):
    """``BackgroundScheduler`` that never reads the wall clock: ``now`` decides when jobs are due.

    Use ``ClockedExecutor`` executors. After moving an injected clock forward, call ``wakeup()`` so the
    scheduler looks for due jobs again (it otherwise sleeps until the next run it computed).
    """

    def __init__(self, now: Now, **options) -> None:
        self.now = now
        super().__init__(**options)

    def _real_add_job(self, job, jobstore_alias, replace_existing):
        if not hasattr(job, "next_run_time"):
            job._modify(next_run_time=job.trigger.get_next_fire_time(None, self.now().astimezone(self.timezone)))
        super()._real_add_job(job, jobstore_alias, replace_existing)

    def run_now(self, job_id: str) -> None:
        """Make a job due at the injected "now"."""
        self.modify_job(job_id, next_run_time=self.now())

    def _process_jobs(self):
        """APScheduler 3.11's loop body, with ``now`` from the injected clock (one job store, our executors)."""
        if self.state == STATE_PAUSED:
            return None
        now = self.now().astimezone(self.timezone)
        next_wakeup: datetime | None = None
        events = []
        with self._jobstores_lock:
            for alias, store in self._jobstores.items():
                for job in store.get_due_jobs(now):
                    executor = self._lookup_executor(job.executor)
                    run_times = job._get_run_times(now)
                    run_times = run_times[-1:] if run_times and job.coalesce else run_times
                    if not run_times:
                        continue
                    try:
                        executor.submit_job(job, run_times)
                    except MaxInstancesReachedError:
                        self._logger.warning(
                            'Execution of job "%s" skipped: maximum number of running instances reached (%d)',
                            job,
                            job.max_instances,
                        )
                        events.append(JobSubmissionEvent(EVENT_JOB_MAX_INSTANCES, job.id, alias, run_times))
                    except Exception:  # as upstream: log it, keep the scheduler thread alive
                        self._logger.exception('Error submitting job "%s" to executor "%s"', job, job.executor)
                    else:
                        events.append(JobSubmissionEvent(EVENT_JOB_SUBMITTED, job.id, alias, run_times))
                    following = job.trigger.get_next_fire_time(run_times[-1], now)
                    if following:
                        job._modify(next_run_time=following)
                        store.update_job(job)
                    else:
                        self.remove_job(job.id, alias)
                store_next = store.get_next_run_time()
                if store_next and (next_wakeup is None or store_next < next_wakeup):
                    next_wakeup = store_next.astimezone(self.timezone)
        for event in events:
            self._dispatch_event(event)
        if self.state == STATE_PAUSED or next_wakeup is None:
            return None
        return min(max(next_wakeup.timestamp() - self.now().timestamp(), 0), TIMEOUT_MAX)
