"""The eCheck-in window in practice time: from 7 days (practice calendar days, across a
DST change too) to 1 hour before the visit, as the practice sets it; time travels
forward only, with fresh patients."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chalicelib.models.appointment import Appointment
from chalicelib.models._base import iso
from chalicelib.services import checkin
from tests.checkin_helpers import fresh_patient_with_physical

pytestmark = pytest.mark.clock
CHICAGO = ZoneInfo("America/Chicago")


def _visit(local: datetime, status: str = "booked") -> Appointment:
    return Appointment("p", "a", status=status, start=iso(local), end=iso(local + timedelta(minutes=30)))


def test_the_window_opens_seven_practice_days_before_and_closes_an_hour_before(demo):
    visit = _visit(datetime(2026, 12, 10, 9, 0, tzinfo=CHICAGO))
    opens, closes = checkin.window(visit)
    assert opens == datetime(2026, 12, 3, 9, 0, tzinfo=CHICAGO)
    assert closes == datetime(2026, 12, 10, 8, 0, tzinfo=CHICAGO)
    second = timedelta(seconds=1)
    assert [checkin.window_state(visit, t) for t in (opens - second, opens, closes - second, closes)] == \
        ["not-yet", "open", "open", "closed"]
    assert checkin.window_state(_visit(datetime(2026, 12, 10, 9, 0, tzinfo=CHICAGO), "cancelled"), opens) == "closed"


def test_across_the_spring_dst_change_the_window_opens_at_the_same_wall_clock_time(demo):
    visit = _visit(datetime(2027, 3, 16, 10, 0, tzinfo=CHICAGO))  # CDT; seven days before is CST
    opens, _ = checkin.window(visit)
    assert opens.astimezone(CHICAGO).replace(tzinfo=None) == datetime(2027, 3, 9, 10, 0)
    assert opens == datetime(2027, 3, 9, 16, 0, tzinfo=ZoneInfo("UTC"))


def test_the_practice_sets_the_window(api, demo):
    try:
        assert api.patch("/practice", {"checkin_opens_days": 3, "checkin_closes_minutes": 120},
                         as_user="admin").status == 200
        opens, closes = checkin.window(_visit(datetime(2026, 12, 10, 9, 0, tzinfo=CHICAGO)))
        assert (opens, closes) == (datetime(2026, 12, 7, 9, 0, tzinfo=CHICAGO), datetime(2026, 12, 10, 7, 0, tzinfo=CHICAGO))
        bad = api.patch("/practice", {"checkin_opens_days": 0}, as_user="admin")
        assert bad.status == 400 and bad.error["field"] == "checkin_opens_days"
    finally:
        api.patch("/practice", {"checkin_opens_days": 7, "checkin_closes_minutes": 60}, as_user="admin")


def test_a_visit_ten_days_out_opens_for_check_in_exactly_seven_days_before(api):
    patient, appt = fresh_patient_with_physical(api, days_ahead=(9, 13), family="Window")
    who = patient["email"]
    base = f"/patients/{patient['patient_id']}/appointments/{appt['appointment_id']}/checkin"
    state = api.get(base, as_user=who).json
    assert state["window"]["state"] == "not-yet"
    early = api.post(f"{base}/health", {}, as_user=who)
    assert early.status == 409 and "not opened" in early.error["message"]
    opens = datetime.fromisoformat(state["window"]["opens_at"].replace("Z", "+00:00"))
    start = datetime.fromisoformat(appt["start"].replace("Z", "+00:00"))
    assert opens.astimezone(CHICAGO).time() == start.astimezone(CHICAGO).time()
    with time_machine.travel(opens + timedelta(seconds=2), tick=True):
        api.forget(who)
        assert api.get(base, as_user=who).json["window"]["state"] == "open"
        assert api.post(f"{base}/health", {}, as_user=who).status == 200
    closes = datetime.fromisoformat(state["window"]["closes_at"].replace("Z", "+00:00"))
    with time_machine.travel(closes + timedelta(seconds=1), tick=True):
        api.forget(who)
        late = api.post(f"{base}/contact", {}, as_user=who)
        assert late.status == 409 and "front desk" in late.error["message"]
    api.forget(who)
