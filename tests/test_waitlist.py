"""The waitlist for earlier slots (issue 17, item 4): offers go to the first who asked, a
few at once; the first to accept gets the slot exactly once (20 concurrent accepts through
the local HTTP server), the old time is freed, the others are told it is gone; offers
expire and the slot goes to the next in line. Each test has its own visit type and fresh
patients, so no other test's visits or waitlist meet them."""
from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
import time_machine

from chalicelib import clock
from tests.appointment_helpers import chen, emails_to, open_starts, post_when_all_ready
from tests.test_booking_race import http_server  # noqa: F401 (the local HTTP server fixture)
from tests.helpers import make_patient_account

pytestmark = pytest.mark.clock

OFFER = "An earlier visit time is available at Maple Street Family Practice"
GONE = "The earlier visit time was taken"


@pytest.fixture
def visit_type(api):
    res = api.post("/scheduling/visit-types", {"name": f"Waitlist check {uuid.uuid4().hex[:6]}",
                                               "duration_minutes": 20, "provider_ids": [chen(api)], "mode": "book"},
                   as_user="admin")
    assert res.status == 201, res
    yield res.json["visit_type_id"]
    api.patch(f"/scheduling/visit-types/{res.json['visit_type_id']}", {"active": False}, as_user="admin")


def _far_day(offset: int):
    from chalicelib.services.scheduling import load_config

    holidays, day = set(load_config().holidays), clock.today() + timedelta(days=offset)
    while day.weekday() >= 4 or day.isoformat() in holidays:  # Monday to Thursday: full days
        day += timedelta(days=1)
    return day


def _waiting_patients(api, visit_type: str, count: int, day, first_hour: int = 9, phones=()) -> list[dict]:
    """`count` fresh patients, each booked on `day` and asking for an earlier time, in order
    (the first len(phones) with those mobile numbers)."""
    made, start = [], None
    for i in range(count):
        patient = make_patient_account(api, given=f"Wait{i}", family="Lister",
                                       **({"phone": phones[i]} if i < len(phones) else {}))
        start = next(s for s in open_starts(api, visit_type, day, chen(api), first_hour) if start is None or s > start)
        res = api.post(f"/patients/{patient['patient_id']}/appointments",
                       {"visit_type_id": visit_type, "provider_id": chen(api), "start": start.isoformat(),
                        "reason": "Knee pain", "waitlist": True}, token=api.token(patient["email"], patient["password"]))
        assert res.status == 201 and res.json["waitlist"] is True, (start, res)
        made.append({**patient, "appointment_id": res.json["appointment_id"], "start": res.json["start"]})
    return made


def _offers(patient: dict):
    from chalicelib.models.waitlist import WaitlistOffer

    return sorted(WaitlistOffer.query(patient["patient_id"]), key=lambda o: o.created_at)


def test_offers_go_first_asked_first_offered_a_few_at_once_and_expire_to_the_next(api, visit_type):
    from chalicelib.services import waitlist

    patients = _waiting_patients(api, visit_type, 4, _far_day(30))
    now = clock.now()
    waitlist.run(now=now)
    first = [_offers(p) for p in patients]
    slot = first[0][0].slot_key
    assert [len(o) for o in first] == [1, 1, 1, 1]
    assert {o[0].slot_key for o in first[:3]} == {slot}  # the earliest open slot: the first three who asked
    assert first[3][0].slot_key != slot and first[3][0].start > first[0][0].start  # the fourth: the next slot
    waitlist.run(now=now + timedelta(minutes=10))  # offers still out: nothing new
    assert [len(_offers(p)) for p in patients] == [1, 1, 1, 1]
    # Two hours on, unaccepted offers have expired: the earliest slot goes to the fourth.
    later = now + timedelta(minutes=waitlist.OFFER_MINUTES + 1)
    waitlist.run(now=later)
    assert any(o.slot_key == slot and o.status == "open" for o in _offers(patients[3]))
    with time_machine.travel(later + timedelta(minutes=1), tick=False):
        token = api.token(patients[0]["email"], patients[0]["password"])
        res = api.post(f"/patients/{patients[0]['patient_id']}/waitlist-offers/{first[0][0].offer_id}/accept",
                       {}, token=token)
    assert res.status == 409 and res.error["code"] == "offer_expired", res


def test_leaving_the_waitlist_stops_offers(api, visit_type):
    from chalicelib.services import waitlist

    (patient,) = _waiting_patients(api, visit_type, 1, _far_day(33))
    path = f"/patients/{patient['patient_id']}/appointments/{patient['appointment_id']}/waitlist"
    res = api.post(path, {"join": False}, token=api.token(patient["email"], patient["password"]))
    assert res.status == 200 and "waitlist" not in res.json
    waitlist.run()
    assert _offers(patient) == []


def test_twenty_concurrent_accepts_give_one_booking_and_the_others_are_told_it_is_gone(
        api, visit_type, http_server, mailbox):
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.slot import SlotCell
    from chalicelib.models.waitlist import WaitlistOffer
    from chalicelib.services import waitlist

    patients = _waiting_patients(api, visit_type, 3, _far_day(36))
    waitlist.run()
    offers = [_offers(p)[0] for p in patients]
    assert len({o.slot_key for o in offers}) == 1
    tokens = [api.token(p["email"], p["password"]) for p in patients]
    results: list = []
    barrier = threading.Barrier(20)
    threads = [threading.Thread(target=post_when_all_ready, args=(
        f"{http_server}/api/patients/{patients[i % 3]['patient_id']}/waitlist-offers/{offers[i % 3].offer_id}/accept",
        tokens[i % 3], {}, results, barrier, {"Idempotency-Key": uuid.uuid4().hex})) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * 19, statuses
    winner = next(body for status, body in results if status == 200)
    assert winner["start"] == offers[0].start
    won = next(i for i, p in enumerate(patients) if p["appointment_id"] == winner["appointment_id"])
    # The slot's cells belong to the winner, the winner's old time is free, the others kept theirs.
    end = offers[0].end
    cells = [c for c in SlotCell.query(offers[0].provider_id, SlotCell.start.between(offers[0].start, end))
             if c.start < end]
    assert cells and {c.appointment_id for c in cells} == {winner["appointment_id"]}
    assert not list(SlotCell.query(offers[0].provider_id, SlotCell.start == patients[won]["start"]))
    for i, p in enumerate(patients):
        appt = Appointment.get(p["patient_id"], p["appointment_id"])
        assert appt.status == "booked"
        assert appt.start == (offers[0].start if i == won else p["start"])
        assert (appt.waitlist is None) == (i == won)
    states = {i: WaitlistOffer.get(p["patient_id"], offers[i].offer_id).status for i, p in enumerate(patients)}
    assert sorted(states.values()) == ["accepted", "gone", "gone"]
    for i, p in enumerate(patients):
        subjects = [m["subject"] for m in emails_to(mailbox, p["email"])]
        assert subjects.count(OFFER) == 1
        assert subjects.count(GONE) == (0 if i == won else 1), subjects
        for m in emails_to(mailbox, p["email"]):
            assert "Knee" not in m["body_text"] and "Waitlist check" not in m["body_text"] and "Lister" not in m["body_text"]
    # The freed time feeds the waitlist in turn: the next run offers it to the two still waiting.
    waitlist.run()
    freed = f"{offers[0].provider_id}#{patients[won]['start']}"
    assert {o.patient_id for o in WaitlistOffer.slot_index.query(freed)} <= {p["patient_id"] for p in patients}
