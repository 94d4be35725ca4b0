"""Today (issue 14): GET /staff/today answers for the caller's role, each card counted
from an index kept up to date as things happen, each linking to the work; the patients
it names are audited; never a Scan, a fixed number of calls (tests/test_budget.py)."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chalicelib import clock
from tests.appointment_helpers import chen, open_starts, visit_type
from tests.helpers import make_patient

pytestmark = pytest.mark.clock

ROLE_CARDS = {
    "front_desk": ["arrivals", "requests", "messages", "invitations"],
    "provider": ["followups", "visits", "summaries", "results", "assigned", "holds"],
    "nurse": ["followups", "review", "messages", "call"],
    "billing": ["unpaid", "payments"],
    "admin": ["setup", "health"],
}


def today(api, who):
    res = api.get("/staff/today", as_user=who)
    assert res.status == 200, res
    return res.json


def cards(body, role):
    section = next(s for s in body["sections"] if s["role"] == role)
    return {c["key"]: c for c in section["cards"]}


@pytest.mark.parametrize("role", list(ROLE_CARDS))
def test_each_role_gets_its_own_cards_each_linking_to_the_work(api, role):
    body = today(api, role)
    assert [s["role"] for s in body["sections"]] == [role]
    found = cards(body, role)
    assert list(found) == ROLE_CARDS[role]
    for card in found.values():
        assert card["href"].startswith("#/staff") and isinstance(card["count"], int)
        assert all(i["href"].startswith("#/staff") for i in card["items"] if i.get("href"))


def test_patients_and_caregivers_have_no_today(api):
    assert api.get("/staff/today", as_user="alex").status == 403
    assert api.get("/staff/today", as_user="jordan").status == 403


def test_dr_chen_sees_the_completed_visit_without_a_summary_until_he_writes_it(api, demo):
    owed = cards(today(api, "provider"), "provider")["summaries"]
    priya = [i for i in owed["items"] if demo["priya"] in i["href"]]
    assert priya and owed["count"] >= 1, owed
    link = priya[0]["href"]
    assert link.startswith(f"#/staff/patients/{demo['priya']}/summaries/new?appointment=")
    appointment_id = link.rsplit("=", 1)[1]
    written = api.post(f"/patients/{demo['priya']}/visit-summaries",
                       {"visit_date": clock.today().isoformat(), "reason": "Cough", "draft": True,
                        "appointment_id": appointment_id}, as_user="provider")
    assert written.status == 201, written
    after = cards(today(api, "provider"), "provider")["summaries"]
    assert all(appointment_id not in i["href"] for i in after["items"])
    assert after["count"] == owed["count"] - 1


# Newest registered first: other tests register patients at later instants (time travel),
# so these register theirs later still, each at its own instant.
LATER = datetime(2035, 3, 6, 10, 0, tzinfo=ZoneInfo("America/Chicago"))


def test_a_new_patient_waits_for_an_invitation_until_invited(api):
    with time_machine.travel(LATER, tick=True):
        patient = make_patient(api, given="Today", family="Uninvited")
        waiting = cards(today(api, "front_desk"), "front_desk")["invitations"]
        assert waiting["items"][0]["href"] == f"#/staff/patients/{patient['patient_id']}"
        assert api.post(f"/patients/{patient['patient_id']}/invitation", {}, as_user="front_desk").status == 200
        after = cards(today(api, "front_desk"), "front_desk")["invitations"]
        assert all(patient["patient_id"] not in i["href"] for i in after["items"])
    api.forget("front_desk")


def test_the_patients_on_today_are_audited(api):
    from chalicelib.models.audit import AuditEvent

    with time_machine.travel(LATER + timedelta(days=1), tick=True):
        patient = make_patient(api, given="Today", family="Audited")
        today(api, "front_desk")
        events = list(AuditEvent.query(patient["patient_id"]))
    api.forget("front_desk")
    assert any(e.action == "read" and e.actor_role == "front_desk" for e in events), events


def test_a_visit_request_counts_until_it_is_decided(api, demo):
    from tests.appointment_helpers import free_slot

    before = cards(today(api, "front_desk"), "front_desk")["requests"]["count"]
    kind = visit_type(api, "request")
    slot = free_slot(api, kind)
    asked = api.post(f"/patients/{demo['alex']}/appointments", {"visit_type_id": kind, "provider_id": slot["provider_id"],
                                                                "start": slot["start"], "reason": "Knee"}, as_user="alex")
    assert asked.status == 201 and asked.json["status"] == "proposed", asked
    assert cards(today(api, "front_desk"), "front_desk")["requests"]["count"] == before + 1
    path = f"/patients/{demo['alex']}/appointments/{asked.json['appointment_id']}"
    assert api.post(f"{path}/decline", {"reason": "Please call us"}, as_user="front_desk").status == 200
    assert cards(today(api, "front_desk"), "front_desk")["requests"]["count"] == before


def test_arrivals_show_who_is_expected_and_who_checked_in(api):
    """On a later working morning (time travels forward), a visit booked from 10:00 shows
    as expected, then as checked in once marked arrived."""
    patient = make_patient(api, given="Morning", family="Arrival")
    day = clock.today() + timedelta(days=7)
    while day.weekday() >= 4:  # Mon-Thu: Dr. Chen's full days
        day += timedelta(days=1)
    with time_machine.travel(datetime(day.year, day.month, day.day, 7, 30, tzinfo=clock.practice_tz()), tick=True):
        for who in ("front_desk",):
            api.forget(who)
        start = open_starts(api, visit_type(api, "sick"), day, chen(api), 10, who="front_desk")[0]
        made = api.post(f"/patients/{patient['patient_id']}/appointments",
                        {"visit_type_id": visit_type(api, "sick"), "provider_id": chen(api),
                         "start": start.isoformat(), "reason": "Rash"}, as_user="front_desk")
        assert made.status == 201, made
        arrivals = cards(today(api, "front_desk"), "front_desk")["arrivals"]
        mine = [i for i in arrivals["items"] if patient["patient_id"] in i["href"]]
        shown = start.strftime("%I:%M %p").lstrip("0")  # "10:40 AM"
        assert mine and mine[0]["badge"] == "Not checked in" and mine[0]["text"].startswith(shown), (shown, mine)
        aid = made.json["appointment_id"]
        # The patient finished eCheck-in (issue 17 writes checked_in_at when the last step is done).
        from chalicelib.models.appointment import Appointment
        from chalicelib.models._base import iso_now

        Appointment(patient["patient_id"], aid).update(actions=[Appointment.checked_in_at.set(iso_now())])
        online = cards(today(api, "front_desk"), "front_desk")["arrivals"]
        mine = [i for i in online["items"] if patient["patient_id"] in i["href"]]
        assert mine[0]["badge"] == "Checked in online"
        assert mine[0]["links"][0]["href"] == f"#/staff/checkin/{patient['patient_id']}/{aid}"
        assert api.post(f"/patients/{patient['patient_id']}/appointments/{aid}/status", {"status": "arrived"},
                        as_user="front_desk").status == 200
        after = cards(today(api, "front_desk"), "front_desk")["arrivals"]
        assert [i["badge"] for i in after["items"] if patient["patient_id"] in i["href"]] == ["Checked in"]
        assert after["count"] == arrivals["count"] - 1
        api.forget("front_desk")


def test_billing_sees_unpaid_statements_by_age(api):
    unpaid = cards(today(api, "billing"), "billing")["unpaid"]
    assert unpaid["count"] >= 1
    assert [i["text"] for i in unpaid["items"]] == ["0–30 days", "31–60 days", "61–90 days", "Over 90 days"]
    assert sum(int(i["detail"].split(" ")[0]) for i in unpaid["items"]) == unpaid["count"]


def test_admin_sees_the_setup_checklist_and_portal_health(api):
    found = cards(today(api, "admin"), "admin")
    assert {i["badge"] for i in found["setup"]["items"]} <= {"Done", "To do"}
    assert [i["text"] for i in found["health"]["items"]] == [
        "Refused requests today", "Lab results not matched to a patient", "Overdue conversations"]
