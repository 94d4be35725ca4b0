"""A Hypothesis state machine of book / cancel / reschedule keeps "at most one active
booking per slot": visits of different lengths never overlap, every booked visit holds
exactly its cells, and a change succeeds exactly when the time is free."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule
from chalicelib import clock

pytestmark = pytest.mark.clock  # run again under another TZ in CI

TIMES = [time(9, 0), time(9, 10), time(9, 20), time(9, 30), time(9, 40)]


def _test_day(holidays: set[str]) -> date:
    day = clock.today() + timedelta(days=60)
    while day.weekday() >= 5 or day.isoformat() in holidays:
        day += timedelta(days=1)
    return day


@pytest.fixture(scope="module")
def machine(api, demo):
    from chalicelib.auth import Caller
    from chalicelib.errors import ConflictError
    from chalicelib.models._base import iso
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.slot import SlotCell
    from chalicelib.services import booking
    from chalicelib.clock import practice_tz
    from chalicelib.services.scheduling import load_config

    config = load_config()
    tz, chen = practice_tz(), demo["dr.chen@example.org"]
    day = _test_day(set(config.holidays))
    starts = [datetime.combine(day, t, tzinfo=tz).isoformat() for t in TIMES]
    kinds = {demo["visit_type_sick"]: 20, demo["visit_type_physical"]: 30}
    callers = {who: Caller(user_id=f"sm-{who}", email=f"{who}@example.org", display_name=who,
                           roles=frozenset({"patient"}), patient_id=demo[who]) for who in ("alex", "jordan")}

    def span(start_iso: str, minutes: int):
        start = datetime.fromisoformat(start_iso)
        return start, start + timedelta(minutes=minutes)

    class Booking(RuleBasedStateMachine):
        appointments = Bundle("appointments")

        def __init__(self):
            super().__init__()
            self.booked: dict[str, tuple] = {}  # appointment id -> (who, start, end, minutes)

        def _free(self, start, end, ignore=None) -> bool:
            return all(not (s < end and e > start) for a, (_, s, e, _m) in self.booked.items() if a != ignore)

        @rule(target=appointments, who=st.sampled_from(sorted(callers)), start=st.sampled_from(starts),
              kind=st.sampled_from(sorted(kinds)))
        def book(self, who, start, kind):
            s, e = span(start, kinds[kind])
            try:
                made = booking.book(callers[who], demo[who], {"visit_type_id": kind, "provider_id": chen,
                                                               "start": start, "reason": "state machine"})
            except ConflictError:
                assert not self._free(s, e)
                return None
            assert self._free(s, e)
            self.booked[made["appointment_id"]] = (who, s, e, kinds[kind])
            return made["appointment_id"]

        @rule(appt=consumes(appointments))
        def cancel(self, appt):
            if appt is None or appt not in self.booked:
                return
            who = self.booked.pop(appt)[0]
            assert booking.cancel(callers[who], demo[who], appt)["status"] == "cancelled"

        @rule(appt=appointments, start=st.sampled_from(starts))
        def reschedule(self, appt, start):
            if appt is None or appt not in self.booked:
                return
            who, _, _, minutes = self.booked[appt]
            s, e = span(start, minutes)
            try:
                booking.reschedule(callers[who], demo[who], appt, {"start": start})
            except ConflictError:
                assert not self._free(s, e, ignore=appt)
                return
            assert self._free(s, e, ignore=appt)
            self.booked[appt] = (who, s, e, minutes)

        @invariant()
        def one_booking_per_slot(self):
            first, last = datetime.fromisoformat(starts[0]), datetime.fromisoformat(starts[-1]) + timedelta(hours=1)
            cells = {c.start: c.appointment_id for c in SlotCell.query(chen, SlotCell.start.between(iso(first), iso(last)))}
            held: dict[str, str] = {}
            for appt, (who, s, e, minutes) in self.booked.items():
                stored = Appointment.get(demo[who], appt)
                assert stored.status == "booked" and stored.start == iso(s)
                for cell in stored.cells:
                    assert cell not in held, "two bookings hold one slot"
                    held[cell] = appt
            assert cells == held  # no orphan cells, none missing

        def teardown(self):
            for appt, (who, *_rest) in list(self.booked.items()):
                booking.cancel(callers[who], demo[who], appt)

    return Booking


def test_book_cancel_reschedule_keep_at_most_one_booking_per_slot(machine):
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(machine, settings=settings(
        max_examples=10, stateful_step_count=8, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
