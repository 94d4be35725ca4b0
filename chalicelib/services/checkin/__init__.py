"""eCheck-in (issue 17): from N days to M minutes before a visit (practice settings,
practice time) the patient confirms contact details, insurance cards, medications and
allergies, signs the current consent forms and answers the visit type's questionnaires;
finishing marks the visit "Checked in online".

Each step is one item "checkin#<appointment id>#<step>" in the patient's forms
partition, written in one transaction with whatever the step creates (a contact change
request, signatures and their PDFs, questionnaire answers), so a step is either wholly
written or not at all, and the visit's state is one Query. Consents and questionnaires
are checked live: a consent published in a new version after signing asks again.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, may
from chalicelib.errors import ConflictError, UnprocessableError
from chalicelib.models._base import iso, iso_now, transact_write, utcnow
from chalicelib.models.appointment import Appointment
from chalicelib.models.patient_form import PatientForm

STEPS = ("contact", "insurance", "health", "consents", "questionnaires")
CHECKABLE = ("booked",)


def prefix(appointment_id: str) -> str:
    return f"checkin#{appointment_id}#"


def window(appt: Appointment) -> tuple[datetime, datetime]:
    """(opens, closes) as UTC instants. Opening is counted in the practice's calendar days
    (a visit at 10 am opens at 10 am seven days before, across a DST change too)."""
    from chalicelib.clock import practice_tz
    from chalicelib.services.appointments import when
    from chalicelib.services.practice import current_settings

    settings = current_settings()
    start = when(appt.start)
    local = start.astimezone(practice_tz())
    opens = (local - timedelta(days=int(settings.get("checkin_opens_days") or 7))).astimezone(start.tzinfo)
    closes = start - timedelta(minutes=int(settings.get("checkin_closes_minutes") or 60))
    return opens, closes


def window_state(appt: Appointment, now: datetime | None = None) -> str:
    if appt.status not in CHECKABLE:
        return "closed"
    opens, closes = window(appt)
    now = now or utcnow()
    return "not-yet" if now < opens else "open" if now < closes else "closed"


def load_steps(patient_id: str, appointment_id: str) -> dict[str, PatientForm]:
    return {item.key.rsplit("#", 1)[1]: item
            for item in PatientForm.query(patient_id, PatientForm.key.startswith(prefix(appointment_id)))}


def get(caller: Caller, patient_id: str, appointment_id: str, now: datetime | None = None) -> dict:
    """The visit's check-in: window, steps, consents and questionnaires to do; for staff
    also what changed (clinical details only for callers who read them)."""
    from chalicelib.services.appointments import load

    authorize_patient(caller, patient_id, "checkin.read")
    appt = load(patient_id, appointment_id)
    shown = _state(caller, appt, load_steps(patient_id, appointment_id), now)
    audit.record(caller, patient_id, "read", "checkin", appointment_id)
    return shown


def _state(caller: Caller, appt: Appointment, steps: dict[str, PatientForm], now: datetime | None) -> dict:
    from chalicelib.services.checkin import todo

    opens, closes = window(appt)
    consents = todo.consents(appt.patient_id)
    questionnaires = todo.questionnaires(appt, steps.get("questionnaires"), may(caller, appt.patient_id,
                                                                                "questionnaires.read"))
    done = {name: name in steps for name in ("contact", "insurance", "health")}
    done["consents"] = all(not c["needs_signature"] for c in consents)
    done["questionnaires"] = all(q["answered"] for q in questionnaires)
    state = window_state(appt, now)
    crisis = {}
    if not caller.is_staff and any(q.get("flagged") for q in questionnaires):  # where to get help now
        from chalicelib.services.questionnaires.followups import crisis_message

        crisis["crisis_message"] = crisis_message()
    return {
        **crisis,
        "appointment": {"appointment_id": appt.appointment_id, "patient_id": appt.patient_id,
                        "visit_type_name": appt.visit_type_name, "provider_name": appt.provider_name,
                        "start": appt.start, "status": appt.status},
        "window": {"opens_at": iso(opens), "closes_at": iso(closes), "state": state},
        "checked_in_at": appt.checked_in_at,
        "done": done,
        "ready": state == "open" and all(done.values()) and not appt.checked_in_at,
        "consents": consents,
        "questionnaires": questionnaires,
        "changes": todo.changes(caller, appt.patient_id, steps),
    }


def guard(appt: Appointment, now: datetime | None = None) -> None:
    """A step is taken only while the window is open and before the visit is checked in."""
    if appt.checked_in_at:
        raise ConflictError("You have already checked in for this visit.")
    state = window_state(appt, now)
    if state == "not-yet":
        raise ConflictError("Online check-in has not opened yet for this visit.")
    if state == "closed":
        raise ConflictError("Online check-in is closed for this visit. Check in at the front desk.")


def complete(caller: Caller, patient_id: str, appointment_id: str, now: datetime | None = None) -> dict:
    """Finish: the visit shows "Checked in online". Again after success: the same answer."""
    from chalicelib.services.appointments import load

    authorize_patient(caller, patient_id, "checkin.write")
    appt = load(patient_id, appointment_id)
    steps = load_steps(patient_id, appointment_id)
    if appt.checked_in_at:
        return _state(caller, appt, steps, now)
    guard(appt, now)
    state = _state(caller, appt, steps, now)
    missing = [name for name in STEPS if not state["done"][name]]
    if missing:
        raise UnprocessableError(f"Finish this step first: {missing[0]}.", field=missing[0])
    at = iso_now()
    done = PatientForm(patient_id, prefix(appointment_id) + "done", appointment_id=appointment_id, at=at,
                       by=caller.user_id, by_name=caller.display_name, data={})
    from pynamodb.exceptions import TransactWriteError

    try:
        with transact_write() as tx:
            tx.update(appt, actions=[Appointment.checked_in_at.set(at), Appointment.updated_at.set(at)],
                      condition=Appointment.checked_in_at.does_not_exist() & Appointment.status.is_in(*CHECKABLE))
            tx.save(done)
    except TransactWriteError:
        appt.refresh()
        if not appt.checked_in_at:
            raise ConflictError("This visit changed meanwhile. Reload and try again.") from None
    appt.checked_in_at = appt.checked_in_at or at
    audit.record(caller, patient_id, "update", "checkin", appointment_id)
    from chalicelib.services.adoption import events

    events.record_complete(patient_id)  # the first online check-in: a thank-you, once (issue 15)
    steps["done"] = done
    return _state(caller, appt, steps, now)
