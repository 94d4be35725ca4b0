"""One error shape; bodies validated at the edge; unknown fields rejected; size capped."""
from __future__ import annotations

import json

from tests.helpers import make_patient

GOOD = {"given_name": "Val", "family_name": "Idation", "birth_date": "1999-09-09", "sex": "female"}


def test_missing_field_is_named(api):
    res = api.post("/patients", {k: v for k, v in GOOD.items() if k != "birth_date"}, as_user="front_desk")
    assert res.status == 400
    assert res.error == {"code": "invalid", "message": "birth_date is required.", "field": "birth_date",
                         "errors": [{"field": "birth_date", "message": "birth_date is required."}]}


def test_mass_assignment_is_refused_and_nothing_is_written(api):
    for field, value in (("role", "admin"), ("patient_id", "chosen-id"), ("account_status", "active"),
                         ("mrn", "1")):
        res = api.post("/patients", {**GOOD, "family_name": "Massassign", field: value}, as_user="front_desk")
        assert res.status == 400 and res.error["field"] == field, res
    assert api.get("/patients?name=massassign", as_user="front_desk").json["items"] == []


def test_wrong_types_and_formats_name_the_field(api):
    cases = [({**GOOD, "birth_date": "09/09/1999"}, "birth_date"),
             ({**GOOD, "sex": "x"}, "sex"),
             ({**GOOD, "email": "not-an-email"}, "email"),
             ({**GOOD, "phone": "555-1234"}, "phone"),
             ({**GOOD, "given_name": 42}, "given_name"),
             ({**GOOD, "address": {"line1": "1 Main", "planet": "Mars"}}, "address.planet"),
             ({**GOOD, "birth_date": "2999-01-01"}, "birth_date")]
    for body, field in cases:
        res = api.post("/patients", body, as_user="front_desk")
        assert res.status == 400 and res.error["field"] == field, (field, res)


def test_nested_field_paths_are_named(api, demo):
    res = api.patch(f"/patients/{demo['alex']}/contact", {"address": {"line1": 5}}, as_user="alex")
    assert res.status == 400
    assert res.error["field"] in ("address", "address.line1")


def test_not_json_is_400(api):
    res = api.request("POST", "/auth/sign-in", raw=b"{nope", headers={})
    assert res.status == 400 and res.error["code"] == "invalid"


def test_body_size_is_capped(api):
    huge = json.dumps({"email": "a@example.org", "password": "x" * 70000}).encode()
    res = api.request("POST", "/auth/sign-in", raw=huge)
    assert res.status == 413 and res.error["code"] == "payload_too_large"


def test_errors_carry_no_stack_trace_or_phi(api, demo):
    res = api.get(f"/patients/{demo['priya']}", as_user="alex")
    text = res.raw_body.decode()
    assert "Traceback" not in text and "Priya" not in text and "Shah" not in text


def test_responses_are_never_cached(api, demo):
    res = api.get(f"/patients/{demo['alex']}", as_user="alex")
    assert res.headers["Cache-Control"] == "no-store"


def test_search_by_name_prefix_dob_and_mrn(api):
    a = make_patient(api, given="Zelda", family="Quartermain", birth_date="1977-07-07")
    make_patient(api, given="Yusuf", family="Quartermaine", birth_date="1977-07-07")
    by_prefix = api.get("/patients?name=quarterm", as_user="billing").json["items"]
    assert {p["given_name"] for p in by_prefix} >= {"Zelda", "Yusuf"}
    by_given = api.get("/patients?name=Quartermain, Zel", as_user="billing").json["items"]
    assert [p["patient_id"] for p in by_given] == [a["patient_id"]]
    by_dob = api.get("/patients?birth_date=1977-07-07&name=quartermaine", as_user="nurse").json["items"]
    assert [p["given_name"] for p in by_dob] == ["Yusuf"]
    by_mrn = api.get(f"/patients?mrn={a['mrn']}", as_user="nurse").json["items"]
    assert [p["patient_id"] for p in by_mrn] == [a["patient_id"]]
    assert api.get("/patients", as_user="nurse").status == 400


def test_search_pages_with_a_signed_cursor(api):
    for given in ("Ann", "Bob", "Cy"):
        make_patient(api, given=given, family="Pagination")
    first = api.get("/patients?name=pagination&limit=2", as_user="front_desk").json
    assert len(first["items"]) == 2 and first["cursor"]
    rest = api.get(f"/patients?name=pagination&limit=2&cursor={first['cursor']}", as_user="front_desk").json
    names = [p["given_name"] for p in first["items"] + rest["items"]]
    assert sorted(names) == ["Ann", "Bob", "Cy"]
    forged = api.get(f"/patients?name=pagination&cursor={first['cursor'][:-2]}xx", as_user="front_desk")
    assert forged.status == 400 and forged.error["field"] == "cursor"
    assert api.get("/patients?name=pagination&limit=500", as_user="front_desk").error["field"] == "limit"


def test_mrns_are_assigned_in_sequence(api):
    one, two = make_patient(api), make_patient(api)
    assert int(two["mrn"]) == int(one["mrn"]) + 1


def test_patient_updates_own_contact_and_preferences(api, demo):
    res = api.patch(f"/patients/{demo['priya']}/contact",
                    {"phone": "+13125550987", "address": {"line1": "9 Oak St", "city": "Springfield",
                                                         "state": "IL", "postal_code": "62704", "country": "US"}},
                    as_user="priya")
    assert res.status == 200 and res.json["phone"] == "+13125550987"
    assert res.json["address"]["line1"] == "9 Oak St"
    prefs = api.patch(f"/patients/{demo['priya']}/preferences", {"sms": True}, as_user="priya")
    assert prefs.json == {"email": True, "sms": True}


def test_practice_settings_public_read_and_admin_edit(api):
    public = api.get("/practice")
    assert public.status == 200 and public.json["name"] == "Maple Street Family Practice"
    assert public.json["timezone"] == "America/Chicago"
    bad = api.patch("/practice", {"timezone": "Mars/Olympus"}, as_user="admin")
    assert bad.status == 400 and bad.error["field"] == "timezone"
    bad_hours = api.patch("/practice", {"hours": [{"day": "mon", "open": "8am", "close": "17:00"}]},
                          as_user="admin")
    assert bad_hours.status == 400 and bad_hours.error["field"].startswith("hours")
