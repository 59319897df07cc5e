"""Which jobs a config asks for, and when each fires (pure: ``now`` is always injected).

Why apart from the daemon: ``campus-monitor schedule --list`` and the catch-up at start need the fire
times without starting APScheduler; tests check them for any hour without a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from monitor.config import Config
from monitor.schedule.cron import cron_trigger


@dataclass(frozen=True)
class JobSpec:
    id: str
    kind: str  # crawl | report
    cron: str
    sites: tuple[str, ...] | None = None  # None: every site

    def describe(self) -> str:
        if self.kind == "report":
            return "monthly report"
        return "crawl " + ("all sites" if self.sites is None else ", ".join(self.sites))


def job_specs(config: Config) -> list[JobSpec]:
    """The jobs the config asks for: per-site ``schedule`` overrides get a crawl job of their own."""
    by_cron: dict[str, list[str]] = {}
    default_sites = [s.name for s in config.sites if not s.schedule or s.schedule == config.schedule]
    for site in config.sites:
        if site.schedule and site.schedule != config.schedule:
            by_cron.setdefault(site.schedule, []).append(site.name)
    specs: list[JobSpec] = []
    if default_sites:
        specs.append(JobSpec("crawl", "crawl", config.schedule, None if not by_cron else tuple(default_sites)))
    for cron, names in by_cron.items():
        specs.append(JobSpec(f"crawl:{names[0]}", "crawl", cron, tuple(names)))
    if config.email is not None:  # the monthly report job mails the report; without [email] it could only fail
        specs.append(JobSpec("report", "report", config.report_schedule))
    return specs


def trigger(spec: JobSpec, tz: str) -> CronTrigger:
    return cron_trigger(spec.cron, tz)


def next_runs(spec: JobSpec, tz: str, now: datetime, count: int = 1) -> list[datetime]:
    """The next ``count`` fire times after ``now``, in the configured zone (pure: ``now`` is injected)."""
    trig = trigger(spec, tz)
    out: list[datetime] = []
    current = now.astimezone(ZoneInfo(tz))
    previous = None
    for _ in range(count):
        fire = trig.get_next_fire_time(previous, current)
        if fire is None:
            break
        out.append(fire)
        previous, current = fire, fire + timedelta(seconds=1)
    return out


def missed_fire_times(spec: JobSpec, tz: str, last_due: datetime, now: datetime, limit: int = 1000) -> list[datetime]:
    """Fire times in (last_due, now]: the runs that should have happened while the daemon was not running."""
    trig = trigger(spec, tz)
    out: list[datetime] = []
    current = last_due.astimezone(ZoneInfo(tz)) + timedelta(seconds=1)
    previous = None
    while len(out) < limit:
        fire = trig.get_next_fire_time(previous, current)
        if fire is None or fire > now:
            break
        out.append(fire)
        previous, current = fire, fire + timedelta(seconds=1)
    return out
