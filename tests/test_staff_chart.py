"""The chart (issue 14): staff book, move, cancel and approve for a patient through the
patient's own routes, and the patient hears exactly as when they act themselves; the chart
shows the patient's portal state (invited, active, last sign-in, two-step, notices)."""
from __future__ import annotations

from tests.appointment_helpers import emails_to, two_free_slots, visit_type
from tests.helpers import make_patient, make_patient_account

SUBJECTS = {
    "booked": "is booked", "changed": "has moved", "cancelled": "is cancelled", "requested": "received your visit request",
}


def subjects(mailbox, email):
    return [m["subject"] for m in emails_to(mailbox, email)]


def test_front_desk_books_moves_and_cancels_and_the_patient_hears_each(api, mailbox):
    patient = make_patient_account(api, given="Chart", family="Booker")
    pid, email = patient["patient_id"], patient["email"]
    kind = visit_type(api, "sick")
    first, second = two_free_slots(api, kind, who="front_desk")
    made = api.post(f"/patients/{pid}/appointments", {"visit_type_id": kind, "provider_id": first["provider_id"],
                                                      "start": first["start"], "reason": "Cough"},
                    as_user="front_desk", headers={"Idempotency-Key": "chart-1"})
    assert made.status == 201 and made.json["status"] == "booked", made
    aid = made.json["appointment_id"]
    moved = api.post(f"/patients/{pid}/appointments/{aid}/reschedule",
                     {"start": second["start"], "provider_id": second["provider_id"]}, as_user="front_desk")
    assert moved.status == 200, moved
    assert api.post(f"/patients/{pid}/appointments/{aid}/cancel", {}, as_user="front_desk").status == 200
    got = subjects(mailbox, email)
    for what in ("booked", "changed", "cancelled"):
        assert any(SUBJECTS[what] in s for s in got), (what, got)
    upcoming = api.get(f"/patients/{pid}/appointments", as_user="front_desk").json["items"]
    assert all(a["appointment_id"] != aid for a in upcoming)  # cancelled: no longer upcoming


def test_front_desk_approves_a_request_from_the_chart_and_the_patient_hears(api, mailbox):
    patient = make_patient_account(api, given="Chart", family="Requester")
    pid, email = patient["patient_id"], patient["email"]
    kind = visit_type(api, "request")
    slot, _ = two_free_slots(api, kind)
    token = api.post("/auth/sign-in", {"email": email, "password": patient["password"]}).json["access_token"]
    asked = api.post(f"/patients/{pid}/appointments", {"visit_type_id": kind, "provider_id": slot["provider_id"],
                                                       "start": slot["start"], "reason": "Physical form"}, token=token)
    assert asked.status == 201 and asked.json["status"] == "proposed", asked
    approved = api.post(f"/patients/{pid}/appointments/{asked.json['appointment_id']}/approve", {},
                        as_user="front_desk")
    assert approved.status == 200 and approved.json["status"] == "booked", approved
    assert any(SUBJECTS["booked"] in s for s in subjects(mailbox, email))


def test_the_chart_shows_the_portal_state_to_staff_only(api):
    patient = make_patient_account(api, given="Portal", family="State")
    pid = patient["patient_id"]
    before = api.get(f"/patients/{pid}", as_user="front_desk").json["portal"]
    assert before["status"] == "active" and before["last_sign_in_at"] is None and before["mfa"] is False
    api.post("/auth/sign-in", {"email": patient["email"], "password": patient["password"]})
    after = api.get(f"/patients/{pid}", as_user="front_desk").json
    assert after["portal"]["last_sign_in_at"] and after["preferences"] == {"email": True, "sms": False}
    token = api.post("/auth/sign-in", {"email": patient["email"], "password": patient["password"]}).json["access_token"]
    assert "portal" not in api.get(f"/patients/{pid}", token=token).json


def test_an_invitation_shows_when_it_was_sent(api):
    patient = make_patient(api, given="Invite", family="Pending")
    pid = patient["patient_id"]
    assert api.get(f"/patients/{pid}", as_user="front_desk").json["portal"]["invited_at"] is None
    assert api.post(f"/patients/{pid}/invitation", {}, as_user="front_desk").status == 200
    portal = api.get(f"/patients/{pid}", as_user="front_desk").json["portal"]
    assert portal["status"] == "invited" and portal["invited_at"]
