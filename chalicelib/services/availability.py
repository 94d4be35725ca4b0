"""Open slots: weekly hours minus holidays, blocked time and taken cells.

Computed in the practice's timezone: each day's working windows are built as
local wall-clock times and converted to UTC instants before stepping, so a
30-minute visit is 30 real minutes and 09:00 stays 09:00 across a daylight-saving
change. Reads: the config partition (1 query), blocks (1 query) and taken cells
(one Query of the month-cell index per month the window touches, for all the
visit type's clinicians at once; one on the table for a single clinician),
whatever the history. A call answers at most DAYS_PER_CALL days; `cursor` has the rest.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from chalicelib.errors import InvalidError
from chalicelib.models._base import iso, utcnow
from chalicelib.clock import practice_tz
from chalicelib.services.scheduling import DAYS, Config, blocks_ending_after, load_config, working_hours

MAX_DAYS = 28  # what a request may ask for
DAYS_PER_CALL = 14  # what one answer covers (the booking page's fortnight); the cursor continues


@dataclass(frozen=True)
class Slot:
    provider_id: str
    start: datetime  # UTC
    end: datetime

    def cells(self, grid_minutes: int) -> list[str]:
        step = timedelta(minutes=grid_minutes)
        count = int((self.end - self.start) / step)
        return [iso(self.start + i * step) for i in range(count)]


def open_slots(config: Config, visit_type: dict, provider_ids: list[str], first_day: date, days: int,
               taken: dict[str, set[str]], blocks: list[dict], now: datetime, tz,
               online_rules: bool = True) -> list[Slot]:
    """Every free start for `visit_type` (pure: all inputs given). Staff booking
    skips the online notice and horizon rules (online_rules=False), not the hours."""
    rules = config.rules
    grid = timedelta(minutes=int(rules["slot_minutes"]))
    length = timedelta(minutes=int(visit_type["duration_minutes"]))
    earliest = now + timedelta(minutes=int(rules["min_notice_minutes"]) if online_rules else 0)
    latest = now + timedelta(days=int(rules["horizon_days"]) if online_rules else 3650)
    spans = [(b.get("provider_id", "*"), _utc(b["start"]), _utc(b["end"])) for b in blocks]
    found = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day.isoformat() in config.holidays:
            continue
        for provider_id in provider_ids:
            hours = working_hours(config.providers.get(provider_id, {}))
            cells = taken.get(provider_id, set())
            busy = [(s, e) for who, s, e in spans if who in ("*", provider_id)]
            for window in hours.get(DAYS[day.weekday()], []):
                open_at = _local(day, window["start"], tz)
                close_at = _local(day, window["end"], tz)
                start = _align(open_at, grid)
                while start + length <= close_at:
                    slot = Slot(provider_id, start, start + length)
                    if earliest <= start <= latest and not any(s < slot.end and e > start for s, e in busy) \
                            and not cells.intersection(slot.cells(int(rules["slot_minutes"]))):
                        found.append(slot)
                    start += grid
    return found


def _local(day: date, hhmm: str, tz) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=tz).astimezone(timezone.utc)


def _align(moment: datetime, grid: timedelta) -> datetime:
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    steps = -(-(moment - epoch) // grid)  # ceiling: the first grid line at or after
    return epoch + steps * grid


def _utc(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def taken_cells(provider_ids: list[str], start: datetime, end: datetime,
                ignore_appointment: str | None = None) -> dict[str, set[str]]:
    """Cells taken per provider in [start, end]: one Query for one provider, else one Query
    of the month-cell index per UTC month of the window for every provider at once."""
    from chalicelib.models.slot import SlotCell

    taken: dict[str, set[str]] = {p: set() for p in provider_ids}
    if not provider_ids:
        return taken
    window = SlotCell.start.between(iso(start), iso(end))
    if len(provider_ids) == 1:
        queries = [SlotCell.query(provider_ids[0], window)]
    else:
        months = sorted({(start + timedelta(days=d)).strftime("%Y-%m") for d in range((end - start).days + 1)}
                        | {end.strftime("%Y-%m")})
        queries = [SlotCell.month_index.query(month, window) for month in months]
    for query in queries:
        for cell in query:
            if cell.provider_id in taken and cell.appointment_id != ignore_appointment:
                taken[cell.provider_id].add(cell.start)
    return taken


def find(visit_type_id: str, first_day: date | None, days: int, provider_id: str | None = None,
         now: datetime | None = None, cursor: str | None = None) -> dict:
    """Open slots for a visit type over `days` days from `first_day` (practice dates), at
    most DAYS_PER_CALL of them per answer: `cursor` (null when done) asks for the rest."""
    from chalicelib.pagination import decode_cursor, encode_cursor

    if not 1 <= days <= MAX_DAYS:
        raise InvalidError(f"days must be between 1 and {MAX_DAYS}.", field="days")
    now, tz = now or utcnow(), practice_tz()
    scope = f"availability:{visit_type_id}:{provider_id or '*'}"
    position = decode_cursor(cursor, scope)
    if position:
        first_day, days = date.fromisoformat(position["from"]), int(position["days"])
    first_day = first_day or now.astimezone(tz).date()
    rest, days = max(days - DAYS_PER_CALL, 0), min(days, DAYS_PER_CALL)
    config = load_config()
    visit_type = config.visit_type(visit_type_id)
    providers = list(visit_type.get("provider_ids", []))
    if provider_id:
        if provider_id not in providers:
            raise InvalidError("provider_id does not see this visit type.", field="provider_id")
        providers = [provider_id]
    window_start = _local(first_day, "00:00", tz)
    window_end = _local(first_day + timedelta(days=days), "00:00", tz)
    slots = open_slots(config, visit_type, providers, first_day, days,
                       taken_cells(providers, window_start, window_end),
                       blocks_ending_after(window_start), now, tz)
    # A visit that starts inside the change cutoff cannot be moved or cancelled online
    # once booked: say so per slot, so the page warns before the patient confirms.
    change_by = now + timedelta(hours=int(config.rules["cancel_cutoff_hours"]))
    by_day: dict[str, list] = {}
    for slot in slots:
        local = slot.start.astimezone(tz)
        by_day.setdefault(local.date().isoformat(), []).append({
            "provider_id": slot.provider_id, "start": iso(slot.start), "end": iso(slot.end),
            "time": local.strftime("%H:%M"), "changeable_online": slot.start > change_by})
    last_date = (now + timedelta(days=int(config.rules["horizon_days"]))).astimezone(tz).date()
    return {
        "visit_type_id": visit_type_id, "timezone": str(tz), "from": first_day.isoformat(), "days": days,
        "last_date": last_date.isoformat(), "cancel_cutoff_hours": int(config.rules["cancel_cutoff_hours"]),
        "providers": {p: config.providers.get(p, {}).get("name", "") for p in providers},
        "dates": [{"date": d, "slots": s} for d, s in sorted(by_day.items())],
        "cursor": encode_cursor({"from": (first_day + timedelta(days=days)).isoformat(), "days": rest}, scope)
        if rest else None,
    }


def check_open(config: Config, visit_type: dict, provider_id: str, start: datetime, now: datetime,
               ignore_appointment: str | None = None, online_rules: bool = True) -> Slot:
    """The slot at `start` if it is open now (a read: the booking's condition decides races)."""
    from chalicelib.errors import ConflictError

    if provider_id not in visit_type.get("provider_ids", []):
        raise InvalidError("provider_id does not see this visit type.", field="provider_id")
    tz = practice_tz()
    day = start.astimezone(tz).date()
    day_start, day_end = _local(day, "00:00", tz), _local(day + timedelta(days=1), "00:00", tz)
    slots = open_slots(config, visit_type, [provider_id], day, 1,
                       taken_cells([provider_id], day_start, day_end, ignore_appointment),
                       blocks_ending_after(day_start), now, tz, online_rules)
    for slot in slots:
        if slot.start == start:
            return slot
    raise ConflictError("That time is not available. Choose another time.", field="start",
                        code="slot_unavailable")
