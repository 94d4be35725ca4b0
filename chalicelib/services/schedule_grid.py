"""The staff schedule as a time grid (issue 14): for each clinician with hours and each
practice day, the working hours cut into grid cells of the practice's slot length, each
open, booked, blocked or past, and the times patients asked for (requests).

Only times and states: no patient, no reason. The visits themselves (who, status) come
from GET /schedule, which audits what it shows, so this frame needs no audit of its own.
Reads: the config partition (1 query), blocked time (1 query) and one query per
clinician on the appointments' provider index over the range (times and states only).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from chalicelib.auth import Caller, require
from chalicelib.clock import practice_tz
from chalicelib.errors import InvalidError
from chalicelib.models._base import iso, utcnow
from chalicelib.models.appointment import Appointment
from chalicelib.services.availability import _align, _local, _utc
from chalicelib.services.scheduling import DAYS, blocks_ending_after, has_hours, load_config, working_hours

MAX_DAYS = 7
# What the grid needs of a visit: never the patient or the reason.
FIELDS = ["start", "end", "status", "cells", "visit_type_name"]


def grid(caller: Caller, first: date, days: int, provider_id: str | None = None,
         now: datetime | None = None) -> dict:
    """A day (every clinician) or up to a week (usually one clinician) of grid cells."""
    require(caller, "schedule.read")
    if not 1 <= days <= MAX_DAYS:
        raise InvalidError(f"days must be between 1 and {MAX_DAYS}.", field="days")
    config, tz, now = load_config(), practice_tz(), now or utcnow()
    clinicians = sorted(((pid, c) for pid, c in config.providers.items() if has_hours(c)),
                        key=lambda pc: pc[1].get("name", ""))
    if provider_id:
        clinicians = [(pid, c) for pid, c in clinicians if pid == provider_id]
        if not clinicians:
            raise InvalidError("provider_id is not a clinician with hours.", field="provider_id")
    step = timedelta(minutes=int(config.rules["slot_minutes"]))
    window_start, window_end = _local(first, "00:00", tz), _local(first + timedelta(days=days), "00:00", tz)
    blocks = [(b.get("provider_id", "*"), _utc(b["start"]), _utc(b["end"]), b.get("label") or "Blocked")
              for b in blocks_ending_after(window_start) if _utc(b["start"]) < window_end]
    columns = []
    for pid, clinician in clinicians:
        taken, requests = _visits(pid, window_start, window_end, tz)
        busy = [(s, e, label) for who, s, e, label in blocks if who in ("*", pid)]
        for offset in range(days):
            day = first + timedelta(days=offset)
            holiday = config.holidays.get(day.isoformat())
            windows = [] if holiday else working_hours(clinician).get(DAYS[day.weekday()], [])
            columns.append({
                "provider_id": pid, "name": clinician["name"], "date": day.isoformat(), "holiday": holiday,
                "hours": windows, "cells": _cells(day, windows, step, tz, taken, busy, now),
                "requests": [r for r in requests if r["date"] == day.isoformat()]})
    return {"from": first.isoformat(), "days": days, "timezone": str(tz), "provider_id": provider_id,
            "slot_minutes": int(config.rules["slot_minutes"]),
            "clinicians": [{"provider_id": pid, "name": c["name"]} for pid, c in clinicians],
            "columns": columns}


def _visits(provider_id: str, start: datetime, end: datetime, tz) -> tuple[set[str], list[dict]]:
    """Cells held by this clinician's visits, and the times patients requested."""
    taken, requests = set(), []
    for appt in Appointment.provider_calendar_index.query(  # cancelled visits have no key there
            provider_id, Appointment.start.between(iso(start), iso(end)), attributes_to_get=FIELDS):
        taken.update(appt.cells or ())
        if appt.status == "proposed":
            local = _utc(appt.start).astimezone(tz)
            requests.append({"start": appt.start, "end": appt.end, "date": local.date().isoformat(),
                             "time": local.strftime("%H:%M"), "visit_type_name": appt.visit_type_name})
    return taken, requests


def _cells(day: date, windows: list[dict], step: timedelta, tz, taken: set[str],
           busy: list[tuple[datetime, datetime, str]], now: datetime) -> list[dict]:
    cells = []
    for window in windows:
        at, close = _align(_local(day, window["start"], tz), step), _local(day, window["end"], tz)
        while at + step <= close:
            cell = {"time": at.astimezone(tz).strftime("%H:%M"), "start": iso(at)}
            blocked = next((label for s, e, label in busy if s < at + step and e > at), None)
            if iso(at) in taken:
                cell["state"] = "booked"
            elif blocked:
                cell.update(state="blocked", label=blocked)
            elif at < now:
                cell["state"] = "past"
            else:
                cell["state"] = "open"
            cells.append(cell)
            at += step
    return cells
