"""What the patient sees: results newest first with new ones marked, a report with
units, ranges and in/out-of-range words, the clinician's comment, the trend of one
test; and the release rules (at once; after review if the patient chose so; held by
a provider with a reason, shown as pending)."""
from __future__ import annotations

import pytest
import time_machine

from tests.helpers import make_patient_account
from tests.results_helpers import ack_fields, message, post_hl7


@pytest.fixture
def eve(api):
    """A patient with an account, named as the corpus names its patient."""
    patient = make_patient_account(api, given="Eve", family="Everywoman", birth_date="1980-01-15")
    return {**patient, "token": api.token(patient["email"], patient["password"])}


def file(api, demo, eve, fixture, **kw) -> str:
    res = post_hl7(api, message(fixture, eve, **kw), demo["lab_credential"])
    assert ack_fields(res)["code"] == "AA", res.raw_body
    return api.get(f"/patients/{eve['patient_id']}/results", token=eve["token"]).json["items"][0]["report_id"]


def test_results_are_listed_newest_first_and_new_ones_are_marked(api, demo, eve):
    first = file(api, demo, eve, "quest_tsh_original_231.hl7")
    second = file(api, demo, eve, "quest_lipid_231.hl7")
    pid = eve["patient_id"]
    items = api.get(f"/patients/{pid}/results", token=eve["token"]).json["items"]
    assert [i["report_id"] for i in items] == [second, first]
    assert all(i["new"] for i in items)
    assert items[0]["name"] == "Cholesterol panel (lipids)" and items[0]["lab_name"] == "Lipid panel with direct LDL"
    home = api.get(f"/patients/{pid}/home", token=eve["token"]).json
    assert {f"result:{first}", f"result:{second}"} <= {i["id"] for i in home["attention"]}
    assert "New test result" in {i["label"] for i in home["attention"]}

    api.get(f"/patients/{pid}/results/{second}", token=eve["token"])
    items = api.get(f"/patients/{pid}/results", token=eve["token"]).json["items"]
    assert [i["new"] for i in items] == [False, True]
    home = api.get(f"/patients/{pid}/home", token=eve["token"]).json
    assert f"result:{second}" not in {i["id"] for i in home["attention"]}


def test_a_report_shows_values_units_ranges_and_words_for_out_of_range(api, demo, eve):
    rid = file(api, demo, eve, "quest_lipid_231.hl7")
    report = api.get(f"/patients/{eve['patient_id']}/results/{rid}", token=eve["token"]).json
    ldl = next(o for o in report["observations"] if o["code"] == "18262-6")
    assert (ldl["name"], ldl["value"], ldl["units"], ldl["range"]) == ('LDL ("bad") cholesterol', "138", "mg/dL", "<100")
    assert (ldl["marker"], ldl["marker_words"]) == ("high", "Above the normal range")
    hdl = next(o for o in report["observations"] if o["code"] == "2085-9")
    assert (hdl["marker"], hdl["marker_words"]) == ("normal", "In the normal range")
    assert report["status_words"] == "Final" and report["ordering_provider"] == "Wei Chen, MD"
    assert report["performing_lab"]["name"] == "Quest Diagnostics-Wood Dale"
    assert report["collected"] == "Saturday, November 28 at 8:30 AM"  # practice time, in words
    assert [h["status"] for h in report["history"]] == ["final"]
    assert "prior" not in ldl  # the prior value is the clinician's inbox aid


def test_a_preliminary_result_says_so(api, demo, eve):
    rid = file(api, demo, eve, "hospital_culture_prelim_24.hl7")
    report = api.get(f"/patients/{eve['patient_id']}/results/{rid}", token=eve["token"]).json
    assert report["status"] == "preliminary" and report["status_words"].startswith("Preliminary")


def test_the_trend_of_one_test_over_time(api, demo, eve):
    pid = eve["patient_id"]
    file(api, demo, eve, "quest_lipid_231.hl7")
    raw = message("quest_lipid_231.hl7", eve).replace(b"|20261128083000|", b"|20260528083000|") \
        .replace(b"||138|mg/dL", b"||162|mg/dL")
    assert ack_fields(post_hl7(api, raw, demo["lab_credential"]))["code"] == "AA"
    trend = api.get(f"/patients/{pid}/results/trend?code=18262-6", token=eve["token"]).json
    assert trend["name"] == 'LDL ("bad") cholesterol' and trend["units"] == "mg/dL"
    assert [p["value"] for p in trend["points"]] == ["162", "138"]  # oldest first
    assert trend["range"]["high"] == "100" and trend["points"][0]["when"].startswith("Thursday, May 28")
    assert api.get(f"/patients/{pid}/results/trend", token=eve["token"]).error["field"] == "code"


def test_a_held_result_is_pending_for_the_patient_and_in_the_holds_report(api, demo, eve, mailbox):
    pid = eve["patient_id"]
    rid = file(api, demo, eve, "lri_a1c_251.hl7")
    held = api.post(f"/patients/{pid}/results/{rid}/hold", {"reason": "Discuss in person first"}, as_user="provider")
    assert held.status == 200 and held.json["release"] == "held", held
    seen = api.get(f"/patients/{pid}/results/{rid}", token=eve["token"]).json
    assert seen["status"] == "pending" and "observations" not in seen and "reviewing" in seen["message"]
    assert api.get(f"/patients/{pid}/results", token=eve["token"]).json["items"][0]["status"] == "pending"
    trend = api.get(f"/patients/{pid}/results/trend?code=4548-4", token=eve["token"]).json
    assert trend["points"] == []
    holds = api.get("/reports/holds", as_user="admin").json["items"]
    assert {"resource": "lab-result", "resource_id": rid, "reason": "Discuss in person first"}.items() \
        <= next(h for h in holds if h["resource_id"] == rid).items()
    assert api.post(f"/patients/{pid}/results/{rid}/hold", {"reason": "x"}, as_user="nurse").status == 403

    before = {m["id"] for m in mailbox.messages()}
    assert api.post(f"/patients/{pid}/results/{rid}/release", as_user="provider").status == 200
    assert api.get(f"/patients/{pid}/results/{rid}", token=eve["token"]).json["observations"][0]["value"] == "7.2"
    assert eve["email"] in {m["to"] for m in mailbox.messages() if m["id"] not in before}


def test_a_patient_who_chose_to_wait_sees_the_result_after_review_or_after_the_days(api, demo, eve, mailbox):
    pid = eve["patient_id"]
    chosen = api.request("PUT", f"/patients/{pid}/results/preferences", {"categories": ["general"], "days": 3},
                         token=eve["token"])
    assert chosen.status == 200 and chosen.json["categories"] == ["general"] and chosen.json["chosen_at"], chosen
    before = {m["id"] for m in mailbox.messages()}
    rid = file(api, demo, eve, "lri_a1c_251.hl7")
    seen = api.get(f"/patients/{pid}/results/{rid}", token=eve["token"]).json
    assert seen["status"] == "pending" and "after your clinician has reviewed" in seen["message"]
    assert eve["email"] not in {m["to"] for m in mailbox.messages() if m["id"] not in before}
    from chalicelib import clock

    with time_machine.travel(clock.now().timestamp() + 3 * 86400 + 60, tick=True):
        later = api.get(f"/patients/{pid}/results/{rid}", token=api.token(eve["email"], eve["password"]))
        assert later.json["status"] == "final"
        # The scheduled job releases it for good and tells the patient, once.
        api.client.lambda_.invoke("result-release", api.client.events.generate_cw_event(
            source="aws.events", detail_type="Scheduled Event", resources=[], detail={}))
        told = [m for m in mailbox.messages() if m["id"] not in before and m["to"] == eve["email"]]
        assert [m["subject"] for m in told] == ["You have a new test result from Maple Street Family Practice"]
        from chalicelib.services.results import release

        assert release.release_due() == 0
        api.forget(eve["email"])
    # A microbiology result is not in the chosen categories: at once.
    other = file(api, demo, eve, "hospital_culture_final_24.hl7")
    assert api.get(f"/patients/{pid}/results/{other}", token=eve["token"]).json["status"] == "final"
    assert api.request("PUT", f"/patients/{pid}/results/preferences", {"categories": ["x"]},
                       token=eve["token"]).error["field"] == "categories"


def test_review_releases_a_waiting_result_and_the_comment_reaches_the_patient(api, demo, eve, mailbox):
    pid = eve["patient_id"]
    api.request("PUT", f"/patients/{pid}/results/preferences", {"categories": ["general"]}, token=eve["token"])
    rid = file(api, demo, eve, "quest_lipid_231.hl7")
    before = {m["id"] for m in mailbox.messages()}
    comment = "Your cholesterol is a little high. We will recheck at your next visit."
    reviewed = api.post(f"/patients/{pid}/results/{rid}/review", {"comment": comment}, as_user="provider")
    assert reviewed.status == 200 and reviewed.json["reviewed"], reviewed
    seen = api.get(f"/patients/{pid}/results/{rid}", token=eve["token"]).json
    assert seen["comment"]["text"] == comment and seen["comment"]["by"] == "Dr. Wei Chen"
    mail = [m for m in mailbox.messages() if m["id"] not in before and m["to"] == eve["email"]]
    assert mail and "cholesterol" not in mail[0]["body_text"].lower()
    assert api.post(f"/patients/{pid}/results/{rid}/review", {}, as_user="front_desk").status == 403


def test_ask_about_this_result_starts_a_thread_linked_to_it(api, demo, eve):
    pid = eve["patient_id"]
    rid = file(api, demo, eve, "lri_a1c_251.hl7")
    res = api.post(f"/patients/{pid}/messages", {"topic": "medical", "subject": "My A1c",
                                                 "body": "What does this number mean for me?",
                                                 "about": {"type": "lab-result", "id": rid}}, token=eve["token"])
    assert res.status == 201, res
    assert res.json["about"]["type"] == "lab-result" and res.json["about"]["id"] == rid
    assert res.json["about"]["label"].startswith("Test result, ") and "A1c" not in res.json["about"]["label"]
    api.post(f"/patients/{pid}/results/{rid}/hold", {"reason": "Discuss first"}, as_user="provider")
    held = api.post(f"/patients/{pid}/messages", {"topic": "medical", "subject": "Again", "body": "?",
                                                  "about": {"type": "lab-result", "id": rid}}, token=eve["token"])
    assert held.status == 422 and held.error["field"] == "about"
