"""Reminders: email 24 hours before (with what to bring), SMS 2 hours before (if the
patient chose SMS), and for a video visit a "join" notice 15 minutes before with the
deep link to its device check (email and SMS as chosen, proxies too).

Run by a scheduled job. Due visits are found through the day index (the
practice-local dates the next 24 hours touch: two or three queries). Each
reminder is claimed with a conditional update before it is sent, so a second
run, or two runs at once, never send it twice; a failed send is logged and the
loop goes on with the next visit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.models._base import iso, utcnow
from chalicelib.models.appointment import Appointment
from chalicelib.observability import logger


@dataclass(frozen=True)
class Kind:
    name: str
    before: timedelta
    marker: str  # the Appointment attribute that records it was sent
    template: str


KINDS = (
    Kind("email", timedelta(hours=24), "reminded_email_at", "appointment_reminder"),
    Kind("sms", timedelta(hours=2), "reminded_sms_at", "appointment_reminder_sms"),
    Kind("video", timedelta(minutes=15), "reminded_video_at", "telehealth_reminder"),
)


def run(now: datetime | None = None) -> dict:
    """Send every due reminder once. Returns counts (for logs and tests)."""
    from chalicelib.clock import practice_tz

    now = now or utcnow()
    horizon = now + max(k.before for k in KINDS)
    tz = practice_tz()
    days, day = [], now.astimezone(tz).date()
    while day <= horizon.astimezone(tz).date():
        days.append(day.isoformat())
        day += timedelta(days=1)
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for day in days:
        # The schedule's sparse index: cancelled visits and requests are not read at all.
        for appt in Appointment.schedule_day_index.query(
                day, Appointment.schedule_slot.between(iso(now), f"{iso(horizon)}#~"),
                filter_condition=Appointment.status == "booked"):
            for kind in KINDS:
                if _due(appt, kind, now):
                    counts[_send_once(appt, kind, now)] += 1
    logger.info("reminders", extra=counts)
    return counts


def _due(appt: Appointment, kind: Kind, now: datetime) -> bool:
    from chalicelib.services.appointments import when

    start = when(appt.start)
    if getattr(appt, kind.marker) or not now < start <= now + kind.before:
        return False
    if kind.name == "video":
        return bool(appt.video or appt.telehealth)
    # Booked inside the window: the confirmation just said the same thing.
    return not (kind.name == "email" and appt.booked_at and when(appt.booked_at) > start - kind.before)


def _send_once(appt: Appointment, kind: Kind, now: datetime) -> str:
    from pynamodb.exceptions import UpdateError

    marker = getattr(Appointment, kind.marker)
    try:  # claim first: whoever wins the condition is the only sender
        appt.update(actions=[marker.set(iso(now))],
                    condition=marker.does_not_exist() & (Appointment.status == "booked")
                    & (Appointment.start == appt.start))
    except UpdateError:
        return "skipped"
    try:
        from chalicelib import notify
        from chalicelib.services.appointment_notices import values
        from chalicelib.services.patients import load

        patient = load(appt.patient_id)
        # The email links the visit page; an SMS the list (a visit's link would not fit one segment).
        page = "/#/appointments" if kind.name == "sms" else f"/#/appointments/{appt.appointment_id}"
        said = {**values(appt), "link": page}
        if kind.name == "video":  # the patient's channels and their proxies: whoever joins
            return "sent" if notify.notify_patient(patient, kind.template, said) else "skipped"
        if kind.name == "email":
            from chalicelib.services.scheduling import load_config
            from chalicelib.services.visit_prep import bring_words

            said["bring"] = bring_words(load_config(), appt)
        prefs = patient.preferences.as_dict() if patient.preferences else None
        used = notify.send(kind.template, email=patient.email if kind.name == "email" else None,
                           phone=patient.phone if kind.name == "sms" else None, preferences=prefs,
                           values=said, patient_id=patient.patient_id, user_id=patient.user_id)
        return "sent" if used else "skipped"
    except Exception:
        logger.exception("reminder failed", extra={"appointment_id": appt.appointment_id, "kind": kind.name})
        return "failed"
