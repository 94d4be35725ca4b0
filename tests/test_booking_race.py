"""Exactly once: 50 concurrent bookings of one slot through the local HTTP server give
one 201 and 49 clear 409s, and the database holds one booking for the slot."""
from __future__ import annotations

import threading

import pytest

from tests.appointment_helpers import free_slot, post_when_all_ready, visit_type


@pytest.fixture(scope="module")
def http_server(chalice_app):
    from devserver.server import serve

    server = serve(chalice_app, "127.0.0.1", 0)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fifty_concurrent_bookings_of_one_slot_give_exactly_one_success(api, demo, http_server):
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.slot import SlotCell

    vt = visit_type(api, "physical")
    slot = free_slot(api, vt)
    patients = ["alex", "jordan", "priya"]
    tokens = {who: api.token(who) for who in patients}
    results: list = []
    barrier = threading.Barrier(50)
    threads = []
    for i in range(50):
        who = patients[i % 3]
        payload = {"visit_type_id": vt, "provider_id": slot["provider_id"], "start": slot["start"],
                   "reason": f"race {i}"}
        url = f"{http_server}/api/patients/{demo[who]}/appointments"
        threads.append(threading.Thread(target=post_when_all_ready, args=(url, tokens[who], payload, results, barrier)))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [409] * 49, statuses
    for status, body in results:
        if status == 409:
            assert body["error"]["field"] == "start" and "Choose another time" in body["error"]["message"]
    winner = next(body for status, body in results if status == 201)
    # between() includes a cell starting at slot end: that one belongs to the next visit.
    cells = [c for c in SlotCell.query(slot["provider_id"], SlotCell.start.between(slot["start"], slot["end"]))
             if c.start < slot["end"]]
    assert {c.appointment_id for c in cells} == {winner["appointment_id"]}
    booked = [a for who in patients for a in Appointment.patient_start_index.query(demo[who], Appointment.start == slot["start"])
              if a.status == "booked"]
    assert [a.appointment_id for a in booked] == [winner["appointment_id"]]
