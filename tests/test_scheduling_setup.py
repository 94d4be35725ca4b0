"""Scheduling setup by admin and front desk: visit types, weekly hours, holidays, rules."""
from __future__ import annotations

from tests.appointment_helpers import chen


def test_admin_adds_a_visit_type_patients_can_then_see(api, demo):
    res = api.post("/scheduling/visit-types", {"name": "Travel vaccines", "duration_minutes": 20,
                                                "provider_ids": [chen(api)], "mode": "book"}, as_user="admin")
    assert res.status == 201, res
    listed = {i["visit_type_id"]: i for i in api.get("/visit-types", as_user="alex").json["items"]}
    assert listed[res.json["visit_type_id"]]["providers"][0]["name"] == "Dr. Wei Chen"
    retired = api.patch(f"/scheduling/visit-types/{res.json['visit_type_id']}", {"active": False}, as_user="front_desk")
    assert retired.status == 200
    assert res.json["visit_type_id"] not in {i["visit_type_id"] for i in api.get("/visit-types", as_user="alex").json["items"]}


def test_visit_type_input_is_checked_field_by_field(api, demo):
    good = {"name": "X", "duration_minutes": 20, "provider_ids": [chen(api)], "mode": "book"}
    for change, field in ((({"duration_minutes": 25}), "duration_minutes"), ({"mode": "maybe"}, "mode"),
                          ({"provider_ids": ["nobody"]}, "provider_ids"), ({"telehealth_url": "http://x"}, "telehealth_url")):
        res = api.post("/scheduling/visit-types", {**good, **change}, as_user="admin")
        assert res.status == 400 and res.error["field"] == field, (change, res)
    assert api.patch("/scheduling/visit-types/none", {"active": False}, as_user="admin").status == 404


def test_weekly_hours_reject_overlapping_or_backwards_windows(api, demo):
    path = f"/scheduling/providers/{chen(api)}/hours"
    res = api.request("PUT", path, {"weekly": {"mon": [{"start": "09:00", "end": "12:00"},
                                                       {"start": "11:00", "end": "13:00"}]}}, as_user="admin")
    assert res.status == 400 and res.error["field"] == "weekly.mon"
    res = api.request("PUT", path, {"weekly": {"tue": [{"start": "25:00", "end": "26:00"}]}}, as_user="admin")
    assert res.status == 400 and res.error["field"].startswith("weekly.tue")
    nurse = api.request("PUT", f"/scheduling/providers/{demo['nina.patel@example.org']}/hours",
                        {"weekly": {}}, as_user="admin")
    assert nurse.status == 404  # only providers have bookable hours


def test_holidays_and_rules(api, demo):
    assert api.request("PUT", "/scheduling/holidays/2027-02-30", {"name": "x"}, as_user="admin").error["field"] == "date"
    assert api.request("PUT", "/scheduling/holidays/2027-05-31", {"name": "Memorial Day"}, as_user="admin").status == 200
    setup = api.get("/scheduling", as_user="front_desk").json
    assert {"date": "2027-05-31", "name": "Memorial Day"} in setup["holidays"]
    assert api.delete("/scheduling/holidays/2027-05-31", as_user="admin").status == 200
    rules = api.patch("/scheduling/rules", {"cancel_cutoff_hours": 48}, as_user="admin")
    assert rules.status == 200 and rules.json["cancel_cutoff_hours"] == 48
    assert api.patch("/scheduling/rules", {"cancel_cutoff_hours": 24}, as_user="admin").status == 200
    assert api.patch("/scheduling/rules", {"slot_minutes": 5}, as_user="admin").error["field"] == "slot_minutes"
