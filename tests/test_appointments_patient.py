"""Patients see, book, request, cancel and reschedule visits without calling."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine

from tests.appointment_helpers import (book, chen, emails_to, free_slot, ics_of, open_slots, two_free_slots,
                                      visit_type)

pytestmark = pytest.mark.clock  # run again under another TZ in CI

ALEX = "alex.morgan@example.org"


def test_alex_sees_his_upcoming_and_past_visits(api, demo):
    upcoming = api.get(f"/patients/{demo['alex']}/appointments", as_user="alex")
    assert upcoming.status == 200, upcoming
    assert upcoming.json["items"] and all(i["status"] in ("booked", "proposed") for i in upcoming.json["items"])
    starts = [i["start"] for i in upcoming.json["items"]]
    assert starts == sorted(starts)
    past = api.get(f"/patients/{demo['alex']}/appointments?when=past", as_user="alex")
    assert [i["status"] for i in past.json["items"]][:1] == ["fulfilled"]
    assert api.get(f"/patients/{demo['alex']}/appointments?when=later", as_user="alex").error["field"] == "when"


def test_booking_an_open_slot_confirms_by_email_with_a_calendar_file_and_no_phi(api, demo, mailbox):
    vt = visit_type(api, "physical")
    slot = free_slot(api, vt)
    res = book(api, "alex", "alex", slot, vt, reason="Chest pain when climbing stairs")
    assert res.status == 201, res
    appt = res.json
    assert appt["status"] == "booked" and appt["start"] == slot["start"] and appt["provider_id"] == chen(api)
    assert slot["start"] not in {s["start"] for s in open_slots(api, vt, days=28)}

    mail = emails_to(mailbox, ALEX)[0]
    assert mail["subject"] == "Your visit with Maple Street Family Practice is booked"
    assert mail["attachments"] == ["appointment.ics"]
    for phi in ("Chest pain", "Annual physical", "Alex", "Morgan"):
        assert phi not in mail["subject"] + mail["body_text"]
    local_time = datetime.strptime(appt["time"], "%H:%M").strftime("%I:%M %p").lstrip("0")
    assert f"{local_time} CST" in mail["body_text"]  # date, time and place are allowed
    event = ics_of(mail["id"]).walk("VEVENT")[0]
    assert event.decoded("dtstart").isoformat().replace("+00:00", ".000Z") == slot["start"]
    assert "Chest pain" not in event.to_ical().decode() and "physical" not in event.to_ical().decode()


def test_the_calendar_file_downloads_as_ics(api, demo):
    vt = visit_type(api, "sick")
    appt = book(api, "alex", "alex", free_slot(api, vt), vt).json
    res = api.get(f"/patients/{demo['alex']}/appointments/{appt['appointment_id']}/calendar", as_user="alex")
    assert res.status == 200 and res.headers["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in res.raw_body and b"Sore knee" not in res.raw_body


def test_a_taken_slot_answers_409_and_the_first_booking_stands(api, demo):
    vt = visit_type(api, "physical")
    slot = free_slot(api, vt)
    assert book(api, "jordan", "jordan", slot, vt).status == 201
    second = book(api, "alex", "alex", slot, vt)
    assert second.status == 409 and second.error["field"] == "start"


def test_overlapping_visits_of_different_lengths_cannot_both_be_booked(api, demo):
    physical, sick = visit_type(api, "physical"), visit_type(api, "sick")
    slot = free_slot(api, physical)
    assert book(api, "alex", "alex", slot, physical).status == 201
    inside = (datetime.fromisoformat(slot["start"].replace("Z", "+00:00")) + timedelta(minutes=10))
    overlap = {**slot, "start": inside.isoformat().replace("+00:00", "Z")}
    assert book(api, "jordan", "jordan", overlap, sick).status == 409


def test_bad_booking_input_names_the_field_and_writes_nothing(api, demo):
    vt = visit_type(api, "physical")
    slot = free_slot(api, vt)
    path = f"/patients/{demo['alex']}/appointments"
    before = len(api.get(path + "?limit=100", as_user="alex").json["items"])
    cases = [
        ({"provider_id": slot["provider_id"], "start": slot["start"], "reason": "x"}, "visit_type_id"),
        ({"visit_type_id": vt, "provider_id": slot["provider_id"], "reason": "x"}, "start"),
        ({"visit_type_id": vt, "provider_id": slot["provider_id"], "start": "next tuesday", "reason": "x"}, "start"),
        ({"visit_type_id": "nope", "provider_id": slot["provider_id"], "start": slot["start"], "reason": "x"},
         "visit_type_id"),
        ({"visit_type_id": vt, "provider_id": "someone", "start": slot["start"], "reason": "x"}, "provider_id"),
        ({"visit_type_id": vt, "provider_id": slot["provider_id"], "start": slot["start"]}, "reason"),
        ({"visit_type_id": vt, "provider_id": slot["provider_id"], "start": slot["start"], "reason": "x",
          "colour": "red"}, "colour"),
    ]
    for payload, field in cases:
        res = api.post(path, payload, as_user="alex")
        assert res.status == 400 and res.error["field"] == field, (field, res)
    assert len(api.get(path + "?limit=100", as_user="alex").json["items"]) == before


def test_a_view_only_visit_type_is_not_booked_online(api, demo):
    vt = visit_type(api, "procedure")
    res = book(api, "alex", "alex", free_slot(api, vt), vt)
    assert res.status == 422 and res.error["field"] == "visit_type_id" and "+13125550100" in res.error["message"]


def test_a_request_mode_visit_creates_a_pending_request_and_asks_the_front_desk(api, demo, mailbox):
    vt = visit_type(api, "request")
    slot = free_slot(api, vt)
    res = book(api, "priya", "priya", slot, vt, reason="New rash on both arms")
    assert res.status == 201 and res.json["status"] == "proposed"
    assert slot["start"] in {s["start"] for s in open_slots(api, vt, days=28)}  # not held until approved
    desk = emails_to(mailbox, "frank.ortiz@example.org")[0]
    assert desk["reply_to"].endswith("@inbound.maple-street.example")
    assert "rash" not in desk["body_text"] and "Priya" not in desk["body_text"]
    assert emails_to(mailbox, "priya.shah@example.org")[0]["subject"] == "We received your visit request"
    queue = api.get("/appointment-requests?limit=100", as_user="front_desk").json["items"]
    assert res.json["appointment_id"] in {i["appointment_id"] for i in queue}


def test_cancel_frees_the_slot_and_tells_the_patient(api, demo, mailbox):
    vt = visit_type(api, "physical")
    slot = free_slot(api, vt)
    appt = book(api, "alex", "alex", slot, vt).json
    res = api.post(f"/patients/{demo['alex']}/appointments/{appt['appointment_id']}/cancel", as_user="alex")
    assert res.status == 200 and res.json["status"] == "cancelled"
    assert slot["start"] in {s["start"] for s in open_slots(api, vt, days=28)}
    assert emails_to(mailbox, ALEX)[0]["subject"] == "Your visit with Maple Street Family Practice is cancelled"
    again = api.post(f"/patients/{demo['alex']}/appointments/{appt['appointment_id']}/cancel", as_user="alex")
    assert again.status == 409


def test_reschedule_takes_the_new_slot_and_frees_the_old_one(api, demo, mailbox):
    vt = visit_type(api, "physical")
    old, new = two_free_slots(api, vt)
    appt = book(api, "alex", "alex", old, vt).json
    res = api.post(f"/patients/{demo['alex']}/appointments/{appt['appointment_id']}/reschedule",
                   {"start": new["start"]}, as_user="alex")
    assert res.status == 200, res
    assert res.json["start"] == new["start"] and res.json["appointment_id"] == appt["appointment_id"]
    free = {s["start"] for s in open_slots(api, vt, days=28)}
    assert old["start"] in free and new["start"] not in free
    mail = emails_to(mailbox, ALEX)[0]
    assert mail["subject"] == "Your visit with Maple Street Family Practice has moved"
    assert mail["attachments"] == ["appointment.ics"]


def test_reschedule_onto_a_taken_slot_changes_nothing(api, demo):
    from chalicelib.models.slot import SlotCell

    vt = visit_type(api, "physical")
    mine, theirs = two_free_slots(api, vt)
    appt = book(api, "alex", "alex", mine, vt).json
    other = book(api, "jordan", "jordan", theirs, vt).json
    res = api.post(f"/patients/{demo['alex']}/appointments/{appt['appointment_id']}/reschedule",
                   {"start": theirs["start"]}, as_user="alex")
    assert res.status == 409
    got = api.get(f"/patients/{demo['alex']}/appointments/{appt['appointment_id']}", as_user="alex").json
    assert got["start"] == mine["start"] and got["status"] == "booked"
    assert SlotCell.get(chen(api), mine["start"]).appointment_id == appt["appointment_id"]
    assert SlotCell.get(chen(api), theirs["start"]).appointment_id == other["appointment_id"]


def test_after_the_cutoff_a_patient_is_told_to_call(api, demo):
    import pytest

    from chalicelib.auth import Caller
    from chalicelib.errors import UnprocessableError
    from chalicelib.services import booking

    vt = visit_type(api, "physical")
    slot = free_slot(api, vt)
    appt = book(api, "alex", "alex", slot, vt).json
    alex = Caller(user_id="u-alex", email="alex.morgan@example.org", display_name="Alex Morgan",
                  roles=frozenset({"patient"}), patient_id=demo["alex"])
    start = datetime.fromisoformat(slot["start"].replace("Z", "+00:00"))
    for change in (lambda now: booking.cancel(alex, demo["alex"], appt["appointment_id"], now=now),
                   lambda now: booking.reschedule(alex, demo["alex"], appt["appointment_id"],
                                                  {"start": slot["start"]}, now=now)):
        with pytest.raises(UnprocessableError) as refused:
            change(start - timedelta(hours=5))
        assert "24 hours" in refused.value.message and "+13125550100" in refused.value.message
    listed = api.get(f"/patients/{demo['alex']}/appointments/{appt['appointment_id']}", as_user="alex").json
    assert listed["status"] == "booked" and listed["can_change"] is True


def test_a_telehealth_link_shows_from_30_minutes_before(api, demo):
    from chalicelib.models.appointment import Appointment
    from chalicelib.services.appointments import to_dict

    vt = visit_type(api, "telehealth")
    slot = free_slot(api, vt)
    appt = book(api, "alex", "alex", slot, vt).json
    assert appt["mode"] == "telehealth" and appt["telehealth_url"] is None
    start = datetime.fromisoformat(slot["start"].replace("Z", "+00:00"))
    item = Appointment.get(demo["alex"], appt["appointment_id"])
    assert to_dict(item, start - timedelta(minutes=31), 24)["telehealth_url"] is None
    assert to_dict(item, start - timedelta(minutes=30), 24)["telehealth_url"].startswith("https://")


def test_an_idempotency_key_makes_a_retried_booking_answer_the_first_result(api, demo):
    vt = visit_type(api, "sick")
    slot = free_slot(api, vt)
    key = {"Idempotency-Key": f"retry-{slot['start']}"}
    first = book(api, "jordan", "jordan", slot, vt, headers=key)
    second = book(api, "jordan", "jordan", slot, vt, headers=key)
    assert first.status == second.status == 201
    assert first.json["appointment_id"] == second.json["appointment_id"]
    changed = book(api, "jordan", "jordan", slot, vt, reason="Something else", headers=key)
    assert changed.status == 422 and changed.error["field"] == "Idempotency-Key"


def test_staff_book_for_a_patient_and_record_arrival_and_completion(api, demo):
    vt = visit_type(api, "request")  # staff book request-mode types directly
    res = book(api, "front_desk", "casey", free_slot(api, vt), vt)
    assert res.status == 201 and res.json["status"] == "booked"
    path = f"/patients/{demo['casey']}/appointments/{res.json['appointment_id']}/status"
    assert api.post(path, {"status": "arrived"}, as_user="nurse").json["status"] == "arrived"
    started = datetime.fromisoformat(res.json["start"].replace("Z", "+00:00")) + timedelta(minutes=20)
    with time_machine.travel(started, tick=False):  # completed only once the visit has begun
        api.forget("provider")
        api.forget("front_desk")
        assert api.post(path, {"status": "fulfilled"}, as_user="provider").json["status"] == "fulfilled"
        late = api.post(path, {"status": "noshow"}, as_user="front_desk")
        assert late.status == 409 and late.error["field"] == "status"
    api.forget("provider")
    api.forget("front_desk")
    assert api.post(path, {"status": "gone"}, as_user="front_desk").error["field"] == "status"


def test_the_patient_home_shows_the_next_visit(api, demo):
    home = api.get(f"/patients/{demo['alex']}/home", as_user="alex")
    assert home.status == 200, home
    upcoming = api.get(f"/patients/{demo['alex']}/appointments", as_user="alex").json["items"]
    nxt = home.json["sections"]["next_appointment"]
    assert nxt["appointment_id"] == upcoming[0]["appointment_id"] and "reason" not in nxt


def test_the_record_export_carries_valid_fhir_appointments(api, demo):
    from fhir.resources.R4B.appointment import Appointment as FhirAppointment

    from tests.export_helpers import bundle as export_bundle

    bundle = export_bundle(api, demo["alex"], as_user="alex")
    visits = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Appointment"]
    assert {"fulfilled", "booked"} <= {v["status"] for v in visits}
    for visit in visits:
        FhirAppointment.model_validate(visit)
