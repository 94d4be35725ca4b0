"""The practice's opening hours as business time: is it open now, when does it open
next, and how many business seconds lie between two instants. Hours come from the
practice settings ({"day": "mon", "open": "08:00", "close": "17:00"}), holidays from
scheduling setup; both in the practice's zone, so DST days count their real length."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from chalicelib import clock

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LOOKAHEAD_DAYS = 60  # a practice closed longer than this has no "next opening"


@dataclass(frozen=True)
class Hours:
    weekly: dict[str, tuple[time, time]]
    holidays: frozenset[str]
    tz: object

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The day's opening and closing instants, or None when closed all day."""
        hours = self.weekly.get(DAYS[day.weekday()])
        if hours is None or day.isoformat() in self.holidays:
            return None
        return (datetime.combine(day, hours[0], self.tz), datetime.combine(day, hours[1], self.tz))

    def is_open(self, moment: datetime) -> bool:
        found = self.window(moment.astimezone(self.tz).date())
        return bool(found) and found[0] <= moment < found[1]

    def next_opening(self, moment: datetime) -> datetime | None:
        """The first opening instant after `moment` (itself if it is inside no window)."""
        day = moment.astimezone(self.tz).date()
        for offset in range(LOOKAHEAD_DAYS):
            found = self.window(day + timedelta(days=offset))
            if found and found[0] > moment:
                return found[0]
        return None

    def business_seconds(self, start: datetime, end: datetime) -> float:
        """Open time between two instants (0 if end is not after start)."""
        if end <= start:
            return 0.0
        total, day = 0.0, start.astimezone(self.tz).date()
        last = end.astimezone(self.tz).date()
        while day <= last:
            found = self.window(day)
            if found:
                overlap = (min(found[1], end) - max(found[0], start)).total_seconds()
                total += max(0.0, overlap)
            day += timedelta(days=1)
        return total

    def add_business_hours(self, start: datetime, hours: float) -> datetime:
        """The instant `hours` of open time after `start` (what "one business day" means)."""
        left = hours * 3600.0
        day = start.astimezone(self.tz).date()
        for offset in range(LOOKAHEAD_DAYS * 4):
            found = self.window(day + timedelta(days=offset))
            if not found or found[1] <= start:
                continue
            begin = max(found[0], start)
            available = (found[1] - begin).total_seconds()
            if available >= left:
                return begin + timedelta(seconds=left)
            left -= available
        return start + timedelta(hours=hours)


def load() -> Hours:
    """Settings (cached) + holidays: at most one Query."""
    from chalicelib.models.scheduling import CONFIG, SchedulingItem
    from chalicelib.services.practice import current_settings

    weekly = {}
    for entry in current_settings().get("hours") or []:
        weekly[entry["day"]] = (time.fromisoformat(entry["open"]), time.fromisoformat(entry["close"]))
    holidays = frozenset(item.key.partition("#")[2]
                         for item in SchedulingItem.query(CONFIG, SchedulingItem.key.startswith("holiday#")))
    return Hours(weekly, holidays, clock.practice_tz())


def in_words(moment: datetime) -> str:
    """"Monday 8 AM", or "Monday 8:30 AM": what the after-hours notice says."""
    local = clock.local(moment)
    minutes = "" if local.minute == 0 else f":{local.minute:02d}"
    return f"{local.strftime('%A')} {local.strftime('%-I')}{minutes} {local.strftime('%p')}"
