"""Visit requests: the front desk's queue, approve (choosing the slot) or decline,
from the console or by replying to the request email (the "appt" workflow)."""
from __future__ import annotations

from datetime import datetime

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, require
from chalicelib.errors import ConflictError, InvalidError, NotFoundError, UnprocessableError
from chalicelib.models._base import iso, utcnow
from chalicelib.models.appointment import Appointment
from chalicelib.observability import logger
from chalicelib.pagination import decode_cursor, encode_cursor
from chalicelib.services.appointment_notices import tell_patient, values
from chalicelib.services.appointments import load, to_dict
from chalicelib import clock
from chalicelib.clock import practice_tz
from chalicelib.services.scheduling import load_config, parse_instant

QUEUE = "requests"
DESK_ROLE = "front_desk"


def queue(caller: Caller, limit: int, cursor: str | None) -> dict:
    """Pending requests, oldest first."""
    require(caller, "appointment_requests.read")
    scope = "appointment-requests"
    query = Appointment.queue_index.query(QUEUE, limit=limit, last_evaluated_key=decode_cursor(cursor, scope))
    items = list(query)
    audit.record_many(caller, [(a.patient_id, "read", "appointment", a.appointment_id) for a in items])
    now, cutoff = utcnow(), load_config().rules["cancel_cutoff_hours"]
    return {"items": [{**to_dict(a, now, cutoff), "patient_name": a.patient_name or ""} for a in items],
            "cursor": encode_cursor(query.last_evaluated_key, scope)}


def approve(caller: Caller, patient_id: str, appointment_id: str, data: dict | None = None, *,
            now: datetime | None = None) -> dict:
    """Book the request at the patient's preferred time, or at the slot staff chose."""
    from chalicelib.services.availability import check_open
    from chalicelib.services.booking import _move
    from chalicelib.services.directory import touch

    authorize_patient(caller, patient_id, "appointments.approve")
    appt = _pending(patient_id, appointment_id)
    data, now, config = data or {}, now or utcnow(), load_config()
    visit_type = config.visit_types.get(appt.visit_type_id)
    if visit_type is None:
        raise UnprocessableError("This visit type is no longer offered; book the patient another one.")
    start = parse_instant(data.get("start") or appt.start, "start", practice_tz())
    slot = check_open(config, visit_type, data.get("provider_id") or appt.provider_id, start, now,
                      online_rules=False)
    _move(appt, slot, config, now, from_status="proposed")
    audit.record(caller, patient_id, "update", "appointment", appointment_id)
    touch(patient_id)
    tell_patient(appt, "appointment_booked", with_calendar=True)
    return to_dict(appt, now, config.rules["cancel_cutoff_hours"])


def decline(caller: Caller, patient_id: str, appointment_id: str, reason: str, *,
            now: datetime | None = None) -> dict:
    """Decline with a reason the patient reads in the portal (never in the email)."""
    from pynamodb.exceptions import UpdateError

    authorize_patient(caller, patient_id, "appointments.approve")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidError("reason is required.", field="reason")
    appt = _pending(patient_id, appointment_id)
    now = now or utcnow()
    try:
        appt.status = "cancelled"
        appt.update(actions=[Appointment.status.set("cancelled"), Appointment.queue.remove(),
                             Appointment.decline_reason.set(reason[:500]),
                             Appointment.cancelled_by.set("practice"), Appointment.updated_at.set(iso(now)),
                             *appt.key_actions()],
                    condition=Appointment.status == "proposed")
    except UpdateError:
        raise _handled() from None
    audit.record(caller, patient_id, "update", "appointment", appointment_id)
    tell_patient(appt, "appointment_request_declined")
    return to_dict(appt, now, load_config().rules["cancel_cutoff_hours"])


def _pending(patient_id: str, appointment_id: str) -> Appointment:
    appt = load(patient_id, appointment_id)
    if appt.status != "proposed":
        raise _handled()
    return appt


def _handled() -> ConflictError:
    return ConflictError("This request was already handled.", code="already_handled")


# ---- email: tell the front desk, act on their reply ----------------------


def tell_front_desk(appt: Appointment) -> None:
    """Email each front-desk user a reply address signed for them and this request."""
    from datetime import timezone

    from chalicelib import notify
    from chalicelib.inbound import reply_address

    try:
        for user in _front_desk():
            address, expires_at = reply_address("appt", appt.appointment_id, user.user_id)
            expires_on = datetime.fromtimestamp(expires_at, tz=timezone.utc)
            notify.send("appointment_request_staff", email=user.email, user_id=user.user_id, reply_to=address,
                        values={**staff_values(appt), "expires_on": clock.say_date(expires_on, weekday=False)})
    except Exception:  # the request stands; the queue in the console shows it
        logger.exception("front desk notice failed", extra={"appointment_id": appt.appointment_id})


def staff_values(appt: Appointment) -> dict[str, str]:
    """What the practice's own staff may read about a request by email: a short reference
    (two requests for one slot differ), the visit type, date, time and place; no reason, no name."""
    visit_type = load_config().visit_types.get(appt.visit_type_id) or {}
    return {**values(appt), "reference": appt.appointment_id[-6:].upper(),
            "visit_type": visit_type.get("name", "Visit"), "link": "/#/staff/requests"}


def _front_desk() -> list:
    """Active front-desk users: the Cognito group lists them (no Scan), the User table confirms."""
    from chalicelib.aws import client
    from chalicelib.config import get_settings
    from chalicelib.models.user import User

    pages = client("cognito-idp").get_paginator("list_users_in_group").paginate(
        UserPoolId=get_settings().user_pool_id, GroupName=DESK_ROLE)
    subs = [next(a["Value"] for a in u["Attributes"] if a["Name"] == "sub") for p in pages for u in p["Users"]]
    users = list(User.batch_get(subs)) if subs else []
    return [u for u in users if u.status == "active" and DESK_ROLE in (u.roles or set())]


def handle_email_reply(reply) -> tuple[str, dict]:
    """The "appt" workflow (chalicelib/inbound): approve books the preferred time;
    decline needs the reason the patient will read (already cleaned by the router)."""
    found = list(Appointment.appointment_id_index.query(reply.subject_id, limit=1))
    if not found:
        raise NotFoundError("This request no longer exists.")
    patient_id, appointment_id = found[0].patient_id, reply.subject_id
    if reply.command.verb == "approve":
        approve(reply.caller, patient_id, appointment_id)
        return "appointment_request_approved_staff", {**staff_values(load(patient_id, appointment_id)),
                                                      "link": "/#/staff/schedule"}
    reason = reply.text.strip()
    if not reason:
        raise InvalidError("Write the reason after the word decline, for example: decline Dr. Chen is away.")
    appt = decline(reply.caller, patient_id, appointment_id, reason)
    return "appointment_request_declined_staff", {**staff_values(load(patient_id, appointment_id)),
                                                  "patient_reads": appt["decline_reason"]}
