"""Where the portal's own events feed the adoption rollup (issue 15). Each hook is a
few writes at most, never a read of history; none fails the request it counts."""
from __future__ import annotations

import logging
from datetime import datetime

from chalicelib import clock
from chalicelib.services.adoption import count, once, sample

logger = logging.getLogger(__name__)

# Counter names (the dashboard and the weekly email read them).
INVITED, ACTIVATED, MONTHLY_ACTIVE = "invited", "activated", "monthly_active"
BOOKED_ONLINE, BOOKED_STAFF = "booked_online", "booked_staff"
MESSAGES, FIRST_RESPONSE = "messages", "first_response"  # first_response.<pool>: samples in seconds
RESULTS_RELEASED, RESULTS_VIEWED_7D = "results_released", "results_viewed_7d"
STATEMENTS, PAID_ONLINE = "statements_issued", "paid_online"  # paid_online_amount: cents
CALLS_DEFLECTED = "calls_deflected"  # counted by the "it's in the portal" feature


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def invited() -> None:
    count(INVITED)


def activated(patient_id: str, email: str) -> None:
    """An account activated: the patient lands signed in for the first time, and gets a
    short welcome saying what they can do now (once: the marker is conditional)."""
    from chalicelib.services.adoption.nightly import mark_activated

    if once("activated", patient_id):
        count(ACTIVATED)
        _tell(email, patient_id, "first_sign_in", "/#/")
    try:
        mark_activated(patient_id)
    except Exception:  # noqa: BLE001
        logger.exception("adoption activation mark failed", extra={"patient_id": patient_id})


def signed_in(user, previous: str | None) -> None:
    """A patient signed in. `previous` is their sign-in before this one (None: never).
    Monthly active counts each patient once per practice month (a conditional marker,
    tried only on the first sign-in of a month, so most sign-ins write nothing more)."""
    if not user.patient_id:
        return
    month = f"{clock.today():%Y-%m}"
    if previous is None or f"{clock.local(_parse(previous)):%Y-%m}" != month:
        if once(f"active-{month}", user.patient_id):
            count(MONTHLY_ACTIVE)


def booked(caller, patient) -> None:
    """A visit booked: online by the patient's side, or by staff (the seed is neither)."""
    if caller is None:
        return
    if caller.is_staff:
        count(BOOKED_STAFF)
        return
    count(BOOKED_ONLINE)
    if patient.email and once("first-online-booking", patient.patient_id):
        _tell(patient.email, patient.patient_id, "first_online_booking", "/#/visits")


def record_complete(patient_id: str) -> None:
    """The patient's first completed online check-in: their record is up to date (told once)."""
    if once("record-complete", patient_id):
        from chalicelib.services.patients import load

        patient = load(patient_id)
        if patient.email:
            _tell(patient.email, patient_id, "record_complete", "/#/")


def patient_message() -> None:
    count(MESSAGES)


def first_response(pool: str, seconds: float) -> None:
    """The first staff answer to a conversation, in business seconds, kept per pool."""
    sample(f"{FIRST_RESPONSE}.{pool}", seconds)


def result_released() -> None:
    count(RESULTS_RELEASED)


def result_viewed(report) -> None:
    """A patient opened a released result: counted on its release day if within 7 days, once."""
    released = report.release_at or report.reviewed_at or report.received_at
    if not released:
        return
    day = clock.local(_parse(released)).date()
    if (clock.today() - day).days <= 7 and once("result-viewed", f"{report.patient_id}:{report.report_id}"):
        count(RESULTS_VIEWED_7D, day=day)


def statement_issued() -> None:
    count(STATEMENTS)


def payment(amount_cents: int, online: bool = True) -> None:
    """A statement paid through the portal (card or bank debit, the provider's webhook)."""
    if online:
        count(PAID_ONLINE, amount=amount_cents)


def _tell(email: str, patient_id: str, template: str, link: str) -> None:
    from chalicelib import notify

    try:
        notify.send(template, email=email, patient_id=patient_id, values={"link": link})
    except Exception:  # noqa: BLE001 - a welcome note never breaks the sign-in
        logger.exception("adoption note failed", extra={"patient_id": patient_id, "template": template})
