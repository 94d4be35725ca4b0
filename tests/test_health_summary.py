"""The health summary: clinicians add, change and retire entries; the patient side reads them."""
from __future__ import annotations

import pytest

FHIR_STATUSES = {
    "conditions": {"active", "recurrence", "relapse", "inactive", "remission", "resolved"},
    "medications": {"active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown",
                    "not-taken"},
    "allergies": {"active", "inactive", "resolved"},
    "immunizations": {"completed", "not-done", "entered-in-error"},
}


def test_patient_reads_every_section_of_their_summary(api, demo):
    res = api.get(f"/patients/{demo['alex']}/health", as_user="alex")
    assert res.status == 200, res
    items = res.json["items"]
    kinds = {i["kind"] for i in items}
    assert kinds == {"conditions", "medications", "allergies", "immunizations", "procedures", "family-history",
                     "social-history"}
    meds = {i["title"]: i for i in items if i["kind"] == "medications"}
    lisinopril = meds["Lisinopril 10 mg tablet"]
    assert lisinopril["resource"] == "MedicationStatement"
    assert lisinopril["fields"]["dosage"] == "10 mg once daily"
    assert lisinopril["fields"]["prescriber"] == "Dr. Wei Chen"
    allergy = next(i for i in items if i["kind"] == "allergies")
    assert allergy["fields"] == {"substance": "Penicillin", "reaction": "Hives", "severity": "moderate",
                                 "category": "medication"}
    for item in items:
        if item["kind"] in FHIR_STATUSES:
            assert item["status"] in FHIR_STATUSES[item["kind"]], item
    assert all(i["retired"] is False for i in items)


def test_retired_entries_stay_in_the_history(api, demo):
    current = api.get(f"/patients/{demo['alex']}/health/medications", as_user="alex").json["items"]
    everything = api.get(f"/patients/{demo['alex']}/health/medications?include_retired=true", as_user="alex").json
    assert "Azithromycin 250 mg tablet" not in {i["title"] for i in current}
    retired = next(i for i in everything["items"] if i["title"] == "Azithromycin 250 mg tablet")
    assert retired["retired"] is True and retired["status"] == "completed"
    assert retired["retired_reason"] == "Five-day course finished"
    assert {i["kind"] for i in everything["items"]} == {"medications"}


def test_nurse_adds_changes_and_retires_an_entry_and_every_step_is_kept(api, demo):
    pid = demo["priya"]
    created = api.post(f"/patients/{pid}/health/medications",
                       {"medication": "Ondansetron 4 mg ODT", "dosage": "4 mg as needed", "status": "active"},
                       as_user="nurse")
    assert created.status == 201, created
    entry = created.json
    assert entry["recorded_by_name"] == "Nina Patel, RN"
    path = f"/patients/{pid}/health/medications/{entry['entry_id']}"

    changed = api.patch(path, {"dosage": "4 mg every 8 hours as needed", "instructions": None}, as_user="provider")
    assert changed.status == 200, changed
    assert changed.json["fields"]["dosage"] == "4 mg every 8 hours as needed"
    assert changed.json["updated_by_name"] == "Dr. Wei Chen"

    retired = api.post(f"{path}/retire", {"reason": "Nausea resolved", "status": "stopped"}, as_user="nurse")
    assert retired.status == 200, retired
    assert retired.json["status"] == "stopped" and retired.json["retired"]

    seen = api.get(path, as_user="priya").json
    assert [h["action"] for h in seen["history"]] == ["create", "update", "retire"]
    assert seen["history"][1]["previous"]["fields"]["dosage"] == "4 mg as needed"
    assert seen["history"][2]["previous"]["status"] == "active"
    listed = api.get(f"/patients/{pid}/health/medications", as_user="priya").json["items"]
    assert entry["entry_id"] not in {i["entry_id"] for i in listed}
    again = api.post(f"{path}/retire", {"reason": "twice"}, as_user="nurse")
    assert again.status == 409
    assert api.patch(path, {"dosage": "1 mg"}, as_user="nurse").status == 409


@pytest.mark.parametrize("section,body,field", [
    ("medications", {"dosage": "10 mg"}, "medication"),
    ("medications", {"medication": "X", "status": "taking"}, "status"),
    ("allergies", {"substance": "Nuts", "severity": "deadly"}, "severity"),
    ("immunizations", {"vaccine": "MMR"}, "date"),
    ("immunizations", {"vaccine": "MMR", "date": "2024-13-01"}, "date"),
    ("immunizations", {"vaccine": "MMR", "date": "2024-01-01", "dose_number": 0}, "dose_number"),
    ("conditions", {"code": "Asthma", "colour": "blue"}, "colour"),
    ("family-history", {"relationship": "Aunt"}, "condition"),
])
def test_bad_entries_are_refused_naming_the_field(api, demo, section, body, field):
    before = api.get(f"/patients/{demo['priya']}/health/{section}?include_retired=true", as_user="nurse").json
    res = api.post(f"/patients/{demo['priya']}/health/{section}", body, as_user="nurse")
    assert res.status == 400, res
    assert res.error["field"] == field
    after = api.get(f"/patients/{demo['priya']}/health/{section}?include_retired=true", as_user="nurse").json
    assert len(after["items"]) == len(before["items"])


def test_rules_across_fields(api, demo):
    pid = demo["priya"]
    ended_before_start = {"code": "Sprain", "onset": "2024-05-01", "abatement": "2024-04-01", "status": "resolved"}
    res = api.post(f"/patients/{pid}/health/conditions", ended_before_start, as_user="nurse")
    assert res.status == 422 and res.error["field"] == "abatement"
    active_but_ended = {"code": "Sprain", "onset": "2024-05-01", "abatement": "2024-06-01"}
    res = api.post(f"/patients/{pid}/health/conditions", active_but_ended, as_user="nurse")
    assert res.status == 422 and res.error["field"] == "status"
    entry = api.post(f"/patients/{pid}/health/conditions", {"code": "Sprain"}, as_user="nurse").json
    cleared = api.patch(f"/patients/{pid}/health/conditions/{entry['entry_id']}", {"code": None}, as_user="nurse")
    assert cleared.status == 400 and cleared.error["field"] == "code"
    wrong_retire = api.post(f"/patients/{pid}/health/conditions/{entry['entry_id']}/retire",
                            {"reason": "x", "status": "stopped"}, as_user="nurse")
    assert wrong_retire.status == 400 and wrong_retire.error["field"] == "status"


def test_entry_paths_must_match_their_section(api, demo):
    meds = api.get(f"/patients/{demo['alex']}/health/medications", as_user="alex").json["items"]
    med = meds[0]["entry_id"]
    assert api.get(f"/patients/{demo['alex']}/health/allergies/{med}", as_user="alex").status == 404
    assert api.get(f"/patients/{demo['alex']}/health/vitals", as_user="alex").status == 404
    assert api.get(f"/patients/{demo['alex']}/health/medications/med-doesnotexist0", as_user="alex").status == 404


def test_stale_edits_do_not_overwrite_each_other(api, demo):
    from chalicelib.errors import ConflictError
    from chalicelib.services import health
    from chalicelib.services.health_kinds import KINDS
    from tests.test_health_access import caller_for

    nurse = caller_for("nurse")
    entry = health.create_entry(nurse, demo["priya"], "social-history", {"topic": "Caffeine", "value": "2 cups"})
    stale = health.load_entry(demo["priya"], entry["entry_id"])
    health.update_entry(nurse, demo["priya"], entry["entry_id"], {"value": "1 cup"})
    actions, condition = health.update_actions(nurse, stale, {"value": "3 cups"})
    with pytest.raises(ConflictError):
        health._apply(stale, actions, condition)
    assert health.load_entry(demo["priya"], entry["entry_id"]).data["value"] == "1 cup"
    assert KINDS["social-history"].resource == "Observation"


def test_the_summary_is_one_query(api, demo, ddb_calls):
    api.token("alex")
    with ddb_calls() as calls:
        res = api.get(f"/patients/{demo['alex']}/health", as_user="alex")
    assert res.status == 200
    assert calls.count("Query") == 1 and "Scan" not in calls
    assert len(calls) <= 3, calls
