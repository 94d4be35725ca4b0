"""Who may call each appointment and scheduling route. Another patient's id answers 404."""
from __future__ import annotations

import pytest

from tests.helpers import STAFF
from chalicelib import clock

PATIENTS = ("alex", "priya", "jordan")
EVERYONE = PATIENTS + STAFF


@pytest.fixture(scope="module")
def past_visit(api, demo):
    """Alex's seeded, fulfilled visit: every change to it is refused for a reason other than access."""
    res = api.get(f"/patients/{demo['alex']}/appointments?when=past", as_user="alex")
    return next(i for i in res.json["items"] if i["status"] == "fulfilled")["appointment_id"]


def routes(demo, appt, vt):
    alex = f"/patients/{demo['alex']}/appointments"
    one = f"{alex}/{appt}"
    booking = {"visit_type_id": vt, "provider_id": demo["dr.chen@example.org"],
               "start": "2020-01-06T09:00", "reason": "access check"}
    return [
        # (method, path, body, who may)
        ("GET", alex, None, {"alex", *STAFF}),
        ("GET", one, None, {"alex", *STAFF}),
        ("GET", one + "/calendar", None, {"alex", *STAFF}),
        ("POST", alex, booking, {"alex", "provider", "nurse", "front_desk", "admin"}),
        ("POST", one + "/cancel", {}, {"alex", "provider", "nurse", "front_desk", "admin"}),
        ("POST", one + "/reschedule", {"start": "2020-01-06T09:00"}, {"alex", "provider", "nurse", "front_desk", "admin"}),
        ("POST", one + "/status", {"status": "noshow"}, {"provider", "nurse", "front_desk", "admin"}),
        ("POST", one + "/approve", {}, {"front_desk", "admin"}),
        ("POST", one + "/decline", {"reason": "no"}, {"front_desk", "admin"}),
        ("GET", "/visit-types", None, set(EVERYONE)),
        ("GET", f"/availability?visit_type_id={vt}", None, set(EVERYONE)),
        ("GET", "/schedule?date=2026-12-01", None, {"provider", "nurse", "front_desk", "admin"}),
        ("GET", "/schedule/grid?date=2026-12-01", None, {"provider", "nurse", "front_desk", "admin"}),
        ("GET", "/appointment-requests", None, {"front_desk", "admin"}),
        ("GET", "/scheduling", None, {"front_desk", "admin"}),
        ("GET", "/scheduling/blocks", None, {"front_desk", "admin"}),
        ("PATCH", "/scheduling/rules", {}, {"front_desk", "admin"}),
        ("POST", "/scheduling/visit-types", {"name": "x", "duration_minutes": 7, "provider_ids": [], "mode": "book"},
         {"front_desk", "admin"}),
        ("PUT", "/scheduling/holidays/not-a-date", {"name": "x"}, {"front_desk", "admin"}),
        ("DELETE", "/scheduling/blocks/none", None, {"front_desk", "admin"}),
    ]


def test_access_matrix(api, demo, past_visit):
    for method, path, body, allowed in routes(demo, past_visit, demo["visit_type_physical"]):
        assert api.request(method, path, body).status == 401, (method, path)
        for who in EVERYONE:
            res = api.request(method, path, body, as_user=who)
            if who in allowed:
                denied = res.status in (401, 403) or res.error.get("message") == "Patient not found."
                assert not denied, (method, path, who, res)
            else:
                assert res.status in (403, 404), (method, path, who, res)
                if who in ("priya", "jordan") and path.startswith("/patients/"):
                    assert res.status == 404, (method, path, who, res)  # never a hint the record exists


def test_a_proxy_books_for_the_child_they_care_for(api, demo):
    from tests.appointment_helpers import book, free_slot

    vt = demo["visit_type_sick"]
    res = book(api, "jordan", "sam", free_slot(api, vt, who="jordan"), vt)
    assert res.status == 201 and res.json["patient_id"] == demo["sam"]
    assert api.get(f"/patients/{demo['sam']}/appointments", as_user="jordan").status == 200
    assert api.get(f"/patients/{demo['sam']}/appointments", as_user="alex").status == 404


def test_the_staff_schedule_is_a_few_queries_and_audited(api, demo, ddb_calls):
    from datetime import timedelta

    from chalicelib.models.audit import AuditEvent

    first = clock.today() + timedelta(days=1)
    api.token("front_desk")
    with ddb_calls() as calls:
        week = api.get(f"/schedule?date={first}&days=7", as_user="front_desk")
    assert week.status == 200 and week.json["items"], week
    assert "Scan" not in calls and calls.count("Query") <= 9, calls
    provider_view = api.get(f"/schedule?date={first}&days=7&provider_id={demo['dr.chen@example.org']}",
                            as_user="provider").json["items"]
    assert {i["appointment_id"] for i in provider_view} == {i["appointment_id"] for i in week.json["items"]}
    seen = week.json["items"][0]
    assert seen["patient_name"] and seen["reason"]
    # one event per patient shown on the page, naming that patient's visits on it
    trail = [e for e in AuditEvent.query(seen["patient_id"])
             if seen["appointment_id"] in (e.resource_id or "").split(",")]
    assert any(e.actor_name == "Frank Ortiz" and e.action == "read" for e in trail)
    assert api.get(f"/schedule?date={first}&days=8", as_user="front_desk").error["field"] == "days"
    assert api.get("/schedule?date=soon", as_user="front_desk").error["field"] == "date"
