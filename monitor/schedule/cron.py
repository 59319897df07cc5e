"""Cron expression → APScheduler ``CronTrigger``, with standard day-of-week numbering.

Why apart from the daemon: the config checks every ``schedule`` with the very translation the daemon runs
(so ``7`` = Sunday is accepted or refused alike), and importing it must not pull in the daemon, the
alerts or the store. Depends on APScheduler's trigger only.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


def cron_days(field: str) -> str:
    """Standard cron day-of-week (0 or 7 = Sunday) → APScheduler day names.

    APScheduler 3's ``CronTrigger.from_crontab`` reads numbers with 0 = Monday, so ``1-5`` would run
    Tuesday to Saturday; names are unambiguous, so we translate every number into names.
    """
    if field == "*":
        return field
    days: list[int] = []
    for part in field.lower().split(","):
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1

        def num(token: str) -> int:
            if token[:3] in DAY_NAMES:
                return DAY_NAMES.index(token[:3])
            if not token.isdigit() or int(token) > 7:
                raise ValueError(f"day of week {token!r} is not 0-7 (0 and 7 = Sunday) or a name such as mon")
            return int(token)

        if base == "*":
            lo, hi = 0, 6
        elif "-" in base:
            a, b = base.split("-", 1)
            lo, hi = num(a), num(b)
            if hi < lo:
                hi += 7  # sat-sun style wrap (or ...-7 = ...-Sunday)
        else:
            lo = hi = num(base)
        days.extend(d % 7 for d in range(lo, hi + 1, step))
    return ",".join(DAY_NAMES[d] for d in sorted(set(days)))


def cron_trigger(expr: str, tz: str) -> CronTrigger:
    minute, hour, day, month, dow = expr.split()
    return CronTrigger(
        minute=minute, hour=hour, day=day, month=month, day_of_week=cron_days(dow), timezone=ZoneInfo(tz)
    )
