"""Every list reads O(page) items whatever the history (issue 16): a long history of
cancelled visits, retired health entries or clinical documents is outside the key
range of the list that hides it, so it is never read and dropped.

Histories are written straight to the tables (batch writes, the same items the
services write) so a large one costs a second, not a minute; each test uses its own
fresh patient or a day no other test looks at.
"""
from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

import pytest

from chalicelib import clock
from devserver.meter import measure

pytestmark = pytest.mark.clock
HISTORY = 300


def _patient(family: str) -> str:
    from chalicelib.services import patients

    return patients.create_patient(None, {"family_name": family, "given_name": "Flat", "birth_date": "1980-02-03",
                                          "sex": "female"})["patient_id"]


def _visits(patient_id: str, day, provider_id: str, count: int, status: str, first_minute: int = 0) -> list[str]:
    """`count` visits on `day` (practice date) ten minutes apart, written directly."""
    from chalicelib.models._base import iso
    from chalicelib.models.appointment import Appointment

    tz, ids = clock.practice_tz(), []
    with Appointment.batch_write() as batch:
        for i in range(count):
            start = datetime.combine(day, time(0), tzinfo=tz) + timedelta(minutes=first_minute + 10 * i % 1400)
            appt = Appointment(patient_id, uuid.uuid4().hex, status=status, visit_type_id="vt", visit_type_name="Visit",
                               provider_id=provider_id, provider_name="Dr. Flat", start=iso(start),
                               end=iso(start + timedelta(minutes=10)), day=day.isoformat(), created_at=iso(start),
                               created_by="system", updated_at=iso(start), patient_name="Flat, History")
            batch.save(appt.set_list_keys())
            ids.append(appt.appointment_id)
    return ids


def _cost(api, path: str, user: str = "front_desk"):
    api.token(user)
    with measure() as cost:
        res = api.get(path, as_user=user)
    assert res.status == 200, res
    return res.json, cost


def _fixed_reads() -> int:
    """Items any scheduling request reads besides its page: the caller's user item and
    the scheduling config partition (visit types, hours, rules: the practice's size)."""
    from chalicelib.models.scheduling import CONFIG, SchedulingItem

    return 1 + sum(1 for _ in SchedulingItem.query(CONFIG))


def _as_patient(patient_id: str):
    from chalicelib.auth import Caller

    return Caller(user_id=f"flat-{patient_id}", email="", display_name="Flat Patient", roles=frozenset({"patient"}),
                  patient_id=patient_id)


def _flat(small, big) -> None:
    """The same DynamoDB calls and items read with a long history as without one."""
    assert big.calls == small.calls and big.items_read == small.items_read, (small, big)


def test_upcoming_visits_and_the_home_skip_a_long_history_of_cancelled_ones(api, demo):
    from chalicelib.services import appointments

    soon = clock.today() + timedelta(days=30)
    fresh, long = _patient("Cancelfresh"), _patient("Cancelhistory")
    _visits(long, soon, "flat-provider", HISTORY, "cancelled")
    kept = {p: _visits(p, soon + timedelta(days=1), "flat-provider", 1, "booked") for p in (fresh, long)}
    costs = {}
    for patient_id in (fresh, long):
        listed, costs[patient_id, "list"] = _cost(api, f"/patients/{patient_id}/appointments?when=upcoming&limit=5")
        assert [a["appointment_id"] for a in listed["items"]] == kept[patient_id]
        with measure() as costs[patient_id, "home"]:  # the patient home's "next visit" section
            upcoming = appointments.next_for_home(_as_patient(patient_id), patient_id)
        assert upcoming["appointment_id"] == kept[patient_id][0]
    _flat(costs[fresh, "list"], costs[long, "list"])
    _flat(costs[fresh, "home"], costs[long, "home"])


def test_the_practice_schedule_reads_a_page_and_writes_one_audit_item_per_patient(api, demo):
    from chalicelib.models.audit import AuditEvent

    day = clock.today() + timedelta(days=200)  # past the booking horizon: no other test's visits
    busy, other = _patient("Schedulebusy"), _patient("Scheduleother")
    _visits(busy, day, "flat-provider", HISTORY, "cancelled")
    _visits(busy, day, "flat-provider", HISTORY // 3, "proposed", first_minute=5)
    shown = _visits(busy, day, "flat-provider", 30, "booked") + _visits(other, day, "flat-provider-2", 20, "fulfilled")
    api.token("front_desk")
    seen, cursor, pages = [], None, 0
    while True:
        with measure() as cost:
            res = api.get(f"/schedule?date={day}&days=7&limit=20" + (f"&cursor={cursor}" if cursor else ""),
                          as_user="front_desk")
        assert res.status == 200, res
        assert cost.items_read <= 20 + _fixed_reads() and cost.calls.count("TransactWriteItems") <= 1, cost
        assert cost.items_written <= 20 and len(cost.calls) <= 7 + 4, cost
        seen += res.json["items"]
        cursor, pages = res.json["cursor"], pages + 1
        if not cursor:
            break
    assert pages == 3 and sorted(a["appointment_id"] for a in seen) == sorted(shown)
    assert {a["patient_name"] for a in seen} == {"Flat, History"}
    assert [a["start"] for a in seen] == sorted(a["start"] for a in seen)
    trail = [e for e in AuditEvent.query(busy) if e.actor_name == "Frank Ortiz" and e.resource == "appointment"]
    assert sorted(i for e in trail for i in e.resource_id.split(",")) == sorted(shown[:30])
    provider = api.get(f"/schedule?date={day}&days=1&provider_id=flat-provider-2&limit=100", as_user="front_desk")
    assert len(provider.json["items"]) == 20 and provider.json["cursor"] is None


def test_a_schedule_cursor_is_bound_to_its_query(api, demo):
    day = clock.today() + timedelta(days=201)
    _visits(_patient("Schedulecursor"), day, "flat-provider", 3, "booked")
    first = api.get(f"/schedule?date={day}&days=1&limit=1", as_user="front_desk").json
    assert first["cursor"]
    other = api.get(f"/schedule?date={day}&days=2&limit=1&cursor={first['cursor']}", as_user="front_desk")
    assert other.status == 400 and other.error["field"] == "cursor"


def _health(patient_id: str, current: int, retired: int) -> None:
    """`current` medications and `retired` stopped ones, written directly."""
    from chalicelib.models.health import HealthEntry
    from chalicelib.services.health import get_kind, new_entry_item

    clinician = _as_patient(patient_id)
    with HealthEntry.batch_write() as batch:
        for i in range(current + retired):
            entry = new_entry_item(clinician, patient_id, get_kind("medications"), {"medication": f"Med {i}"})
            if i >= current:
                entry.status, entry.retired_at, entry.active_entry = "stopped", entry.recorded_at, None
            batch.save(entry)


def test_the_health_summary_and_a_section_skip_retired_entries(api, demo):
    fresh, long = _patient("Healthfresh"), _patient("Healthhistory")
    _health(fresh, 3, 0)
    _health(long, 3, HISTORY)
    costs = {}
    for patient_id in (fresh, long):
        for path in ("health", "health/medications"):
            listed, costs[patient_id, path] = _cost(api, f"/patients/{patient_id}/{path}?limit=10", "provider")
            assert len(listed["items"]) == 3 and not any(e["retired"] for e in listed["items"])
            assert costs[patient_id, path].items_read <= 10 + 1, costs[patient_id, path]
    for path in ("health", "health/medications"):
        _flat(costs[fresh, path], costs[long, path])
    every = api.get(f"/patients/{long}/health/medications?include_retired=true&limit=100", as_user="provider").json
    assert len(every["items"]) == 100 and every["cursor"]


def _documents(patient_id: str, clinical: int, cards: int) -> None:
    """`clinical` letters (not shared, some removed) and `cards` shared insurance cards."""
    from chalicelib.ids import sortable_id
    from chalicelib.models.document import Document

    with Document.batch_write() as batch:
        for i in range(clinical + cards):
            card = i >= clinical
            doc = Document(patient_id, sortable_id(), s3_key=f"patients/{patient_id}/x{i}",
                           category="insurance_card" if card else "letter", title=f"doc {i}",
                           content_type="application/pdf", size=10, status="available", uploaded_by="flat",
                           uploaded_by_name="Flat", uploaded_side="staff", created_at="2026-01-01T00:00:00.000Z",
                           shared_with_patient=card, deleted_at=None if card or i % 10 else "2026-01-02T00:00:00.000Z")
            doc.key_actions()
            batch.save(doc)


@pytest.fixture(scope="module")
def document_patients(api, demo):
    """A patient with 20 letters and 3 insurance cards, and one with 300 letters and 3 cards."""
    fresh, long = _patient("Docsfresh"), _patient("Docshistory")
    _documents(fresh, 20, 3)
    _documents(long, HISTORY, 3)
    return fresh, long


@pytest.mark.parametrize("user,path,expect", [
    ("front_desk", "documents?limit=5", 3), ("billing", "documents?limit=5&include_deleted=true", 3),
    ("front_desk", "documents?limit=5&category=insurance_card", 3), ("provider", "documents?limit=2", 2),
    ("provider", "documents?limit=5&category=insurance_card", 3)])
def test_a_documents_page_reads_what_the_caller_may_see(api, document_patients, user, path, expect):
    costs = {}
    for patient_id in document_patients:
        listed, costs[patient_id] = _cost(api, f"/patients/{patient_id}/{path}", user)
        assert len(listed["items"]) == expect, listed
    _flat(*costs.values())


def test_a_documents_cursor_walks_every_visible_document_once(api, demo):
    patient_id = _patient("Docswalk")
    _documents(patient_id, 25, 4)
    seen, cursor = [], None
    while True:
        page = api.get(f"/patients/{patient_id}/documents?limit=7&include_deleted=true"
                       + (f"&cursor={cursor}" if cursor else ""), as_user="provider").json
        seen += [d["document_id"] for d in page["items"]]
        cursor = page["cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 29 and seen == sorted(seen, reverse=True)
    current = api.get(f"/patients/{patient_id}/documents?limit=100", as_user="provider").json["items"]
    assert len(current) == 29 - 3 and not any(d["deleted"] for d in current)


def test_a_corrected_name_reaches_the_schedule(api, demo):
    day = clock.today() + timedelta(days=202)
    patient_id = _patient("Misspeled")
    _visits(patient_id, day, "flat-provider", 2, "booked")
    res = api.request("PUT", f"/patients/{patient_id}/name", {"given_name": "Flat", "family_name": "Misspelled"},
                      as_user="front_desk")
    assert res.status == 200, res
    shown = api.get(f"/schedule?date={day}&days=1", as_user="front_desk").json["items"]
    assert [a["patient_name"] for a in shown] == ["Misspelled, Flat"] * 2


def test_the_time_grid_skips_cancelled_visits(api, demo):
    chen = demo["dr.chen@example.org"]
    quiet = clock.today() + timedelta(days=203)
    busy = quiet + timedelta(days=7)  # the same weekday: the same hours
    _visits(_patient("Gridhistory"), busy, chen, HISTORY, "cancelled")
    costs = {}
    for day in (quiet, busy):
        grid, costs[day] = _cost(api, f"/schedule/grid?date={day}&days=1&provider_id={chen}")
        assert not any(c["state"] == "booked" for column in grid["columns"] for c in column["cells"])
    _flat(costs[quiet], costs[busy])
