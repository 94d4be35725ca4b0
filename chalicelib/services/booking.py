"""Appointments, the write side: book (or request), cancel, reschedule, mark status.

Exactly once: the time a visit covers is claimed by writing its SlotCells with
attribute_not_exists in the same TransactWrite as the appointment. Losing a
race (ConditionalCheckFailed, or TransactionConflict on real DynamoDB) is a 409;
nothing is half written. The booking POST's Idempotency-Key is handled by
Powertools idempotency (book_once).
"""
from __future__ import annotations

import functools
import uuid
from datetime import datetime, timedelta

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import ConflictError, UnprocessableError
from chalicelib.models._base import iso, transact_write, utcnow
from chalicelib.models.appointment import Appointment
from chalicelib.models.slot import SlotCell
from chalicelib.services.appointment_notices import tell_patient
from chalicelib.services.appointments import load, to_dict, when
from chalicelib.services.availability import check_open
from chalicelib.services.directory import touch
from chalicelib.clock import practice_tz
from chalicelib.services.scheduling import load_config, parse_instant
from chalicelib.services.visit_prep import is_video, link_for

TAKEN = ConflictError("That time was just taken. Choose another time.", field="start", code="slot_taken")
CHANGED = ConflictError("This visit was changed meanwhile. Reload it and try again.", code="changed")
TRANSITIONS = {"arrived": ("booked",), "fulfilled": ("booked", "arrived"), "noshow": ("booked", "arrived")}
NOT_BEFORE_START = ("fulfilled", "noshow")
STATUS_WORDS = {"booked": "booked", "proposed": "a request", "cancelled": "cancelled", "declined": "declined",
                "arrived": "arrived", "fulfilled": "completed", "noshow": "a no-show"}


def book(caller: Caller | None, patient_id: str, data: dict, *, now: datetime | None = None,
         quiet: bool = False) -> dict:
    """Book an open slot, or for a `request` visit type ask for it (status proposed).

    caller None is the seed. Staff book any visit type directly; patients follow
    the online rules (notice, horizon, mode).
    """
    from chalicelib.services.patients import load as load_patient

    if caller is not None:
        authorize_patient(caller, patient_id, "appointments.book")
    patient = load_patient(patient_id)
    now, staff = now or utcnow(), caller is None or caller.is_staff
    config = load_config()
    visit_type = config.visit_type(data["visit_type_id"])
    if visit_type["mode"] == "view-only" and not staff:
        raise UnprocessableError(_call_us("This visit type is booked by the practice."), field="visit_type_id",
                                 code="view_only")
    start = parse_instant(data["start"], "start", practice_tz())
    slot = check_open(config, visit_type, data["provider_id"], start, now, online_rules=not staff)
    proposed = visit_type["mode"] == "request" and not staff
    appt = Appointment(
        patient_id, uuid.uuid4().hex, status="proposed" if proposed else "booked",
        visit_type_id=data["visit_type_id"], visit_type_name=visit_type["name"],
        provider_id=slot.provider_id, provider_name=config.providers[slot.provider_id]["name"],
        start=iso(slot.start), end=iso(slot.end), day=slot.start.astimezone(practice_tz()).date().isoformat(),
        cells=[] if proposed else slot.cells(int(config.rules["slot_minutes"])),
        reason=data.get("reason"), telehealth=link_for(config, visit_type, slot.provider_id),
        video=is_video(visit_type) or None,
        queue="requests" if proposed else None, created_at=iso(now), updated_at=iso(now),
        created_by=caller.user_id if caller else "system", booked_at=None if proposed else iso(now),
        patient_name=patient_name(patient)).set_list_keys()
    with _races():
        with transact_write() as tx:
            tx.save(appt, condition=Appointment.appointment_id.does_not_exist())
            for cell in appt.cells:
                tx.save(SlotCell.taken(appt.provider_id, cell, appt.appointment_id, patient_id),
                        condition=SlotCell.start.does_not_exist())
    audit.record(caller, patient_id, "create", "appointment", appt.appointment_id)
    touch(patient_id)
    if not proposed:
        from chalicelib.services.adoption import events

        events.booked(caller, patient)
    if not quiet:
        if proposed:
            from chalicelib.services.appointment_requests import tell_front_desk

            tell_patient(appt, "appointment_requested")
            tell_front_desk(appt)
        else:
            tell_patient(appt, "appointment_booked", with_calendar=True)
    return to_dict(appt, now, config.rules["cancel_cutoff_hours"])


def book_once(caller: Caller, patient_id: str, data: dict, key: str | None, lambda_context=None) -> dict:
    """book() honouring an Idempotency-Key: a retry with the same key gets the first
    answer; the same key with a different body is a 422; a retry while the first
    is still running is a 409."""
    if not key:
        return book(caller, patient_id, data)
    from chalicelib.idempotency import run_once

    return run_once(_idempotent_book, caller, {"user": caller.user_id, "patient_id": patient_id, "key": key,
                                               "body": data}, lambda_context,
                    what="booking", doing="This booking is already being made")


@functools.cache
def _idempotent_book():
    """Built on first use: Powertools idempotency is too heavy for the cold start."""
    from chalicelib.idempotency import runner

    return runner("_idempotent_book.<locals>.run", "[user, patient_id, key]",
                  lambda caller, request: book(caller, request["patient_id"], request["body"]))


def cancel(caller: Caller, patient_id: str, appointment_id: str, *, now: datetime | None = None) -> dict:
    authorize_patient(caller, patient_id, "appointments.book")
    appt = load(patient_id, appointment_id)
    now, config = now or utcnow(), load_config()
    if appt.status not in ("booked", "proposed"):
        raise ConflictError("This visit can no longer be cancelled.", code="not_cancellable")
    _check_cutoff(caller, appt, now, config.rules)
    seen = appt.status
    appt.status, appt.queue, appt.updated_at = "cancelled", None, iso(now)
    appt.cancelled_by = "practice" if caller.is_staff else "patient"
    with _races():
        with transact_write() as tx:
            tx.update(appt, actions=[Appointment.status.set("cancelled"), Appointment.queue.remove(),
                                     Appointment.cells.set([]), Appointment.cancelled_by.set(appt.cancelled_by),
                                     Appointment.updated_at.set(appt.updated_at), *appt.key_actions()],
                      condition=(Appointment.status == seen) & (Appointment.start == appt.start))
            for cell in appt.cells:
                tx.delete(SlotCell(appt.provider_id, cell), condition=SlotCell.appointment_id == appointment_id)
    audit.record(caller, patient_id, "update", "appointment", appointment_id)
    _off_the_waitlist(appt)
    tell_patient(appt, "appointment_cancelled")
    appt.cells = []
    return to_dict(appt, now, config.rules["cancel_cutoff_hours"])


def reschedule(caller: Caller, patient_id: str, appointment_id: str, data: dict, *,
               now: datetime | None = None) -> dict:
    """Move a booked visit: the new time is taken and the old one freed in one transaction."""
    authorize_patient(caller, patient_id, "appointments.book")
    appt = load(patient_id, appointment_id)
    now, config = now or utcnow(), load_config()
    if appt.status != "booked":
        raise ConflictError("Only a booked visit can be moved.", code="not_movable")
    _check_cutoff(caller, appt, now, config.rules)
    visit_type = config.visit_types.get(appt.visit_type_id)
    if visit_type is None:
        raise ConflictError(_call_us("This visit type is no longer offered online."), code="visit_type_gone")
    start = parse_instant(data["start"], "start", practice_tz())
    slot = check_open(config, visit_type, data.get("provider_id") or appt.provider_id, start, now,
                      ignore_appointment=appointment_id, online_rules=not caller.is_staff)
    _move(appt, slot, config, now)
    audit.record(caller, patient_id, "update", "appointment", appointment_id)
    _off_the_waitlist(appt)
    touch(patient_id)
    tell_patient(appt, "appointment_changed", with_calendar=True)
    return to_dict(appt, now, config.rules["cancel_cutoff_hours"])


def _move(appt: Appointment, slot, config, now: datetime, from_status: str = "booked", also=None) -> None:
    """Take `slot` for `appt` and free what it held, atomically (also approves a request).
    `also(tx)` adds writes that must succeed with it (a waitlist offer taken once)."""
    old = {(appt.provider_id, c) for c in appt.cells}
    cells = slot.cells(int(config.rules["slot_minutes"]))
    new = {(slot.provider_id, c) for c in cells}
    seen_start = appt.start
    appt.status, appt.queue = "booked", None
    appt.provider_id, appt.provider_name = slot.provider_id, config.providers[slot.provider_id]["name"]
    appt.start, appt.end, appt.cells, appt.updated_at = iso(slot.start), iso(slot.end), cells, iso(now)
    appt.day = slot.start.astimezone(practice_tz()).date().isoformat()
    appt.booked_at = appt.booked_at or iso(now)
    with _races():
        with transact_write() as tx:
            tx.update(appt, actions=[
                Appointment.status.set("booked"), Appointment.queue.remove(),
                Appointment.provider_id.set(appt.provider_id), Appointment.provider_name.set(appt.provider_name),
                Appointment.start.set(appt.start), Appointment.end.set(appt.end), Appointment.day.set(appt.day),
                Appointment.cells.set(cells), Appointment.updated_at.set(appt.updated_at),
                Appointment.booked_at.set(appt.booked_at),
                # a moved visit is reminded again for its new time
                Appointment.reminded_email_at.remove(), Appointment.reminded_sms_at.remove(),
                Appointment.reminded_video_at.remove(), *appt.key_actions()],
                condition=(Appointment.status == from_status) & (Appointment.start == seen_start))
            for provider_id, cell in sorted(new - old):
                tx.save(SlotCell.taken(provider_id, cell, appt.appointment_id, appt.patient_id),
                        condition=SlotCell.start.does_not_exist())
            for provider_id, cell in sorted(old - new):
                tx.delete(SlotCell(provider_id, cell), condition=SlotCell.appointment_id == appt.appointment_id)
            if also:
                also(tx)


def _off_the_waitlist(appt: Appointment) -> None:
    """A cancelled or moved visit leaves the waitlist and its open offer is withdrawn."""
    if appt.waitlist:
        from chalicelib.services.waitlist import leave_on_change

        leave_on_change(appt)


def set_status(caller: Caller, patient_id: str, appointment_id: str, status: str) -> dict:
    """Staff record arrived, fulfilled or no-show (FHIR Appointment statuses)."""
    authorize_patient(caller, patient_id, "appointments.status")
    appt = load(patient_id, appointment_id)
    allowed = TRANSITIONS[status]
    if appt.status not in allowed:
        raise ConflictError(f"This visit is {STATUS_WORDS.get(appt.status, appt.status)}: it cannot be marked "
                            f"{STATUS_WORDS[status]}.", field="status", code="bad_transition")
    now = utcnow()
    if status in NOT_BEFORE_START and now < when(appt.start):
        # A visit cannot be completed or missed before it begins (a mis-tap on the wrong row).
        raise UnprocessableError(f"This visit has not started yet: it can be marked {STATUS_WORDS[status]} "
                                 "once its time has come.", field="status", code="not_started")
    from pynamodb.exceptions import UpdateError

    try:
        appt.status = status
        appt.update(actions=[Appointment.status.set(status), Appointment.updated_at.set(iso(now)),
                             *appt.key_actions()],
                    condition=Appointment.status.is_in(*allowed))
    except UpdateError:
        raise CHANGED from None
    audit.record(caller, patient_id, "update", "appointment", appointment_id)
    touch(patient_id)
    return to_dict(appt, now, load_config().rules["cancel_cutoff_hours"])


def patient_name(patient) -> str:
    """How the schedule names a patient; kept on the appointment (the schedule reads no Patient)."""
    return f"{patient.family_name}, {patient.given_name}"


def rename_on_visits(patient_id: str, name: str) -> None:
    """A corrected name reaches the schedule: rewrite `patient_name` on every visit of the
    patient (a rare staff action; one update per visit, each only if the name differs)."""
    from pynamodb.exceptions import UpdateError

    for appt in Appointment.patient_start_index.query(patient_id, attributes_to_get=["patient_id", "appointment_id"]):
        try:
            appt.update(actions=[Appointment.patient_name.set(name)],
                        condition=Appointment.appointment_id.exists() & (Appointment.patient_name != name))
        except UpdateError:
            pass  # already this name (or gone)


def _check_cutoff(caller: Caller, appt: Appointment, now: datetime, rules: dict) -> None:
    if caller.is_staff or appt.status != "booked":
        return
    hours = int(rules["cancel_cutoff_hours"])
    if now > when(appt.start) - timedelta(hours=hours):
        raise UnprocessableError(_call_us(f"Visits can be changed online up to {hours} hours before."),
                                 code="past_cutoff")


def _call_us(lead: str) -> str:
    from chalicelib.services.practice import current_settings

    phone = current_settings().get("phone")
    return f"{lead} Please call the practice{f' at {phone}' if phone else ''}."


class _races:
    """Map a cancelled transaction to 409: a failed condition on the appointment
    (item 0) means it changed; on a cell, the time was taken."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        from pynamodb.exceptions import TransactWriteError

        if not isinstance(exc, TransactWriteError):
            return False
        if exc.cause_response_code == "TransactionConflictException":
            raise TAKEN from None
        reasons = [r.code if r else None for r in (exc.cancellation_reasons or [])]
        if not reasons or set(reasons) - {"ConditionalCheckFailed", "TransactionConflict", "None", None}:
            return False
        raise (CHANGED if reasons[0] in ("ConditionalCheckFailed", "TransactionConflict") else TAKEN) from None
