"""One injectable clock for everything that asks "what time is it?".

Tests and users pin "now" with ``--now 2022-07-01`` (or the CAMPUS_MONITOR_NOW environment variable,
which child processes inherit), so staleness and reminders never depend on the wall clock.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

ENV = "CAMPUS_MONITOR_NOW"
DEFAULT_TZ = "Asia/Shanghai"


YEARS = (1990, 2100)  # the pinned clock's range: year 1 or 9999 overflows every "days ago" sum


class ClockRangeError(ValueError):
    """A pinned time outside ``YEARS``."""


def check_pinned(text: str) -> None:
    """What the user wrote (``--now``, CAMPUS_MONITOR_NOW): ISO, a year in ``YEARS`` (else ValueError)."""
    year = datetime.fromisoformat(text.strip()).year
    if not YEARS[0] <= year <= YEARS[1]:
        raise ClockRangeError(f"year {year} is outside {YEARS[0]}-{YEARS[1]}")
    parse_now(text)


def parse_now(text: str, tz: str = DEFAULT_TZ) -> datetime:
    """Parse an ISO date or datetime; a naive value is read in the configured zone."""
    value = datetime.fromisoformat(text.strip())
    if not YEARS[0] - 1 <= value.year <= YEARS[1] + 1:  # a day's slack for an offset; keeps every sum in range
        raise ClockRangeError(f"year {value.year} is outside {YEARS[0]}-{YEARS[1]}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(tz))
    return value.astimezone(UTC)


def settle_zone(tz: str) -> None:
    """Once the configured zone is known, make a naive pinned time explicit in it.

    ``--now 2022-07-01 09:00`` means 09:00 where the monitor runs; callers that ask ``now()`` without a
    zone (the store's timestamps) must agree with those that pass it, and so must child processes.
    """
    pinned = os.environ.get(ENV)
    if pinned:
        try:
            value = datetime.fromisoformat(pinned.strip())
        except ValueError:
            return  # cli reports a bad value in one line
        if value.tzinfo is None:  # with its offset, in the zone: a child's year check sees what was written
            os.environ[ENV] = value.replace(tzinfo=ZoneInfo(tz)).isoformat()


def now(tz: str = DEFAULT_TZ) -> datetime:
    """Current time as an aware UTC datetime (pinned when CAMPUS_MONITOR_NOW is set)."""
    pinned = os.environ.get(ENV)
    if pinned:
        return parse_now(pinned, tz)
    return datetime.now(UTC)


def today(tz: str = DEFAULT_TZ) -> date:
    """Today's date in the configured time zone."""
    return now(tz).astimezone(ZoneInfo(tz)).date()


def iso(dt: datetime) -> str:
    """How times are stored: UTC, second precision, with offset."""
    return dt.astimezone(UTC).replace(microsecond=0).isoformat()


def local(text: str | None, tz: str = DEFAULT_TZ) -> str:
    """A stored UTC time shown in the configured zone (YYYY-MM-DD HH:MM)."""
    if not text:
        return ""
    return datetime.fromisoformat(text).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
