"""What appointments send: patient notices (with an .ics), and the calendar file.

Date, time and place only. The calendar file is attached to email, so it is
held to the same rule: no visit type, no reason, no names, no telehealth link
(the link shows in the portal from 30 minutes before).
"""
from __future__ import annotations

from chalicelib.models.appointment import Appointment
from chalicelib.observability import logger

VIDEO_VISIT = "Video visit: join from the patient portal"


def values(appt: Appointment) -> dict[str, str]:
    from chalicelib import clock

    return {"appointment_date": clock.say_date(appt.start), "appointment_time": clock.say_time(appt.start),
            "appointment_short": clock.say_short(appt.start),  # SMS: one 160-character segment
            "location": VIDEO_VISIT if appt.telehealth or appt.video else practice_address()}


PATIENT_LINK = "/#/appointments"


def practice_address() -> str:
    from chalicelib.services.practice import current_settings

    settings = current_settings()
    address = settings.get("address") or {}
    parts = [settings.get("name", ""), address.get("line1", ""), address.get("line2", ""),
             address.get("city", ""), " ".join(filter(None, [address.get("state"), address.get("postal_code")]))]
    return ", ".join(p for p in parts if p)


def ics(appt: Appointment) -> bytes:
    """An RFC 5545 calendar file for one visit (icalendar, imported only here)."""
    from icalendar import Calendar, Event

    from chalicelib.config import get_settings
    from chalicelib.services.appointments import when
    from chalicelib.services.practice import current_settings

    name = current_settings().get("name", "Your practice")
    calendar = Calendar()
    calendar.add("prodid", "-//Patient Portal//Appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if appt.status == "cancelled" else "PUBLISH")
    event = Event()
    # Stable UID: a rescheduled visit's new file replaces the old one in the calendar.
    event.add("uid", f"{appt.appointment_id}@patient-portal")
    event.add("dtstamp", when(appt.updated_at))
    event.add("dtstart", when(appt.start))
    event.add("dtend", when(appt.end))
    event.add("summary", f"Visit at {name}")
    event.add("location", VIDEO_VISIT if appt.telehealth or appt.video else practice_address())
    event.add("description", f"Details, changes and cancellation: {get_settings().portal_url}/")
    event.add("status", "CANCELLED" if appt.status == "cancelled" else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def tell_patient(appt: Appointment, template: str, with_calendar: bool = False) -> None:
    """Notify the patient through their channels; a failure never fails the change."""
    from chalicelib import notify
    from chalicelib.services.patients import load

    try:
        patient = load(appt.patient_id)
        attachments = [("appointment.ics", "text/calendar", ics(appt))] if with_calendar else None
        link = "/#/appointments/book" if template == "appointment_cancelled" else PATIENT_LINK
        notify.notify_patient(patient, template, {**values(appt), "link": link}, attachments=attachments)
    except Exception:  # notify logs send failures itself; this catches the rest
        logger.exception("appointment notice failed", extra={"appointment_id": appt.appointment_id,
                                                              "template": template})
