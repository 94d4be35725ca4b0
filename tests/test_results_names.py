"""The practice's own plain-language test names: an admin (or a provider) sets the name
the patient reads for a code, over the built-in starting set; removing it falls back to
the default (or the lab's name). Patients cannot read or change them; bad input names
its field; reading the names costs at most one GetItem per request."""
from __future__ import annotations

import uuid

import pytest

from chalicelib.services.results.plain_names import PLAIN_NAMES, plain_name
from tests.helpers import make_patient_account
from tests.results_helpers import ack_fields, message, post_hl7


@pytest.fixture
def eve(api):
    patient = make_patient_account(api, given="Eve", family="Everywoman", birth_date="1980-01-15")
    return {**patient, "token": api.token(patient["email"], patient["password"])}


LAB_TEXT = "Thyrotropin [Units/volume] in Serum or Plasma"  # the OBX's own text


def tsh_as(api, demo, eve, code: str) -> str:
    """Eve's TSH filed under `code` instead of 3016-3; returns the report id."""
    raw = message("quest_tsh_original_231.hl7", eve).replace(b"3016-3", code.encode())
    assert ack_fields(post_hl7(api, raw, demo["lab_credential"]))["code"] == "AA"
    return api.get(f"/patients/{eve['patient_id']}/results", token=eve["token"]).json["items"][0]["report_id"]


def names_seen(api, eve, rid: str, code: str) -> tuple[str, str, str]:
    pid, token = eve["patient_id"], eve["token"]
    listed = api.get(f"/patients/{pid}/results", token=token).json["items"][0]
    report = api.get(f"/patients/{pid}/results/{rid}", token=token).json
    trend = api.get(f"/patients/{pid}/results/trend?code={code}", token=token).json
    assert listed["report_id"] == rid
    return listed["name"], report["observations"][0]["name"], trend["name"]


def test_an_override_renames_the_test_everywhere_the_patient_reads_it_and_removing_it_falls_back(api, demo, eve):
    code = f"9{uuid.uuid4().int % 10**5:05d}-0"
    rid = tsh_as(api, demo, eve, code)
    assert names_seen(api, eve, rid, code)[0] == "TSH"  # no name known: the lab's own
    try:
        res = api.patch("/practice/result-names", {"code": code, "name": "  Thyroid test (TSH) "}, as_user="admin")
        assert res.status == 200, res
        assert {"code": code, "name": "Thyroid test (TSH)", "default": None}.items() <= \
            next(o for o in res.json["overrides"] if o["code"] == code).items()
        assert names_seen(api, eve, rid, code) == ("Thyroid test (TSH)",) * 3
        assert api.get(f"/patients/{eve['patient_id']}/results/{rid}", token=eve["token"]).json["lab_name"] == "TSH"
    finally:
        res = api.patch("/practice/result-names", {"code": code, "name": None}, as_user="admin")
    assert res.status == 200 and code not in {o["code"] for o in res.json["overrides"]}
    listed, observed, trended = names_seen(api, eve, rid, code)  # the lab's names again
    assert (listed, observed, trended) == ("TSH", LAB_TEXT, LAB_TEXT)
    # A retried removal changes nothing.
    assert api.patch("/practice/result-names", {"code": code, "name": None}, as_user="admin").status == 200


def test_an_override_beats_the_built_in_name_and_removing_it_restores_it(api):
    code = "24356-8"
    default = PLAIN_NAMES[code]
    try:
        res = api.patch("/practice/result-names", {"code": code, "name": "Urine test strip"}, as_user="provider")
        assert res.status == 200, res
        listed = res.json
        assert next(o for o in listed["overrides"] if o["code"] == code)["default"] == default
        assert next(d for d in listed["defaults"] if d["code"] == code)["overridden"] is True
        assert plain_name(code, "UA dip") == "Urine test strip"
    finally:
        api.patch("/practice/result-names", {"code": code, "name": None}, as_user="admin")
    assert plain_name(code, "UA dip") == default
    again = api.get("/practice/result-names", as_user="admin").json
    assert next(d for d in again["defaults"] if d["code"] == code)["overridden"] is False


@pytest.mark.parametrize("user,status", [("alex", 403), ("jordan", 403), ("front_desk", 403), ("billing", 403),
                                         ("nurse", 403), ("provider", 200), ("admin", 200)])
def test_who_reads_and_changes_the_names(api, user, status):
    assert api.get("/practice/result-names", as_user=user).status == status
    if status == 403:
        res = api.patch("/practice/result-names", {"code": "2345-7", "name": "Sugar"}, as_user=user)
        assert res.status == 403 and set(res.json) == {"error"}
        assert plain_name("2345-7", None) == PLAIN_NAMES["2345-7"]  # nothing written
    assert api.get("/practice/result-names").status == 401


@pytest.mark.parametrize("body,field", [
    ({"code": "", "name": "Sugar"}, "code"),
    ({"code": "has space", "name": "Sugar"}, "code"),
    ({"code": "x" * 41, "name": "Sugar"}, "code"),
    ({"code": "2345-7", "name": "   "}, "name"),
    ({"code": "2345-7", "name": "x" * 121}, "name"),
    ({"code": "2345-7", "name": 7}, "name"),
    ({"code": "2345-7"}, "name"),
])
def test_bad_input_names_the_field_and_writes_nothing(api, body, field):
    res = api.patch("/practice/result-names", body, as_user="admin")
    assert res.status in (400, 422) and res.error["field"] == field, res
    assert plain_name("2345-7", None) == PLAIN_NAMES["2345-7"]


def test_reading_the_names_costs_at_most_one_get_item_per_request(api, demo, ddb_calls):
    """A cold cache (a new process, or after a minute) adds one GetItem, however many
    names the page shows; a warm one adds none."""
    from chalicelib.services.results import names

    api.token("alex")
    names._cache.clear()
    with ddb_calls() as cold:
        res = api.get(f"/patients/{demo['alex']}/results", as_user="alex")
    assert res.status == 200 and len(res.json["items"]) > 1  # many names, one read
    with ddb_calls() as warm:
        api.get(f"/patients/{demo['alex']}/results", as_user="alex")
    assert len(cold) - len(warm) <= 1 and cold.count("GetItem") - warm.count("GetItem") <= 1, (cold, warm)
