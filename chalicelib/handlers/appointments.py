"""/patients/{patient_id}/appointments...: a patient's visits, booking, changes, and
the staff actions on one visit (status, approve, decline)."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.handlers._http import body, caller, idempotency_key, obj, query_param, route, text
from chalicelib.pagination import parse_limit
from chalicelib.services import appointment_requests, appointments, booking, visit_prep, waitlist

bp = Blueprint(__name__)

BASE = "/patients/{patient_id}/appointments"
ONE = BASE + "/{appointment_id}"
START = text(40)  # ISO date-time; without an offset, practice local time
ID = text(64)
BOOK = obj({"visit_type_id": ID, "provider_id": ID, "start": START,
            "reason": text(500, title="what the visit is for"),
            "waitlist": {"type": "boolean", "title": "tell me if an earlier time of this visit type opens"}},
           ("visit_type_id", "provider_id", "start", "reason"))
MOVE = obj({"start": START, "provider_id": ID}, ("start",))
STATUS = obj({"status": {"type": "string", "enum": ["arrived", "fulfilled", "noshow"]}}, ("status",))
APPROVE = obj({"start": START, "provider_id": ID})
DECLINE = obj({"reason": text(500)}, ("reason",))
EMPTY = obj({})
WAIT = obj({"join": {"type": "boolean"}}, ("join",))
OFFERS = "/patients/{patient_id}/waitlist-offers"
OFFER = OFFERS + "/{offer_id}"
NO_THANKS = obj({"leave": {"type": "boolean", "title": "also stop asking for an earlier time of this visit"}})
VIDEO_LINK = obj({"telehealth_url": {"type": "string", "pattern": "^https://", "maxLength": 500}}, ("telehealth_url",))


@route(bp, BASE, tag="appointments", summary="Upcoming (soonest first) or past (newest first) visits",
       query={"when": "upcoming (default) or past", "limit": "1-100, default 25", "cursor": "from the previous page"})
def list_appointments(patient_id):
    return appointments.list_for_patient(caller(bp), patient_id, query_param(bp, "when") or "upcoming",
                                         parse_limit(query_param(bp, "limit")), query_param(bp, "cursor"))


@route(bp, BASE, "POST", body=BOOK, tag="appointments",
       summary="Book an open slot (request-mode visit types create a pending request). "
               "Send an Idempotency-Key header to make retries safe")
def book(patient_id):
    data = body(bp, BOOK)
    key = idempotency_key(bp)
    result = booking.book_once(caller(bp), patient_id, data, key, bp.lambda_context)
    if data.get("waitlist") and result["status"] == "booked":
        result = waitlist.set_waiting(caller(bp), patient_id, result["appointment_id"], True)
    return Response(status_code=201, body=result)


@route(bp, ONE, tag="appointments", summary="One visit with what to bring (the video link shows from 30 minutes before)")
def get_appointment(patient_id, appointment_id):
    return appointments.get(caller(bp), patient_id, appointment_id)


@route(bp, ONE + "/calendar", tag="appointments", summary="The visit as an .ics calendar file")
def calendar(patient_id, appointment_id):
    data = appointments.calendar_file(caller(bp), patient_id, appointment_id)
    return Response(status_code=200, body=data.decode(), headers={
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'attachment; filename="appointment.ics"'})


@route(bp, ONE + "/cancel", "POST", body=EMPTY, tag="appointments",
       summary="Cancel a visit or a pending request (patients: up to the cancellation cutoff)")
def cancel(patient_id, appointment_id):
    body(bp, EMPTY)
    return booking.cancel(caller(bp), patient_id, appointment_id)


@route(bp, ONE + "/reschedule", "POST", body=MOVE, tag="appointments",
       summary="Move a booked visit to another open slot, atomically (patients: up to the cutoff)")
def reschedule(patient_id, appointment_id):
    return booking.reschedule(caller(bp), patient_id, appointment_id, body(bp, MOVE))


@route(bp, ONE + "/status", "POST", body=STATUS, tag="appointments",
       summary="Mark arrived, fulfilled or no-show (staff)")
def set_status(patient_id, appointment_id):
    return booking.set_status(caller(bp), patient_id, appointment_id, body(bp, STATUS)["status"])


@route(bp, ONE + "/approve", "POST", body=APPROVE, tag="appointments",
       summary="Approve a request at the preferred time or a chosen slot (front desk)")
def approve(patient_id, appointment_id):
    return appointment_requests.approve(caller(bp), patient_id, appointment_id, body(bp, APPROVE))


@route(bp, ONE + "/decline", "POST", body=DECLINE, tag="appointments",
       summary="Decline a request with a reason the patient sees in the portal (front desk)")
def decline(patient_id, appointment_id):
    return appointment_requests.decline(caller(bp), patient_id, appointment_id, body(bp, DECLINE)["reason"])


@route(bp, ONE + "/video-link", "PUT", body=VIDEO_LINK, tag="appointments",
       summary="Set this video visit's link to the practice's video service (staff; https only)")
def video_link(patient_id, appointment_id):
    return visit_prep.set_visit_link(caller(bp), patient_id, appointment_id, body(bp, VIDEO_LINK)["telehealth_url"])


@route(bp, ONE + "/waitlist", "POST", body=WAIT, tag="appointments",
       summary="Ask (join: true) or stop asking (false) to be offered an earlier time of this visit type")
def set_waitlist(patient_id, appointment_id):
    return waitlist.set_waiting(caller(bp), patient_id, appointment_id, body(bp, WAIT)["join"])


@route(bp, OFFERS, tag="appointments",
       summary="The open offers of an earlier time from the waitlist (the appointments page shows them)")
def list_offers(patient_id):
    return waitlist.open_offers(caller(bp), patient_id)


@route(bp, OFFER, tag="appointments",
       summary="An earlier time offered from the waitlist: open, accepted, declined, gone or expired")
def get_offer(patient_id, offer_id):
    return waitlist.get_offer(caller(bp), patient_id, offer_id)


@route(bp, OFFER + "/accept", "POST", body=EMPTY, tag="appointments",
       summary="Take the offered earlier time (the first to accept gets it; the old time is freed). "
               "Send an Idempotency-Key header to make retries safe")
def accept_offer(patient_id, offer_id):
    body(bp, EMPTY)
    key = idempotency_key(bp)
    return waitlist.accept_once(caller(bp), patient_id, offer_id, key, bp.lambda_context)


@route(bp, OFFER + "/decline", "POST", body=NO_THANKS, tag="appointments",
       summary="No thanks: the visit stays, the time goes to the next in line; stay on the waitlist unless leave")
def decline_offer(patient_id, offer_id):
    return waitlist.decline(caller(bp), patient_id, offer_id, bool(body(bp, NO_THANKS).get("leave")))
