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


# ---- words people read --------------------------------------------------------------
# Dates and times shown to a person (emails, SMS, PDF, .ics text) are practice time in
# words, never ISO strings or UTC: "Tuesday, December 1, 2026 at 8:00 AM CST".


def age(birth_date: str, on: date | None = None) -> int:
    """Whole years of someone born on `birth_date` (ISO) on the practice's day `on` (default today)."""
    born, on = date.fromisoformat(birth_date), on or today()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def say_date(day: date | datetime | str, weekday: bool = True, year: bool = True) -> str:
    """A calendar day in words: "Tuesday, December 1, 2026". An instant is read in
    practice time first; a "YYYY-MM-DD" string is a practice day already."""
    if isinstance(day, str):
        day = date.fromisoformat(day[:10]) if len(day) <= 10 else local(_parse(day)).date()
    elif isinstance(day, datetime):
        day = local(day).date()
    text = f"{day:%B} {day.day}"
    if year:
        text += f", {day.year}"
    return f"{day:%A}, {text}" if weekday else text


def say_time(moment: datetime | str, zone: bool = True) -> str:
    """A time of day in practice time: "8:00 AM CST"."""
    moment = local(_parse(moment) if isinstance(moment, str) else moment)
    text = f"{moment.hour % 12 or 12}:{moment:%M %p}"
    return f"{text} {moment:%Z}" if zone else text


def say_when(moment: datetime | str) -> str:
    """Date and time in words: "Tuesday, December 1, 2026 at 8:00 AM CST"."""
    return f"{say_date(_parse(moment) if isinstance(moment, str) else moment)} at {say_time(moment)}"


def say_short(moment: datetime | str) -> str:
    """Short, for SMS: "Tue Dec 1, 9:00 PM"."""
    moment = local(_parse(moment) if isinstance(moment, str) else moment)
    return f"{moment:%a %b} {moment.day}, {say_time(moment, zone=False)}"


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
