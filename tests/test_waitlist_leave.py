"""Leaving the waitlist withdraws the visit's open offer (issue 17, item 4): stopping to ask,
"No thanks" with leave, cancelling or moving the visit; the withdrawn offer answers 409
`offer_withdrawn` in the error shape (like an expired one) and its place in the slot's
batch goes to the next in line on the next run. Each test has its own visit type, far day
and fresh patients."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib import clock
from tests.appointment_helpers import chen, open_starts
from tests.test_waitlist import _far_day, _offers, _waiting_patients, visit_type  # noqa: F401 (fixture)
from tests.test_waitlist_decline import _as, _one_slot_opens

pytestmark = pytest.mark.clock


def _refused(api, patient: dict, offer) -> None:
    path = f"/patients/{patient['patient_id']}/waitlist-offers/{offer.offer_id}"
    res = api.post(path + "/accept", {}, **_as(api, patient))
    assert res.status == 409 and res.error["code"] == "offer_withdrawn" and set(res.json) == {"error"}, res
    assert api.get(path, **_as(api, patient)).json["status"] == "withdrawn"
    assert api.get(f"/patients/{patient['patient_id']}/waitlist-offers", **_as(api, patient)).json["items"] == []


def test_leaving_the_list_withdraws_the_open_offer_and_the_next_in_line_gets_the_slot(api, visit_type, monkeypatch):
    from chalicelib.models.appointment import Appointment
    from chalicelib.services import waitlist

    patients = _waiting_patients(api, visit_type, 4, _far_day(54))
    _one_slot_opens(monkeypatch)
    now = clock.now()
    waitlist.run(now=now)
    assert [len(_offers(p)) for p in patients] == [1, 1, 1, 0]
    leaving = patients[0]
    (offer,) = _offers(leaving)
    res = api.post(f"/patients/{leaving['patient_id']}/appointments/{leaving['appointment_id']}/waitlist",
                   {"join": False}, **_as(api, leaving))
    assert res.status == 200 and "waitlist" not in res.json, res
    _refused(api, leaving, offer)
    assert Appointment.get(leaving["patient_id"], leaving["appointment_id"]).start == leaving["start"]
    # The withdrawn offer no longer holds a place: the next run offers the slot to the fourth.
    waitlist.run(now=now + timedelta(minutes=5))
    (fourth,) = _offers(patients[3])
    assert fourth.slot_key == offer.slot_key and fourth.status == "open"
    assert len(_offers(leaving)) == 1  # the one who left is not offered anything again


def test_no_thanks_with_leave_withdraws_nothing_else_and_stays_declined(api, visit_type, monkeypatch):
    from chalicelib.services import waitlist

    (patient,) = _waiting_patients(api, visit_type, 1, _far_day(57))
    _one_slot_opens(monkeypatch)
    waitlist.run()
    (offer,) = _offers(patient)
    res = api.post(f"/patients/{patient['patient_id']}/waitlist-offers/{offer.offer_id}/decline", {"leave": True},
                   **_as(api, patient))
    assert res.status == 200 and res.json["status"] == "declined" and res.json["current"]["waitlist"] is False, res
    assert [o.status for o in _offers(patient)] == ["declined"]


def test_cancelling_or_moving_a_waiting_visit_withdraws_its_offer(api, visit_type, monkeypatch):
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.waitlist import WaitlistEntry
    from chalicelib.services import waitlist

    day = _far_day(60)
    cancelling, moving = _waiting_patients(api, visit_type, 2, day)
    _one_slot_opens(monkeypatch)
    waitlist.run()
    (cancelled_offer,), (moved_offer,) = _offers(cancelling), _offers(moving)
    res = api.post(f"/patients/{cancelling['patient_id']}/appointments/{cancelling['appointment_id']}/cancel", {},
                   **_as(api, cancelling))
    assert res.status == 200 and res.json["status"] == "cancelled", res
    _refused(api, cancelling, cancelled_offer)

    monkeypatch.undo()  # every open slot again: the visit moves to a later one
    later = open_starts(api, visit_type, day, chen(api), 14)[0]
    res = api.post(f"/patients/{moving['patient_id']}/appointments/{moving['appointment_id']}/reschedule",
                   {"start": later.isoformat(), "provider_id": chen(api)}, **_as(api, moving))
    assert res.status == 200 and "waitlist" not in res.json, res
    _refused(api, moving, moved_offer)
    assert Appointment.get(moving["patient_id"], moving["appointment_id"]).waitlist is None
    assert all(e.appointment_id not in (cancelling["appointment_id"], moving["appointment_id"])
               for e in WaitlistEntry.query(visit_type))


def test_another_visit_types_offers_of_the_same_time_do_not_hold_back_this_types_patients(
        api, visit_type, monkeypatch):
    from chalicelib.services import waitlist

    res = api.post("/scheduling/visit-types", {"name": "Waitlist other type", "duration_minutes": 20,
                                               "provider_ids": [chen(api)], "mode": "book"}, as_user="admin")
    assert res.status == 201, res
    other = res.json["visit_type_id"]
    try:
        day = _far_day(63)
        mine = _waiting_patients(api, visit_type, 3, day)
        (theirs,) = _waiting_patients(api, other, 1, day, first_hour=11)
        _one_slot_opens(monkeypatch)
        waitlist.run()
        slots = [[o.slot_key for o in _offers(p) if o.status == "open"] for p in [*mine, theirs]]
        assert len({key for keys in slots for key in keys}) == 1
        assert [len(keys) for keys in slots] == [1, 1, 1, 1]  # three of one type, and the other type's first
    finally:
        api.patch(f"/scheduling/visit-types/{other}", {"active": False}, as_user="admin")
