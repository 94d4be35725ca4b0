"""The waitlist's SMS and "No thanks" (issue 17, item 4): a patient who chose texts gets a
short PHI-free SMS linking the appointments page, which lists the open offer; declining is
idempotent, keeps the patient on the list (or not, with leave), can no longer be accepted,
and makes room: the next run offers the slot to the next in line before the offer would
have expired. Each test has its own visit type, far day and fresh patients."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from chalicelib import clock
from tests.test_waitlist import _far_day, _offers, _waiting_patients, visit_type  # noqa: F401 (fixture)

pytestmark = pytest.mark.clock


def _as(api, patient: dict) -> dict:
    return {"token": api.token(patient["email"], patient["password"])}


def _one_slot_opens(monkeypatch) -> None:
    """Only one open slot, the earliest that no other test's patients were offered, counts as
    open: the job's choices are then plain to see. (Call it after booking: booking checks
    its slot with open_slots too.)"""
    from chalicelib.models._base import iso
    from chalicelib.models.waitlist import WaitlistOffer
    from chalicelib.services import availability

    every, chosen = availability.open_slots, []

    def one(*a, **kw):
        slots = every(*a, **kw)
        if not chosen:
            chosen.extend([s for s in slots if not list(
                WaitlistOffer.slot_index.query(f"{s.provider_id}#{iso(s.start)}", limit=1))][:1])
        return [s for s in slots if chosen and (s.provider_id, s.start) == (chosen[0].provider_id, chosen[0].start)]

    monkeypatch.setattr(availability, "open_slots", one)


def test_a_patient_who_chose_texts_gets_a_short_sms_with_the_appointments_link(api, visit_type, mailbox, monkeypatch):
    from chalicelib.services import waitlist
    from chalicelib.services.patients import load

    phone = f"+1312556{uuid.uuid4().int % 10000:04d}"
    texting, other = _waiting_patients(api, visit_type, 2, _far_day(39), phones=[phone])
    _one_slot_opens(monkeypatch)
    assert api.patch(f"/patients/{texting['patient_id']}/preferences", {"sms": True}, as_user="front_desk").status == 200
    assert load(texting["patient_id"]).phone == phone
    waitlist.run()
    texts = [m["body_text"] for m in mailbox.messages() if m["channel"] == "sms" and m["to"] == phone]
    assert sum("earlier" in t for t in texts) == 1, texts  # (the first: "text messages are on")
    sms = texts[0]
    portal = waitlist_portal()
    assert len(sms) <= 160 and sms.isascii(), (len(sms), sms)
    assert f"{portal}#/appointments " in sms and "an earlier visit time" in sms
    offer = _offers(texting)[0]
    assert clock.say_short(offer.start) in sms
    for phi in ("Knee", "Waitlist check", "Wait0", "Lister"):
        assert phi not in sms
    # The appointments page lists the open offer (the SMS's link lands there).
    listed = api.get(f"/patients/{texting['patient_id']}/waitlist-offers", **_as(api, texting))
    assert listed.status == 200 and [o["offer_id"] for o in listed.json["items"]] == [offer.offer_id]
    assert listed.json["items"][0]["status"] == "open" and listed.json["items"][0]["current"]["waitlist"] is True
    # The other takes it first: the texting patient hears by SMS too that it is gone.
    other_offer = _offers(other)[0]
    assert other_offer.slot_key == offer.slot_key
    res = api.post(f"/patients/{other['patient_id']}/waitlist-offers/{other_offer.offer_id}/accept", {},
                   **_as(api, other))
    assert res.status == 200, res
    texts = [m["body_text"] for m in mailbox.messages() if m["channel"] == "sms" and m["to"] == phone]
    assert sum("earlier" in t for t in texts) == 2 and "was taken" in texts[0] and len(texts[0]) <= 160 and "Knee" not in texts[0]
    assert api.get(f"/patients/{texting['patient_id']}/waitlist-offers", **_as(api, texting)).json["items"] == []


def waitlist_portal() -> str:
    from chalicelib.notify import practice_values

    return practice_values()["portal_url"]


def test_no_thanks_is_idempotent_cannot_be_taken_back_and_gives_the_slot_to_the_next(api, visit_type, monkeypatch,
                                                                                      ddb_calls):
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.audit import AuditEvent
    from chalicelib.services import waitlist

    patients = _waiting_patients(api, visit_type, 4, _far_day(42))
    _one_slot_opens(monkeypatch)
    now = clock.now()
    waitlist.run(now=now)
    assert [len(_offers(p)) for p in patients] == [1, 1, 1, 0]  # the fourth waits: the slot's offers are out
    slot = _offers(patients[0])[0].slot_key
    waitlist.run(now=now + timedelta(minutes=5))
    assert _offers(patients[3]) == []

    declining = patients[1]
    offer = _offers(declining)[0]
    path = f"/patients/{declining['patient_id']}/waitlist-offers/{offer.offer_id}"
    who = _as(api, declining)
    with ddb_calls() as calls:  # authorizer, offer, its conditional update, audit, the visit
        first = api.post(path + "/decline", {}, **who)
    assert "Scan" not in calls and len(calls) <= 5, calls
    assert first.status == 200 and first.json["status"] == "declined", first
    assert first.json["current"]["waitlist"] is True  # still on the list for later openings
    again = api.post(path + "/decline", {}, **_as(api, declining))
    assert again.status == 200 and again.json["status"] == "declined"  # idempotent
    taken = api.post(path + "/accept", {}, **_as(api, declining))
    assert taken.status == 409 and taken.error["code"] == "offer_declined", taken
    assert api.get(path, **_as(api, declining)).json["status"] == "declined"
    appt = Appointment.get(declining["patient_id"], declining["appointment_id"])
    assert appt.start == declining["start"] and appt.waitlist
    assert api.get(f"/patients/{declining['patient_id']}/waitlist-offers", **_as(api, declining)).json["items"] == []
    events = [e for e in AuditEvent.query(declining["patient_id"])
              if e.action == "update" and e.resource_id == declining["appointment_id"]]
    assert events  # the decline is in the patient's access log

    # The next run (minutes, not the two hours of the offer) gives the slot to the fourth.
    waitlist.run(now=now + timedelta(minutes=10))
    (fourth,) = _offers(patients[3])
    assert fourth.slot_key == slot and fourth.status == "open"
    assert len(_offers(declining)) == 1  # never offered the slot it declined again


def test_no_thanks_can_leave_the_list_and_a_decided_offer_answers_409(api, visit_type):
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.waitlist import WaitlistEntry
    from chalicelib.services import waitlist

    leaving, taking = _waiting_patients(api, visit_type, 2, _far_day(45))
    waitlist.run()
    offer, won = _offers(leaving)[0], _offers(taking)[0]
    res = api.post(f"/patients/{leaving['patient_id']}/waitlist-offers/{offer.offer_id}/decline", {"leave": True},
                   **_as(api, leaving))
    assert res.status == 200 and res.json["current"]["waitlist"] is False, res
    appt = Appointment.get(leaving["patient_id"], leaving["appointment_id"])
    assert appt.waitlist is None and appt.start == leaving["start"]
    assert all(e.appointment_id != leaving["appointment_id"] for e in WaitlistEntry.query(visit_type))
    bad = api.post(f"/patients/{leaving['patient_id']}/waitlist-offers/{offer.offer_id}/decline", {"leave": "yes"},
                   **_as(api, leaving))
    assert bad.status == 400 and bad.error["field"] == "leave"
    # Taken: declining it afterwards is refused, in the error shape.
    path = f"/patients/{taking['patient_id']}/waitlist-offers/{won.offer_id}"
    assert api.post(path + "/accept", {}, **_as(api, taking)).status == 200
    res = api.post(path + "/decline", {}, **_as(api, taking))
    assert res.status == 409 and res.error["code"] == "offer_used" and set(res.json) == {"error"}, res


def test_an_expired_offer_cannot_be_declined(api, visit_type):
    import time_machine

    from chalicelib.services import waitlist

    (patient,) = _waiting_patients(api, visit_type, 1, _far_day(51))
    waitlist.run()
    offer = _offers(patient)[0]
    later = clock.now() + timedelta(minutes=waitlist.OFFER_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        res = api.post(f"/patients/{patient['patient_id']}/waitlist-offers/{offer.offer_id}/decline", {},
                       **_as(api, patient))
        listed = api.get(f"/patients/{patient['patient_id']}/waitlist-offers", **_as(api, patient))
    assert res.status == 409 and res.error["code"] == "offer_expired", res
    assert listed.status == 200 and listed.json["items"] == []
