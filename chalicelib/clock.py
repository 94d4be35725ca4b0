"""The one clock: every "now" and "today" in the portal comes from here.

- `now()` is an aware UTC datetime; store and compare instants in UTC.
- `today()` is the *practice's* day in its IANA zone (at 9 pm in Chicago the UTC date is
  already tomorrow; the practice's is not).
- `local(moment)` turns an instant into practice time for display and day arithmetic.

Tests freeze or move time with time-machine (it patches the clock of the whole process,
moto included); the local stack can start at a chosen instant (`python -m devserver
--now ...`). Code never calls datetime.now()/date.today()/time.time() for wall time
anywhere else (the before-stop hook greps for it).
"""
from __future__ import annotations

import time as _time
from datetime import date, datetime, timezone, tzinfo

DEFAULT_ZONE = "America/Chicago"


def now() -> datetime:
    """This instant, aware, in UTC."""
    return datetime.now(timezone.utc)


def epoch() -> float:
    """Seconds since the epoch (token expiry, TTL attributes)."""
    return _time.time()


def practice_tz() -> tzinfo:
    """The practice's zone, from its settings (cached for a minute per process)."""
    from zoneinfo import ZoneInfo

    from chalicelib.services.practice import current_settings

    return ZoneInfo(current_settings().get("timezone") or DEFAULT_ZONE)


def local(moment: datetime | None = None) -> datetime:
    """`moment` (default: now) in practice time."""
    return (moment or now()).astimezone(practice_tz())


def today() -> date:
    """The practice's day, in its zone."""
    return local().date()
