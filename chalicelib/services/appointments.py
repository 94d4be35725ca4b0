"""Appointments, the read side: a patient's upcoming and past visits, one visit,
its calendar file, and the staff schedule by provider or for the practice."""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, require
from chalicelib.errors import InvalidError, NotFoundError
from chalicelib.models._base import iso, utcnow
from chalicelib.models.appointment import Appointment
from chalicelib.pagination import decode_cursor, encode_cursor
from chalicelib.clock import practice_tz
from chalicelib.services.scheduling import load_config

TELEHEALTH_OPENS = timedelta(minutes=30)  # the join link and the device check's Join button
UPCOMING_GRACE = timedelta(hours=1)  # a visit that started a moment ago is still "upcoming"
MAX_SCHEDULE_DAYS = 7
SCHEDULE_LIMIT = 100  # a page of the schedule (the pagination maximum); the cursor has the rest


def load(patient_id: str, appointment_id: str) -> Appointment:
    try:
        return Appointment.get(patient_id, appointment_id)
    except Appointment.DoesNotExist:
        raise NotFoundError("Appointment not found.") from None


def when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def to_dict(appt: Appointment, now: datetime, cutoff_hours: int) -> dict:
    tz = practice_tz()
    start, end = when(appt.start), when(appt.end)
    local = start.astimezone(tz)
    deadline = start - timedelta(hours=int(cutoff_hours))
    result = {
        "appointment_id": appt.appointment_id, "patient_id": appt.patient_id, "status": appt.status,
        "visit_type_id": appt.visit_type_id, "visit_type_name": appt.visit_type_name,
        "provider_id": appt.provider_id, "provider_name": appt.provider_name,
        "start": appt.start, "end": appt.end, "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"), "timezone": str(tz), "reason": appt.reason,
        "mode": "telehealth" if appt.telehealth or appt.video else "in-person",
        "change_until": iso(deadline),
        "can_change": appt.status in ("booked", "proposed") and now < deadline,
        "started": now >= start,  # completed or no-show only from here (staff)
        "decline_reason": appt.decline_reason, "cancelled_by": appt.cancelled_by,
        "created_at": appt.created_at, "updated_at": appt.updated_at,
        "checked_in_online": bool(appt.checked_in_at), "checked_in_at": appt.checked_in_at,  # issue 17
    }
    if appt.status == "booked":  # eCheck-in window (issue 17: services/checkin)
        from chalicelib.services.checkin import window

        opens, closes = window(appt)
        result["checkin_opens_at"], result["checkin_closes_at"] = iso(opens), iso(closes)
    if appt.telehealth or appt.video:
        opens = start - TELEHEALTH_OPENS
        live = appt.status in ("booked", "arrived") and opens <= now <= end + UPCOMING_GRACE
        result["telehealth_opens_at"] = iso(opens)
        result["telehealth_url"] = appt.telehealth if live else None
        result["telehealth_link_set"] = bool(appt.telehealth)  # False: the practice has yet to add it
    if appt.waitlist:
        result["waitlist"] = True  # asked to hear of an earlier time
    return result


def list_for_patient(caller: Caller, patient_id: str, which: str, limit: int, cursor: str | None,
                     now: datetime | None = None) -> dict:
    """Upcoming (soonest first, not cancelled) or past (newest first, all) visits."""
    authorize_patient(caller, patient_id, "appointments.read")
    if which not in ("upcoming", "past"):
        raise InvalidError("when must be upcoming or past.", field="when")
    now = now or utcnow()
    boundary = iso(now - UPCOMING_GRACE)
    scope = f"appointments:{patient_id}:{which}"
    if which == "upcoming":
        # Only proposed/booked/arrived visits carry the key: cancelled ones are outside the range.
        query = Appointment.active_patient_index.query(
            patient_id, Appointment.start >= boundary, limit=limit, last_evaluated_key=decode_cursor(cursor, scope))
    else:
        query = Appointment.patient_start_index.query(
            patient_id, Appointment.start < boundary, scan_index_forward=False, limit=limit,
            last_evaluated_key=decode_cursor(cursor, scope))
    items = list(query)
    cutoff = load_config().rules["cancel_cutoff_hours"]
    audit.record(caller, patient_id, "read", "appointment")
    return {"items": [_for(caller, to_dict(a, now, cutoff)) for a in items],
            "cursor": encode_cursor(query.last_evaluated_key, scope)}


def _for(caller: Caller, shown: dict) -> dict:
    """Without the visit reason for callers who do not read it (auth.sees_visit_reason)."""
    from chalicelib.auth import sees_visit_reason

    if not sees_visit_reason(caller, shown["patient_id"]):
        shown = {**shown, "reason": None}
    return shown


def get(caller: Caller, patient_id: str, appointment_id: str, now: datetime | None = None) -> dict:
    """One visit, with what to bring (the visit page)."""
    from chalicelib.services.visit_prep import what_to_bring

    authorize_patient(caller, patient_id, "appointments.read")
    appt = load(patient_id, appointment_id)
    audit.record(caller, patient_id, "read", "appointment", appointment_id)
    config = load_config()
    return {**_for(caller, to_dict(appt, now or utcnow(), config.rules["cancel_cutoff_hours"])),
            "what_to_bring": what_to_bring(config, appt)}


def calendar_file(caller: Caller, patient_id: str, appointment_id: str) -> bytes:
    from chalicelib.services.appointment_notices import ics

    authorize_patient(caller, patient_id, "appointments.read")
    appt = load(patient_id, appointment_id)
    if appt.status == "proposed":
        raise NotFoundError("This request has no calendar file until the practice confirms it.")
    audit.record(caller, patient_id, "read", "appointment", appointment_id)
    return ics(appt)


def next_for_home(caller: Caller, patient_id: str, now: datetime | None = None) -> dict | None:
    """The patient home's "next appointment" section: one Query, None if there is none
    (the home has authorized the caller for the patient; this checks its own permission)."""
    from chalicelib.auth import may

    if not may(caller, patient_id, "appointments.read"):
        return None
    now = now or utcnow()
    for appt in Appointment.active_patient_index.query(patient_id, Appointment.start >= iso(now - UPCOMING_GRACE),
                                                       limit=1):
        shown = to_dict(appt, now, 0)
        for key in ("change_until", "can_change", "reason", "decline_reason", "cancelled_by", "created_at"):
            shown.pop(key)
        return shown
    return None


def schedule(caller: Caller, first_day: str, days: int, provider_id: str | None = None,
             now: datetime | None = None, limit: int = SCHEDULE_LIMIT, cursor: str | None = None) -> dict:
    """Day or week schedule for one provider or the practice, a page at a time (by start).

    Reads only visits on the schedule (sparse indexes: requests and cancelled visits
    have no key) and at most `limit` of them; the patient's name is on the visit.
    One provider is one Query; the practice is one Query per day until the page is full.
    Audit: one event per patient shown on the page (docs/appointments.md, "The schedule").
    """
    require(caller, "schedule.read")
    from datetime import date, time, timezone

    if not 1 <= days <= MAX_SCHEDULE_DAYS:
        raise InvalidError(f"days must be between 1 and {MAX_SCHEDULE_DAYS}.", field="days")
    try:
        first = date.fromisoformat(first_day)
    except (TypeError, ValueError):
        raise InvalidError("date must be a date like 2026-03-09.", field="date") from None
    tz = practice_tz()
    dates = [(first + timedelta(days=i)).isoformat() for i in range(days)]
    scope = f"schedule:{first.isoformat()}:{days}:{provider_id or '*'}"
    position = decode_cursor(cursor, scope) or {}
    shown: list[Appointment] = []
    if provider_id:
        start = datetime.combine(first, time(0), tzinfo=tz).astimezone(timezone.utc)
        end = datetime.combine(first + timedelta(days=days), time(0), tzinfo=tz).astimezone(timezone.utc)
        query = Appointment.provider_schedule_index.query(
            provider_id, Appointment.start.between(iso(start), iso(end)), limit=limit,
            last_evaluated_key=position.get("key"))
        shown = list(query)
        after = {"key": query.last_evaluated_key} if query.last_evaluated_key else None
    else:
        after = None
        day_at = dates.index(position["day"]) if position.get("day") in dates else 0
        key = position.get("key")
        for day in dates[day_at:]:
            query = Appointment.schedule_day_index.query(day, limit=limit - len(shown), last_evaluated_key=key)
            shown += list(query)
            key = None
            if query.last_evaluated_key:
                after = {"day": day, "key": query.last_evaluated_key}
                break
            if len(shown) >= limit:
                following = dates.index(day) + 1
                after = {"day": dates[following]} if following < len(dates) else None
                break
    by_patient: dict[str, list[str]] = {}
    for appt in shown:
        by_patient.setdefault(appt.patient_id, []).append(appt.appointment_id)
    audit.record_many(caller, [(patient_id, "read", "appointment", ",".join(ids))
                               for patient_id, ids in by_patient.items()])
    cutoff = load_config().rules["cancel_cutoff_hours"]
    now = now or utcnow()
    return {"from": first.isoformat(), "days": days, "provider_id": provider_id, "timezone": str(tz),
            # staff see (and set) a video visit's link at any time: video_link
            "items": [{**_for(caller, to_dict(a, now, cutoff)), "patient_name": a.patient_name or "",
                       "video_link": a.telehealth}
                      for a in sorted(shown, key=lambda a: (a.start, a.provider_id))],
            "cursor": encode_cursor(after, scope)}
