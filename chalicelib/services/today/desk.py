"""Today for the front desk: arrivals, visit requests, the pools' waiting messages, and
patients still waiting for a portal invitation."""
from __future__ import annotations

from chalicelib.models.appointment import Appointment
from chalicelib.models.message_thread import MessageThread
from chalicelib.models.patient import Patient
from chalicelib.services.today.common import Context, card, name_of, one_page, time_words

CHECK_IN = {"booked": "Not checked in", "arrived": "Checked in", "fulfilled": "Completed", "noshow": "No-show"}


def cards(ctx: Context) -> list[dict]:
    return [arrivals(ctx), requests(ctx), pool_messages(ctx), invitations(ctx)]


def arrivals(ctx: Context) -> dict:
    """Today's visits in time order with their check-in state (the schedule's day index)."""
    visits, more = one_page(Appointment.schedule_day_index, Appointment, ctx.today.isoformat(), cap=200)
    items = []
    for a in visits:
        ctx.see(a.patient_id, "appointment", a.appointment_id)
        online = a.status == "booked" and a.checked_in_at  # eCheck-in finished (issue 17)
        items.append({"text": f"{time_words(a.start)} · {name_of(a)}",
                      "detail": f"{a.visit_type_name} with {a.provider_name}",
                      "badge": "Checked in online" if online else CHECK_IN.get(a.status, a.status),
                      "href": f"#/staff/patients/{a.patient_id}",
                      "links": [{"label": f"What {name_of(a)} sent at online check-in",
                                 "href": f"#/staff/checkin/{a.patient_id}/{a.appointment_id}"}] if online else []})
    expected = sum(1 for a in visits if a.status == "booked")
    return card("arrivals", "Arrivals today", expected, f"#/staff/schedule?date={ctx.today.isoformat()}",
                more=more, items=items, action="Open today's schedule", empty="No visits today.",
                detail=f"{expected} still expected, {sum(1 for a in visits if a.status == 'arrived')} checked in")


def requests(ctx: Context) -> dict:
    waiting, more = one_page(Appointment.queue_index, Appointment, "requests")
    return card("requests", "Visit requests", len(waiting), "#/staff/requests", more=more,
                action="Decide the requests", empty="No requests are waiting.")


def pool_messages(ctx: Context) -> dict:
    """Unanswered conversations in each pool the caller works (the inbox index)."""
    from chalicelib.models._base import iso
    from chalicelib.services.messaging.common import inbox_key

    items, total, beyond = [], 0, False
    for pool, name in ctx.pools():
        threads, more = one_page(MessageThread.inbox_index, MessageThread, inbox_key(pool, "waiting"))
        overdue = sum(1 for t in threads if t.due_at and t.due_at < iso(ctx.now))
        total, beyond = total + len(threads), beyond or more
        items.append({"text": name, "detail": f"{len(threads)}{'+' if more else ''} waiting"
                      + (f", {overdue} overdue" if overdue else ""),
                      "href": f"#/staff/inbox?pool={pool}", "badge": "Overdue" if overdue else None})
    return card("messages", "Messages waiting in your pools", total, "#/staff/inbox", more=beyond, items=items,
                action="Open the inbox", empty="You work no message pool.")


def invitations(ctx: Context) -> dict:
    """Registered patients never invited to the portal, newest first (a sparse index)."""
    waiting, more = one_page(Patient.invite_queue_index, Patient, "waiting", cap=25, scan_index_forward=False)
    items = []
    for p in waiting:
        ctx.see(p.patient_id, "demographics")
        items.append({"text": f"{p.family_name}, {p.given_name}", "href": f"#/staff/patients/{p.patient_id}",
                      "detail": None if p.email else "No email address yet"})
    return card("invitations", "Waiting for a portal invitation", len(waiting), "#/staff", more=more, items=items,
                action="Find a patient", empty="Every patient has been invited.")
