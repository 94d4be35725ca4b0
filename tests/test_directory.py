"""The staff directory (issue 14): one search box finds a patient by name in either
order, a prefix of either name, phone, birth date or MRN; recent patients first; a
bounded number of calls (the name index, never a Scan); the index follows a rename."""
from __future__ import annotations

import uuid

import pytest

from tests.helpers import make_patient


def found(api, q, who="front_desk", **params):
    query = "&".join(f"{k}={v}" for k, v in {"q": q, **params}.items() if v is not None)
    res = api.get(f"/patients?{query}", as_user=who)
    assert res.status == 200, res
    return [p["patient_id"] for p in res.json["items"]]


def family():
    """A family name no other test uses (letters only: names are words)."""
    return "Zq" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:8])


@pytest.mark.parametrize("q", ["Alex Morgan", "Morgan, Alex", "mor", "alex", "morgan alex", "MORGAN,  al",
                               "Al Mor"])
def test_the_demo_patient_is_found_by_any_way_staff_type_the_name(api, demo, q):
    assert demo["alex"] in found(api, q)


def test_comma_form_keeps_family_and_given_apart(api):
    name = family()
    a = make_patient(api, given="Rowan", family=name)
    b = make_patient(api, given=name.title(), family="Rowan")  # the same words, the other way round
    assert found(api, f"{name}, Rowan") == [a["patient_id"]]
    assert found(api, f"Rowan, {name}") == [b["patient_id"]]
    assert set(found(api, f"Rowan {name}")) == {a["patient_id"], b["patient_id"]}


def test_every_typed_word_must_match(api, demo):
    assert demo["alex"] not in found(api, "Alex Shah")
    assert found(api, "Morgan, Priya") == []


def test_accents_hyphens_and_apostrophes_are_ignored(api):
    name = family()
    p = make_patient(api, given="Thảo", family=f"O'{name}-Nguyễn", email=f"{name.lower()}@example.org")
    assert found(api, f"thao o{name}") == [p["patient_id"]]
    assert p["patient_id"] in found(api, "Nguyen, Thao")


def test_phone_birth_date_and_mrn(api, demo):
    name = family()
    p = make_patient(api, given="Dial", family=name, birth_date="1966-06-16", phone="+13125550199")
    assert p["patient_id"] in found(api, "(312) 555-0199")
    assert p["patient_id"] in found(api, "312-555-0199")
    assert p["patient_id"] in found(api, "1966-06-16")
    assert p["patient_id"] in found(api, "06/16/1966")
    assert found(api, p["mrn"]) == [p["patient_id"]]
    assert found(api, None, birth_date="1966-06-16", name=name.lower()) == [p["patient_id"]]


def test_recent_patients_come_first(api):
    """A visit booked for the older patient makes them the recent one."""
    from tests.appointment_helpers import free_slot, visit_type

    name = family()
    older = make_patient(api, given="Older", family=name)
    newer = make_patient(api, given="Newer", family=name)
    assert found(api, name) == [newer["patient_id"], older["patient_id"]]
    kind = visit_type(api, "sick")
    slot = free_slot(api, kind, who="front_desk")
    res = api.post(f"/patients/{older['patient_id']}/appointments",
                   {"visit_type_id": kind, "provider_id": slot["provider_id"], "start": slot["start"],
                    "reason": "Check-up"}, as_user="front_desk")
    assert res.status == 201, res
    assert found(api, name) == [older["patient_id"], newer["patient_id"]]


def test_rename_moves_the_patient_in_the_index(api):
    name, other = family(), family()
    p = make_patient(api, given="Before", family=name)
    pid = p["patient_id"]
    res = api.request("PUT", f"/patients/{pid}/name", {"given_name": "After", "family_name": other},
                      as_user="front_desk")
    assert res.status == 200, res
    assert res.json["family_name"] == other
    assert found(api, name) == [] and pid not in found(api, "Before")
    assert found(api, f"After {other}") == [pid]
    for who, status in (("billing", 403), ("alex", 404), ("nurse", 200)):
        res = api.request("PUT", f"/patients/{pid}/name", {"given_name": "After", "family_name": other}, as_user=who)
        assert res.status == status, (who, res)
    bad = api.request("PUT", f"/patients/{pid}/name", {"given_name": "--", "family_name": other}, as_user="nurse")
    assert bad.status == 400 and bad.error["field"] == "given_name"


def test_bad_searches_name_the_box(api):
    for q, field in (("   ", "q"), ("13/45/1990", "q"), ("a b c d e", "name"), ("(312) 555", "q")):
        res = api.get(f"/patients?q={q}", as_user="front_desk")
        assert res.status == 400, (q, res)
        assert res.error["field"] in (field, "mrn", "phone"), (q, res)


def test_a_search_is_a_query_and_a_batch_get_never_a_scan(api, ddb_calls):
    api.token("front_desk")
    with ddb_calls() as calls:
        res = api.get("/patients?q=Alex%20Morgan", as_user="front_desk")
    assert res.status == 200
    assert "Scan" not in calls
    assert calls.count("Query") == 1 and calls.count("BatchGetItem") == 1, calls
