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


# ---- any clinician can have hours, visit types and a schedule (issue 14, item 6) ----

NP_HOURS = {"mon": [{"start": "09:00", "end": "12:00"}], "tue": [{"start": "09:00", "end": "12:00"}],
            "wed": [{"start": "09:00", "end": "12:00"}], "thu": [{"start": "09:00", "end": "12:00"}],
            "fri": [{"start": "09:00", "end": "12:00"}]}


def _setup_clinician(api, user_id: str) -> dict | None:
    return next((p for p in api.get("/scheduling", as_user="admin").json["providers"]
                 if p["provider_id"] == user_id), None)


def test_the_demo_nurse_practitioner_is_listed_for_hours_before_she_has_any(api, demo):
    amara = _setup_clinician(api, demo["amara.okafor@example.org"])
    assert amara == {"provider_id": demo["amara.okafor@example.org"], "name": "Amara Okafor, CPNP",
                     "weekly": {}, "has_hours": False}
    # Her visit type exists, but patients are not offered a clinician with no time to offer.
    offered = {t["name"] for t in api.get("/visit-types", as_user="alex").json["items"]}
    assert "Well-child visit" not in offered
    assert "Well-child visit" in {t["name"] for t in api.get("/scheduling", as_user="admin").json["visit_types"]}


def test_a_new_nurse_practitioner_gets_hours_visit_types_and_open_slots(api, demo):
    from chalicelib.services import accounts
    from devserver.seed import DEMO_PASSWORD

    np = accounts.create_account("np.rule@example.org", DEMO_PASSWORD, "Rowan Lee, FNP", {"provider"})
    assert _setup_clinician(api, np)["has_hours"] is False
    # A visit type may list her before she has hours (set up the types, then the hours).
    made = api.post("/scheduling/visit-types", {"name": "NP follow-up", "duration_minutes": 20,
                                                "provider_ids": [np], "mode": "book"}, as_user="admin")
    assert made.status == 201, made
    vt = made.json["visit_type_id"]
    assert vt not in {t["visit_type_id"] for t in api.get("/visit-types", as_user="alex").json["items"]}

    saved = api.request("PUT", f"/scheduling/providers/{np}/hours", {"weekly": NP_HOURS}, as_user="admin")
    assert saved.status == 200 and saved.json["name"] == "Rowan Lee, FNP"
    assert _setup_clinician(api, np)["has_hours"] is True
    listed = {t["visit_type_id"]: t for t in api.get("/visit-types", as_user="alex").json["items"]}
    assert listed[vt]["providers"] == [{"provider_id": np, "name": "Rowan Lee, FNP"}]
    slots = api.get(f"/availability?visit_type_id={vt}&days=14", as_user="alex").json["dates"]
    assert slots and all(s["provider_id"] == np for d in slots for s in d["slots"])
    assert api.post("/scheduling/blocks", {"provider_id": np, "start": "2027-03-01T09:00", "end": "2027-03-01T10:00"},
                    as_user="front_desk").status == 201


def test_hours_are_only_for_active_clinicians(api, demo):
    from chalicelib.models.user import User
    from chalicelib.services import accounts
    from devserver.seed import DEMO_PASSWORD

    for who in ("nina.patel@example.org", "frank.ortiz@example.org", "ada.admin@example.org"):
        res = api.request("PUT", f"/scheduling/providers/{demo[who]}/hours", {"weekly": NP_HOURS}, as_user="admin")
        assert res.status == 404 and res.error["message"] == "Clinician not found.", (who, res)
        assert _setup_clinician(api, demo[who]) is None
    assert api.request("PUT", "/scheduling/providers/nobody/hours", {"weekly": {}}, as_user="admin").status == 404
    gone = accounts.create_account("gone.rule@example.org", DEMO_PASSWORD, "Dr. Gone", {"provider"})
    User(gone).update(actions=[User.status.set("disabled")])
    assert api.request("PUT", f"/scheduling/providers/{gone}/hours", {"weekly": NP_HOURS}, as_user="admin").status == 404
    # A provider made again (an existing account) keeps the hours it has.
    from chalicelib.services.scheduling import load_config, register_clinician

    register_clinician(demo["dr.chen@example.org"], "Dr. Wei Chen")
    assert load_config().providers[demo["dr.chen@example.org"]]["weekly"]["mon"]


def test_a_deactivated_clinician_offers_no_time_until_reactivated_hours_kept(api, demo):
    from chalicelib.services import accounts
    from devserver.seed import DEMO_PASSWORD
    from tests.appointment_helpers import book

    doc = accounts.create_account("leaves.rule@example.org", DEMO_PASSWORD, "Dr. Leaves Soon", {"provider"})
    assert api.request("PUT", f"/scheduling/providers/{doc}/hours", {"weekly": NP_HOURS}, as_user="admin").status == 200
    vt = api.post("/scheduling/visit-types", {"name": "Leaving check", "duration_minutes": 20, "provider_ids": [doc],
                                              "mode": "book"}, as_user="admin").json["visit_type_id"]
    slot = [s for d in api.get(f"/availability?visit_type_id={vt}&days=14", as_user="alex").json["dates"]
            for s in d["slots"]][-1]

    def offered() -> dict:
        return {"types": vt in {t["visit_type_id"] for t in api.get("/visit-types", as_user="alex").json["items"]},
                "slots": bool(api.get(f"/availability?visit_type_id={vt}&days=14", as_user="alex").json["dates"]),
                "grid": doc in {c["provider_id"] for c in api.get(f"/schedule/grid?date={slot['start'][:10]}",
                                                                  as_user="front_desk").json["clinicians"]},
                "setup": _setup_clinician(api, doc) is not None}

    assert offered() == {"types": True, "slots": True, "grid": True, "setup": True}
    assert api.post(f"/staff/{doc}/deactivate", {}, as_user="admin").status == 200
    assert offered() == {"types": False, "slots": False, "grid": False, "setup": False}
    refused = book(api, "front_desk", "priya", slot, vt)
    assert refused.status == 409 and refused.error["code"] == "slot_unavailable"
    assert api.post(f"/staff/{doc}/reactivate", {}, as_user="admin").status == 200
    assert offered() == {"types": True, "slots": True, "grid": True, "setup": True}
    assert _setup_clinician(api, doc)["weekly"] == NP_HOURS  # the hours they had

    assert api.request("PUT", f"/staff/{doc}/roles", {"roles": ["nurse"]}, as_user="admin").status == 200
    assert offered() == {"types": False, "slots": False, "grid": False, "setup": False}
    assert api.request("PUT", f"/staff/{doc}/roles", {"roles": ["provider"]}, as_user="admin").status == 200
    assert offered() == {"types": True, "slots": True, "grid": True, "setup": True}
