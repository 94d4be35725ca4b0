"""Helpers for the eCheck-in tests: a fresh patient with a physical inside the window."""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib import clock
from devserver.seed import DEMO_PASSWORD
from tests.appointment_helpers import open_slots, visit_type
from tests.helpers import make_patient_account


def fresh_patient_with_physical(api, days_ahead: tuple[float, float] = (2, 6), family: str = "Checkin",
                                provider: str | None = None) -> tuple[dict, dict]:
    """(patient, appointment): a new patient with an account (password DEMO_PASSWORD) and a
    physical booked by the front desk between days_ahead[0] and days_ahead[1] from now
    (with `provider`, a provider id, when given)."""
    patient = make_patient_account(api, password=DEMO_PASSWORD, given="Robin", family=family)
    physical = visit_type(api, "physical")
    now = clock.now()
    first = clock.today() + timedelta(days=int(days_ahead[0]))
    slots = [s for s in open_slots(api, physical, first=first, days=int(days_ahead[1] - days_ahead[0]) + 3,
                                   who="front_desk")
             if now + timedelta(days=days_ahead[0]) <= _when(s["start"]) <= now + timedelta(days=days_ahead[1])
             and provider in (None, s["provider_id"])]
    assert slots, "no open physical slot in the range"
    import random

    slot = random.choice(slots)
    res = api.post(f"/patients/{patient['patient_id']}/appointments",
                   {"visit_type_id": physical, "provider_id": slot["provider_id"], "start": slot["start"],
                    "reason": "Yearly check-up"}, as_user="front_desk")
    assert res.status == 201, res
    return patient, res.json


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def phq9_answers(values: list[int], difficulty: int | None = 1) -> dict:
    answers = {f"phq9-{n}": str(v) for n, v in enumerate(values, start=1)}
    if difficulty is not None and any(values):
        answers["phq9-difficulty"] = str(difficulty)
    return answers
