"""Appointments (issue 5). Date, time and place only: never the visit type, the reason or a name."""
from __future__ import annotations

from chalicelib.templates import MessageTemplate, notice

APPOINTMENT = frozenset({"appointment_date", "appointment_time", "appointment_short", "location"})
WHEN = "{{ appointment_date }} at {{ appointment_time }}"
PLACE = "\n\nPlace: {{ location }}"


def visit(subject: str, body: str, button: str, sms: str | None = None,
          variables: frozenset[str] = APPOINTMENT) -> MessageTemplate:
    # Any proxy (a limited grant is for scheduling help) hears about visits.
    return notice(subject, "Hello,\n\n" + body, button=button, sms=sms, variables=variables, proxies="any")


TEMPLATES = {
    "appointment_booked": visit(
        "Your visit with {{ practice_name }} is booked",
        f"Your visit is booked for {WHEN}.{PLACE}\n\nThe attached calendar file adds it to your calendar. "
        "You can see the details, reschedule or cancel in the portal.",
        "See your visit", "{{ practice_name }}: your visit on {{ appointment_short }} is booked. {{ link }}"),
    "appointment_requested": visit(
        "We received your visit request",
        f"We received your request for a visit on {WHEN}.{PLACE}\n\nThe practice will confirm it soon; "
        "you will get another message when it does.", "See your request"),
    "appointment_changed": visit(
        "Your visit with {{ practice_name }} has moved",
        f"Your visit is now on {WHEN}.{PLACE}\n\nThe attached calendar file replaces the earlier one.",
        "See your visit", "{{ practice_name }}: your visit moved to {{ appointment_short }}. {{ link }}"),
    # Cancelled and declined: nothing left to cancel or reschedule; offer to book again.
    "appointment_cancelled": visit(
        "Your visit with {{ practice_name }} is cancelled",
        f"Your visit on {WHEN} is cancelled.\n\nYou can book another time in the portal"
        "{% if practice_phone %} or call {{ practice_phone }}{% endif %}.",
        "Book another time", "{{ practice_name }}: your visit on {{ appointment_short }} is cancelled. {{ link }}"),
    "appointment_request_declined": visit(
        "About your visit request",
        f"The practice could not confirm your visit request for {WHEN}.\n\nSign in to read the practice's note "
        "and choose another time{% if practice_phone %}, or call {{ practice_phone }}{% endif %}.",
        "Read the note"),
    # What to bring is the practice's own generic text (visit type, location): never the reason.
    "appointment_reminder": visit(
        "Reminder: your visit with {{ practice_name }}", f"A reminder of your visit on {WHEN}.{PLACE}"
        "{% if bring %}\n\nWhat to bring: {{ bring }}{% endif %}",
        "See your visit", variables=APPOINTMENT | {"bring"}),
    "appointment_reminder_sms": visit(
        "Reminder: your visit with {{ practice_name }}", f"A reminder of your visit on {WHEN}.{PLACE}",
        "See your visit", "{{ practice_name }} reminder: your visit on {{ appointment_short }}. {{ link }}"),
    # 15 minutes before a video visit: the deep link opens the device check, then Join. The
    # SMS links the appointments list (its card has the same button): a visit's own link
    # would not fit one 160-character segment.
    "telehealth_reminder": visit(
        "Your video visit with {{ practice_name }} starts soon",
        "Your video visit starts at {{ appointment_time }} on {{ appointment_date }}.\n\n"
        "Open the portal a few minutes early: it checks your camera and microphone, then you join from there.",
        "Check your camera and join",
        "{{ practice_name }}: video visit {{ appointment_short }}. Join: {{ portal_url }}#/appointments"),
    # The waitlist (issue 17): an earlier time of the patient's visit type opened. Sent to a
    # few waitlisted patients at once: the first to accept gets it. The email links the offer;
    # the SMS links the appointments page, which shows the open offer with Take and No thanks:
    # the offer's own link would not fit one 160-character segment.
    "waitlist_offer": visit(
        "An earlier visit time is available at {{ practice_name }}",
        f"An earlier time opened for your visit: {WHEN}.{PLACE}\n\nIt is offered to a few patients who asked "
        "for an earlier time: the first to accept gets it, and your current visit time is then released. "
        "The offer ends at {{ expires }}. If it does not suit you, choose No thanks: it goes to the next "
        "patient, and you stay on the list. If you do nothing, your visit stays as it is.",
        "See the earlier time",
        "{{ practice_name }}: an earlier visit time, {{ appointment_short }}, is open. {{ portal_url }}#/appointments",
        variables=APPOINTMENT | {"expires"}),
    "waitlist_offer_gone": visit(
        "The earlier visit time was taken",
        f"The earlier time we offered ({WHEN}) was taken by another patient first.\n\nYour visit stays "
        "at its time, and you stay on the list for an earlier one.",
        "See your visits",
        "{{ practice_name }}: the earlier time {{ appointment_short }} was taken. Your visit is unchanged.",
        variables=APPOINTMENT | {"expires"}),
}
