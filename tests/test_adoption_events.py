"""Adoption counters as things happen (issue 15): invitation, activation, monthly active
once per month, a patient's firsts told once each; and the nightly finalize of a day."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chalicelib import clock
from chalicelib.services import adoption
from chalicelib.services.adoption import events, nightly
from tests.helpers import make_patient, make_patient_account
from tests.test_invitations import invitation_code

pytestmark = pytest.mark.clock
CHICAGO = ZoneInfo("America/Chicago")


def today_counts() -> dict:
    return adoption.history(clock.today(), clock.today()).get(clock.today().isoformat(), {})


def delta(before: dict, after: dict, name: str) -> float:
    return after.get(name, 0) - before.get(name, 0)


def test_invite_activate_and_first_sign_in_are_counted_and_welcomed_once(api, mailbox):
    patient = make_patient(api, birth_date="1984-02-03")
    before = today_counts()
    assert api.post(f"/patients/{patient['patient_id']}/invitation", as_user="front_desk").status in (200, 201)
    code = invitation_code(mailbox, patient["email"])
    res = api.post("/auth/activate", {"code": code, "birth_date": "1984-02-03", "password": "Correct-Horse-2026!"})
    assert res.status in (200, 201), res
    res = api.post("/auth/sign-in", {"email": patient["email"], "password": "Correct-Horse-2026!"})
    assert res.status == 200, res
    after = today_counts()
    assert delta(before, after, "invited") == 1
    assert delta(before, after, "activated") == 1
    assert delta(before, after, "monthly_active") == 1  # the second sign-in of the month adds nothing
    welcomes = [m for m in mailbox.messages() if m["to"] == patient["email"]
                and "Welcome to the" in m["subject"]]
    assert len(welcomes) == 1
    text = welcomes[0]["subject"] + welcomes[0]["body_text"] + welcomes[0]["body_html"]
    assert patient["family_name"] not in text and "1984" not in text and patient.get("mrn", "~") not in text


def test_a_new_month_counts_the_patient_active_again(api):
    account = make_patient_account(api)
    user = SimpleNamespace(patient_id=account["patient_id"], email=account["email"])
    events.signed_in(user, "2026-12-01T10:00:00.000Z")  # signed in already this month
    with time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=CHICAGO), tick=True):
        before = today_counts()
        events.signed_in(user, "2026-12-01T10:00:00.000Z")
        events.signed_in(user, "2026-12-01T10:00:00.000Z")  # a race: the marker counts it once
        assert delta(before, today_counts(), "monthly_active") == 1


def test_first_online_booking_is_told_once_and_staff_bookings_count_apart(api, mailbox):
    patient = SimpleNamespace(**{k: v for k, v in make_patient(api).items() if k in ("patient_id", "email")})
    before = today_counts()
    events.booked(SimpleNamespace(is_staff=False), patient)
    events.booked(SimpleNamespace(is_staff=False), patient)
    events.booked(SimpleNamespace(is_staff=True), patient)
    events.booked(None, patient)  # the seed
    after = today_counts()
    assert delta(before, after, "booked_online") == 2 and delta(before, after, "booked_staff") == 1
    told = [m for m in mailbox.messages() if m["to"] == patient.email and "first visit online" in m["subject"]]
    assert len(told) == 1


def test_nightly_finalize_counts_the_days_visits_and_activation(api):
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.user import User

    day = date(2029, 7, 2)
    active = make_patient_account(api)
    quiet = make_patient(api)
    with time_machine.travel(datetime(2029, 7, 2, 8, 0, tzinfo=CHICAGO), tick=True):
        user = next(User.email_index.query(active["email"]))
        user.update(actions=[User.last_sign_in_at.set("2029-06-20T15:00:00.000Z")])  # 12 days before
        for i, (patient, status) in enumerate(((active, "fulfilled"), (quiet, "arrived"), (quiet, "noshow"))):
            start = datetime(2029, 7, 2, 14 + i, 0, tzinfo=CHICAGO)
            Appointment(patient["patient_id"], f"adoption-{i}-{patient['patient_id']}", status=status,
                        visit_type_id="vt", visit_type_name="Visit", provider_id="p", provider_name="Dr",
                        start=start.isoformat(), end=(start + timedelta(minutes=20)).isoformat(),
                        day=day.isoformat(), created_at="x", created_by="test", updated_at="x").set_list_keys().save()
    with time_machine.travel(datetime(2029, 7, 3, 0, 30, tzinfo=CHICAGO), tick=True):
        assert nightly.run() == {"visits": 2, "visits_active_30d": 1, "seen_12m": 2, "seen_12m_active": 1,
                                 "seen_12m.p": 2, "seen_12m_active.p": 1}  # per clinician too
        assert nightly.run()["visits"] == 2  # a rerun writes the same figures
        counts = adoption.history(day, day)[day.isoformat()]
        assert counts["visits"] == 2 and counts["seen_12m_active"] == 1
