"""The patient home: what needs attention, read in one Query; features plug in."""
from __future__ import annotations

import re

from tests.test_health_access import limited_child  # noqa: F401 (fixture)


def _answered_request(api, pid):
    sent = api.post(f"/patients/{pid}/corrections", {
        "kind": "social-history", "action": "add", "fields": {"topic": "Sleep", "value": "9 hours"}},
        as_user="jordan").json
    api.post(f"/patients/{pid}/requests/{sent['request_id']}/decision", {"decision": "accept"}, as_user="nurse")
    return sent["request_id"]


def test_home_lists_new_things_without_phi(api, demo):
    request_id = _answered_request(api, demo["sam"])
    res = api.get(f"/patients/{demo['sam']}/home", as_user="jordan")
    assert res.status == 200, res
    ids = {i["id"] for i in res.json["attention"]}
    assert f"request-decided:{request_id}" in ids
    assert res.json["counts"]["visit-summary"] >= 2  # seeded summaries Jordan has not opened
    # Who and what kind, never clinical words (no entry names, no document titles).
    shapes = re.compile(r"^(Visit summary from [A-Z][\w. ]+|(Correction|Refill request) (accepted|declined)"
                        r"|Document from [A-Z][\w. ]+|New test result|Statement [\w-]+|New message from the care team"
                        r"|Message from [A-Z][\w.,' ]+)$")  # messages: who wrote, never the subject
    assert all(shapes.match(i["label"]) for i in res.json["attention"]), res.json["attention"]
    created = [i["created_at"] for i in res.json["attention"]]
    assert created == sorted(created, reverse=True)


def test_seeing_an_answer_clears_it(api, demo):
    pid = demo["sam"]
    request_id = _answered_request(api, pid)
    before = api.get(f"/patients/{pid}/home", as_user="jordan").json
    assert f"request-decided:{request_id}" in {i["id"] for i in before["attention"]}
    api.get(f"/patients/{pid}/requests", as_user="jordan")
    after = api.get(f"/patients/{pid}/home", as_user="jordan").json
    assert "request-decided" not in after["counts"]


def test_staff_reading_does_not_clear_the_patients_items(api, demo):
    pid = demo["jordan"]
    items = [i for i in api.get(f"/patients/{pid}/home", as_user="jordan").json["attention"]
             if i["kind"] == "visit-summary"]
    assert items
    api.get(f"/patients/{pid}/visit-summaries/{items[0]['resource_id']}", as_user="provider")
    again = {i["id"] for i in api.get(f"/patients/{pid}/home", as_user="jordan").json["attention"]}
    assert items[0]["id"] in again


def test_dismissing_an_item(api, demo):
    pid = demo["jordan"]
    item = next(i for i in api.get(f"/patients/{pid}/home", as_user="jordan").json["attention"])
    assert api.delete(f"/patients/{pid}/home/items/{item['id']}", as_user="jordan").status == 200
    assert item["id"] not in {i["id"] for i in api.get(f"/patients/{pid}/home", as_user="jordan").json["attention"]}
    assert api.delete(f"/patients/{pid}/home/items/no-such-kind:nope", as_user="jordan").status == 404


def test_a_limited_proxy_sees_no_clinical_items(api, demo, limited_child):
    pid = limited_child
    api.post(f"/patients/{pid}/visit-summaries", {"visit_date": "2025-12-01", "reason": "Ear infection"},
             as_user="provider")
    full = api.get(f"/patients/{pid}/home", as_user="provider")
    assert full.status == 403
    limited = api.get(f"/patients/{pid}/home", as_user="priya")
    assert limited.status == 200, limited
    assert limited.json["attention"] == [] and limited.json["counts"] == {}


def test_features_plug_in_sections(api, demo, monkeypatch):
    from chalicelib.services import home

    monkeypatch.setitem(home.SECTIONS, "next_appointment", "tests.test_home:_fake_next_appointment")
    res = api.get(f"/patients/{demo['alex']}/home", as_user="alex").json
    assert res["sections"]["next_appointment"] == {"patient_id": demo["alex"], "when": "2030-01-01T09:00"}


def _fake_next_appointment(caller, patient_id):
    return {"patient_id": patient_id, "when": "2030-01-01T09:00"}


def test_home_is_one_query_plus_one_per_live_section(api, demo, ddb_calls):
    from chalicelib.services import home

    api.token("jordan")
    with ddb_calls() as calls:
        res = api.get(f"/patients/{demo['sam']}/home", as_user="jordan")
    assert res.status == 200
    sections = len(home.SECTIONS)
    assert calls.count("Query") <= 1 + sections and "Scan" not in calls
    assert len(calls) <= 4 + sections, calls  # user, proxy grant, attention items, audit
