"""The clinician's side: the results inbox (critical, abnormal, then normal; prior values
beside the new ones), the match queue for results whose patient did not match, and
point-of-care results entered in the chart."""
from __future__ import annotations

import pytest

from tests.helpers import make_patient
from tests.results_helpers import ack_fields, message, post_hl7


@pytest.fixture
def eve(api):
    return make_patient(api, given="Eve", family="Everywoman", birth_date="1980-01-15")


def test_the_inbox_puts_critical_then_abnormal_first_with_the_prior_value(api, demo, eve):
    older = message("quest_lipid_231.hl7", eve).replace(b"|20261128083000|", b"|20260528083000|") \
        .replace(b"||138|mg/dL", b"||162|mg/dL")
    for raw in (older, message("quest_lipid_231.hl7", eve), message("critical_potassium_251.hl7", eve),
                message("quest_tsh_corrected_231.hl7", eve)):
        assert ack_fields(post_hl7(api, raw, demo["lab_credential"]))["code"] == "AA"
    inbox = api.get("/results-inbox", as_user="provider").json
    mine = [i for i in inbox["items"] if i["patient_id"] == eve["patient_id"]]
    assert [i["severity"] for i in mine] == ["critical", "abnormal", "abnormal", "normal"]
    assert mine[0]["patient"]["family_name"] == "Everywoman"
    newest_lipid = mine[2]
    ldl = next(o for o in newest_lipid["observations"] if o["code"] == "18262-6")
    assert ldl["value"] == "138" and ldl["prior"]["value"] == "162" and ldl["prior"]["when"].startswith("Thursday")
    assert "Normal, no action needed." in inbox["quick_comments"]

    reviewed = api.post(f"/patients/{eve['patient_id']}/results/{mine[0]['report_id']}/review", {},
                        as_user="provider")
    assert reviewed.status == 200
    again = [i["report_id"] for i in api.get("/results-inbox", as_user="provider").json["items"]]
    assert mine[0]["report_id"] not in again and mine[1]["report_id"] in again
    assert api.get("/results-inbox", as_user="front_desk").status == 403


def test_a_corrected_result_comes_back_to_the_inbox(api, demo, eve):
    pid = eve["patient_id"]
    post_hl7(api, message("quest_tsh_original_231.hl7", eve, tag="x1"), demo["lab_credential"])
    rid = api.get(f"/patients/{pid}/results", as_user="provider").json["items"][0]["report_id"]
    api.post(f"/patients/{pid}/results/{rid}/review", {"comment": "A bit high; recheck."}, as_user="provider")
    post_hl7(api, message("quest_tsh_corrected_231.hl7", eve, tag="x1"), demo["lab_credential"])
    inbox = [i for i in api.get("/results-inbox", as_user="provider").json["items"] if i["report_id"] == rid]
    assert inbox and inbox[0]["status"] == "corrected"
    assert inbox[0]["observations"][0]["replaces"]["value"] == "6.8"  # what the correction changed
    assert inbox[0]["comment"]["text"] == "A bit high; recheck." and not inbox[0]["reviewed"]


def test_staff_match_a_queued_result_to_the_right_patient(api, demo, eve, mailbox):
    raw = message("lri_strep_cwe_251.hl7", {**eve, "birth_date": "1980-05-01"})
    assert "birth date differs" in ack_fields(post_hl7(api, raw, demo["lab_credential"]))["reason"]
    queue = api.get("/results-match-queue", as_user="front_desk").json["items"]
    item = next(i for i in queue if i["patient_in_message"]["birth_date"] == "1980-05-01"
                and i["patient_in_message"]["mrn"] == eve["mrn"])
    assert item["tests"] == ["Strep throat test (rapid)"] and item["reason"].startswith("the birth date differs")
    matched = api.post(f"/results-match-queue/{item['message_id']}/match", {"patient_id": eve["patient_id"]},
                       as_user="front_desk")
    assert matched.status == 200 and len(matched.json["report_ids"]) == 1, matched
    reports = api.get(f"/patients/{eve['patient_id']}/results", as_user="provider").json["items"]
    assert reports[0]["report_id"] == matched.json["report_ids"][0]
    assert item["message_id"] not in {i["message_id"] for i in
                                      api.get("/results-match-queue", as_user="front_desk").json["items"]}
    again = api.post(f"/results-match-queue/{item['message_id']}/match", {"patient_id": eve["patient_id"]},
                     as_user="front_desk")
    assert again.status == 409
    assert ack_fields(post_hl7(api, raw, demo["lab_credential"]))["reason"].startswith("Duplicate")
    assert api.get("/results-match-queue", as_user="billing").status == 403


def test_a_nurse_enters_a_point_of_care_strep_test(api, demo, eve):
    pid = eve["patient_id"]
    tests = api.get("/results/point-of-care-tests", as_user="nurse").json["tests"]
    assert {"strep", "a1c", "urine-dip"} <= {t["key"] for t in tests}
    res = api.post(f"/patients/{pid}/results", {"test": "strep", "values": {"78012-2": "Detected"}},
                   as_user="nurse")
    assert res.status == 201, res
    assert res.json["source"] == "point-of-care" and res.json["observations"][0]["marker"] == "abnormal"
    assert res.json["performing_lab"]["name"] == "Maple Street Family Practice"
    a1c = api.post(f"/patients/{pid}/results", {"test": "a1c", "values": {"4548-4": "6.1"}}, as_user="provider")
    assert a1c.json["observations"][0]["flag"] == "H"
    bad = api.post(f"/patients/{pid}/results", {"test": "a1c", "values": {"4548-4": "high"}}, as_user="nurse")
    assert bad.status == 422 and bad.error["field"] == "values.4548-4"
    assert api.post(f"/patients/{pid}/results", {"test": "strep", "values": {"78012-2": "Detected"}},
                    as_user="front_desk").status == 403


def test_staff_take_a_result_that_is_not_ours_off_the_queue(api, demo):
    raw = message("lri_a1c_251.hl7", {"mrn": "987654321", "family_name": "Nobody", "given_name": "Nora",
                                       "birth_date": "1970-02-02"})
    assert "no patient has this MRN" in ack_fields(post_hl7(api, raw, demo["lab_credential"]))["reason"]
    item = next(i for i in api.get("/results-match-queue", as_user="nurse").json["items"]
                if i["patient_in_message"]["mrn"] == "987654321")
    assert api.post(f"/results-match-queue/{item['message_id']}/dismiss", {}, as_user="nurse").error["field"] == "note"
    done = api.post(f"/results-match-queue/{item['message_id']}/dismiss", {"note": "Not our patient; lab told."},
                    as_user="nurse")
    assert done.status == 200 and done.json["outcome"] == "dismissed", done
    assert item["message_id"] not in {i["message_id"] for i in api.get("/results-match-queue", as_user="nurse").json["items"]}
    from chalicelib.models.lab_message import LabMessage

    kept = LabMessage.get(item["message_id"])
    assert kept.raw is None and kept.resolution_note == "Not our patient; lab told." and kept.outcome == "dismissed"
    again = api.post(f"/results-match-queue/{item['message_id']}/dismiss", {"note": "x"}, as_user="nurse")
    assert again.status == 409
    assert api.post(f"/results-match-queue/{'0' * 32}/dismiss", {"note": "x"}, as_user="nurse").status == 409
    assert api.post(f"/results-match-queue/{item['message_id']}/dismiss", {"note": "x"}, as_user="billing").status == 403
