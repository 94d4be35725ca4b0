"""Staff mark a visit arrived, completed or no-show: completed and no-show only once the
visit has started (a 422 that says why before), and refusals in words, not statuses."""
from __future__ import annotations

from datetime import datetime, timedelta

import time_machine

from tests.appointment_helpers import book, free_slot, visit_type


def _start(appt: dict) -> datetime:
    return datetime.fromisoformat(appt["start"].replace("Z", "+00:00"))


def test_completed_and_no_show_wait_until_the_visit_has_started(api, demo):
    vt = visit_type(api, "request")  # staff book request-mode types directly
    appt = book(api, "front_desk", "casey", free_slot(api, vt), vt).json
    assert appt["started"] is False
    path = f"/patients/{demo['casey']}/appointments/{appt['appointment_id']}/status"
    for status in ("fulfilled", "noshow"):
        early = api.post(path, {"status": status}, as_user="front_desk")
        assert early.status == 422 and early.error["code"] == "not_started", early
        assert early.error["field"] == "status" and early.error["message"].startswith("This visit has not started yet")
    assert api.get(path.removesuffix("/status"), as_user="front_desk").json["status"] == "booked"  # nothing written
    with time_machine.travel(_start(appt) + timedelta(minutes=5), tick=False):
        api.forget("front_desk")
        done = api.post(path, {"status": "noshow"}, as_user="front_desk")
        assert done.status == 200 and done.json["status"] == "noshow" and done.json["started"] is True
        again = api.post(path, {"status": "fulfilled"}, as_user="front_desk")
        assert again.status == 409 and again.error["message"] == "This visit is a no-show: it cannot be marked completed."
    api.forget("front_desk")
