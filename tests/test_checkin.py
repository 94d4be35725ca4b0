"""eCheck-in (issue 17): the steps, their idempotency, bad input naming the field with
nothing written, the front desk's review, "Checked in online" on the schedule."""
from __future__ import annotations

import pytest

from tests.checkin_helpers import fresh_patient_with_physical, phq9_answers
from tests.test_documents import JPEG, register, start, upload

pytestmark = pytest.mark.clock  # the window is counted from the visit in practice time


def _base(patient, appt):
    return f"/patients/{patient['patient_id']}/appointments/{appt['appointment_id']}/checkin"


def _card(api, patient, who, name):
    intent = start(api, patient["patient_id"], who, category="insurance_card", content_type="image/jpeg",
                   filename=name)
    upload(intent, JPEG, "image/jpeg")
    res = register(api, patient["patient_id"], who, intent["key"])
    assert res.status == 201, res
    return res.json["document_id"]


def _sign_all(api, base, state, who, name="Robin Checkin"):
    signatures = [{"form_id": c["form_id"], "version": c["version"], "signed_name": name}
                  for c in state["consents"] if c["needs_signature"]]
    return api.post(f"{base}/consents", {"signatures": signatures}, as_user=who)


def _phq9(state):
    return next(q for q in state["questionnaires"] if q["title"].startswith("PHQ-9"))


def test_a_patient_checks_in_step_by_step_and_the_schedule_shows_it(api):
    patient, appt = fresh_patient_with_physical(api)
    who, base = patient["email"], _base(patient, appt)
    state = api.get(base, as_user=who).json
    assert state["window"]["state"] == "open" and not state["ready"] and not state["checked_in_at"]
    assert _phq9(state)["questionnaire"]["resourceType"] == "Questionnaire"
    refused = api.post(f"{base}/complete", {}, as_user=who)
    assert refused.status == 422 and refused.error["field"] == "contact"

    # contact: a change waits for the front desk; taken again it creates nothing more
    first = api.post(f"{base}/contact", {"changes": {"phone": "+13125550188"}}, as_user=who)
    assert first.status == 200, first
    again = api.post(f"{base}/contact", {"changes": {"phone": "+13125550199"}}, as_user=who)
    assert again.json["changes"]["contact"] == first.json["changes"]["contact"]
    requests = api.get(f"/patients/{patient['patient_id']}/requests", as_user=who).json["items"]
    assert [(r["type"], r["status"]) for r in requests] == [("contact", "pending")]
    assert api.get(f"/patients/{patient['patient_id']}", as_user=who).json["phone"] != "+13125550188"

    # insurance: nothing on file yet, then front and back through the document flow
    none = api.post(f"{base}/insurance", {"on_file": True}, as_user=who)
    assert none.status == 422 and none.error["field"] == "document_ids"
    cards = [_card(api, patient, who, "card-front.jpg"), _card(api, patient, who, "card-back.jpg")]
    assert api.post(f"{base}/insurance", {"document_ids": cards}, as_user=who).status == 200
    assert api.post(f"{base}/health", {}, as_user=who).status == 200
    assert _sign_all(api, base, state, who).status == 200
    answered = api.post(f"{base}/questionnaires", {"responses": [
        {"form_id": _phq9(state)["form_id"], "answers": phq9_answers([1, 1, 1, 0, 0, 0, 0, 0, 0])}]}, as_user=who)
    assert answered.status == 200, answered
    assert answered.json["ready"] and _phq9(answered.json)["score_words"] == "PHQ-9 total 3 of 27 (minimal)"

    done = api.post(f"{base}/complete", {}, as_user=who)
    assert done.status == 200 and done.json["checked_in_at"]
    assert api.post(f"{base}/complete", {}, as_user=who).json["checked_in_at"] == done.json["checked_in_at"]
    late = api.post(f"{base}/health", {}, as_user=who)
    assert late.status == 409
    visit = api.get(f"/patients/{patient['patient_id']}/appointments/{appt['appointment_id']}", as_user=who).json
    assert visit["checked_in_online"] is True
    day = api.get(f"/schedule?date={appt['date']}", as_user="front_desk").json["items"]
    mine = next(a for a in day if a["appointment_id"] == appt["appointment_id"])
    assert mine["checked_in_online"] is True


def test_bad_answers_name_the_item_and_write_nothing(api):
    patient, appt = fresh_patient_with_physical(api)
    who, base = patient["email"], _base(patient, appt)
    phq = _phq9(api.get(base, as_user=who).json)
    answers = phq9_answers([1, 1, 1, 0, 0, 0, 0, 0, 0])
    answers["phq9-3"] = "7"
    res = api.post(f"{base}/questionnaires", {"responses": [{"form_id": phq["form_id"], "answers": answers}]},
                   as_user=who)
    assert res.status == 422 and res.error["field"] == "responses[0].answers.phq9-3"
    missing = api.post(f"{base}/questionnaires", {"responses": []}, as_user=who)
    assert missing.status == 422 and missing.error["field"] == "responses[0]"
    state = api.get(base, as_user=who).json
    assert not state["done"]["questionnaires"] and "questionnaires" not in state["changes"]
    assert api.get(f"/patients/{patient['patient_id']}/questionnaire-responses", as_user=who).json["items"] == []
    bad_phone = api.post(f"{base}/contact", {"changes": {"phone": "12"}}, as_user=who)
    assert bad_phone.status == 400 and bad_phone.error["field"] == "changes.phone"
    not_a_card = api.post(f"{base}/insurance", {"document_ids": ["0000000000000000"]}, as_user=who)
    assert not_a_card.status == 422 and not_a_card.error["field"] == "document_ids[0]"
    nameless = api.post(f"{base}/consents", {"signatures": [{"form_id": "x" * 16, "version": 1, "signed_name": " "}]},
                        as_user=who)
    assert nameless.status == 400 and nameless.error["field"] == "signatures.0.signed_name"


def test_the_front_desk_reviews_what_changed_and_accepts_the_contact_change(api):
    patient, appt = fresh_patient_with_physical(api)
    who, base, pid = patient["email"], _base(patient, appt), patient["patient_id"]
    state = api.get(base, as_user=who).json
    api.post(f"{base}/contact", {"changes": {"phone": "+13125550177"}}, as_user=who)
    api.post(f"{base}/questionnaires", {"responses": [
        {"form_id": _phq9(state)["form_id"], "answers": phq9_answers([0, 0, 0, 0, 0, 0, 0, 0, 2])}]}, as_user=who)
    desk = api.get(base, as_user="front_desk").json["changes"]
    assert desk["contact"]["changes"] == {"phone": "+13125550177"} and desk["contact"]["request_status"] == "pending"
    assert desk["questionnaires"]["answered"] == [{"title": _phq9(state)["title"]}]  # no scores for the office
    nurse = api.get(base, as_user="nurse").json["changes"]["questionnaires"]["answered"][0]
    assert nurse["flagged"] and nurse["score_words"] == "PHQ-9 total 2 of 27 (minimal)"

    request_id = desk["contact"]["request_id"]
    decision = f"/patients/{pid}/requests/{request_id}/decision"
    assert api.post(decision, {"decision": "accept"}, as_user="provider").status == 403
    assert api.post(decision, {"decision": "accept"}, as_user="alex").status == 404
    assert api.post(decision, {"decision": "accept"}, as_user="front_desk").status == 200
    assert api.get(f"/patients/{pid}", as_user=who).json["phone"] == "+13125550177"
    assert api.get(base, as_user="front_desk").json["changes"]["contact"]["request_status"] == "accepted"
    assert api.post(decision, {"decision": "accept"}, as_user="front_desk").status == 409


def test_signing_v1_then_the_practice_publishes_v2_asks_to_sign_again(api):
    patient, appt = fresh_patient_with_physical(api)
    who, base, pid = patient["email"], _base(patient, appt), patient["patient_id"]
    made = api.post("/forms/consents", {"title": "Telehealth consent", "text": "Version one."}, as_user="admin")
    assert made.status == 201 and made.json["version"] == 1
    form_id = made.json["form_id"]
    try:
        state = api.get(base, as_user=who).json
        assert _sign_all(api, base, state, who).status == 200
        assert api.get(base, as_user=who).json["done"]["consents"]
        assert _sign_all(api, base, state, who).status == 200  # again: nothing more is written
        two = api.post("/forms/consents", {"title": "Telehealth consent", "text": "Version two.", "form_id": form_id},
                       as_user="admin")
        assert two.status == 201 and two.json["version"] == 2
        state = api.get(base, as_user=who).json
        mine = next(c for c in state["consents"] if c["form_id"] == form_id)
        assert (mine["needs_signature"], mine["signed_version"], mine["text"]) == (True, 1, "Version two.")
        assert not state["done"]["consents"]
        stale = api.post(f"{base}/consents", {"signatures": [{"form_id": form_id, "version": 1,
                                                                "signed_name": "Robin Checkin"}]}, as_user=who)
        assert stale.status == 409 and stale.error["field"] == "signatures[0].version"
        assert _sign_all(api, base, state, who).status == 200
        state = api.get(base, as_user=who).json
        assert next(c for c in state["consents"] if c["form_id"] == form_id)["signed_version"] == 2
        signed = state["changes"]["consents"]["signed"]
        assert [(s["version"], s["signed_name"]) for s in signed if s["form_id"] == form_id] == \
            [(1, "Robin Checkin"), (2, "Robin Checkin")]
        docs = api.get(f"/patients/{pid}/documents?category=form", as_user=who).json["items"]
        assert {d["title"] for d in docs} >= {"Telehealth consent (signed, version 1).pdf",
                                              "Telehealth consent (signed, version 2).pdf"}
        link = api.get(f"/patients/{pid}/documents/{signed[-1]['document_id']}/download", as_user=who)
        assert link.status == 200
        assert api.post("/forms/consents", {"title": "x", "text": "y"}, as_user="front_desk").status == 403
    finally:  # retired: other tests' patients are not asked to sign it
        api.post("/forms/consents", {"title": "Telehealth consent", "text": "Retired.", "form_id": form_id,
                                     "active": False}, as_user="admin")


def test_a_clinician_sends_the_gad7_and_reads_the_score(api, mailbox):
    patient, _ = fresh_patient_with_physical(api)
    who, pid = patient["email"], patient["patient_id"]
    forms = api.get("/forms", as_user="nurse").json["questionnaire"]
    gad7 = next(f for f in forms if f["scored"] == "GAD-7")
    assert api.post(f"/patients/{pid}/questionnaire-requests", {"form_id": gad7["form_id"]},
                    as_user="front_desk").status == 403
    sent = api.post(f"/patients/{pid}/questionnaire-requests", {"form_id": gad7["form_id"]}, as_user="nurse")
    assert sent.status == 201, sent
    home = api.get(f"/patients/{pid}/home", as_user=who).json
    assert any(i["kind"] == "questionnaire" for i in home["attention"])
    request_id = sent.json["request_id"]
    one = api.get(f"/patients/{pid}/questionnaire-requests/{request_id}", as_user=who).json
    assert one["status"] == "pending" and len(one["questionnaire"]["item"]) == 9
    answers = {f"gad7-{n}": v for n, v in zip(range(1, 8), "2221110")}
    answers["gad7-difficulty"] = "1"
    url = f"/patients/{pid}/questionnaire-requests/{request_id}/response"
    assert api.post(url, {"answers": {"gad7-1": "2"}}, as_user=who).error["field"] == "answers.gad7-2"
    done = api.post(url, {"answers": answers}, as_user=who)
    assert done.status == 201 and done.json["score_words"] == "GAD-7 total 9 of 21 (mild)"
    assert api.post(url, {"answers": answers}, as_user=who).status == 409
    listed = api.get(f"/patients/{pid}/questionnaire-responses", as_user="provider").json["items"]
    assert listed[0]["score"]["total"] == 9 and listed[0]["items"][0]["answer"] == "More than half the days"
    assert api.get(f"/patients/{pid}/questionnaire-responses", as_user="front_desk").status == 403
    assert not any(i["kind"] == "questionnaire" for i in api.get(f"/patients/{pid}/home", as_user=who).json["attention"])


def test_publishing_a_bad_questionnaire_names_the_field(api):
    bad = {"resourceType": "Questionnaire", "title": "Bad", "item": [{"linkId": "a", "type": "slider", "text": "?"}]}
    res = api.post("/forms/questionnaires", {"questionnaire": bad}, as_user="admin")
    assert res.status == 400 and res.error["field"] == "questionnaire.item[0].type"
    res = api.post("/forms/questionnaires", {"questionnaire": {**bad, "item": [{"linkId": "a", "type": "string",
                                                                                 "text": "Name"}]},
                                             "visit_type_ids": ["nope"]}, as_user="admin")
    assert res.status == 400 and res.error["field"] == "visit_type_ids[0]"


def test_answers_travel_in_the_fhir_export_and_the_pdf(api):
    from tests import export_helpers
    from tests.test_export import validate

    patient, appt = fresh_patient_with_physical(api)
    who, base, pid = patient["email"], _base(patient, appt), patient["patient_id"]
    phq = _phq9(api.get(base, as_user=who).json)
    api.post(f"{base}/questionnaires", {"responses": [
        {"form_id": phq["form_id"], "answers": phq9_answers([2, 2, 2, 1, 1, 1, 1, 0, 0])}]}, as_user=who)
    bundle = export_helpers.bundle(api, pid, as_user=who)
    validate(bundle)
    kinds = {e["resource"]["resourceType"]: e["resource"] for e in bundle["entry"]}
    response = kinds["QuestionnaireResponse"]
    assert response["questionnaire"].endswith(f"/fhir/Questionnaire/{phq['form_id']}|{phq['version']}")
    assert response["item"][0]["answer"] == [{"valueCoding": {"code": "2", "display": "More than half the days"}}]
    assert kinds["Observation"]["valueInteger"] == 10 and kinds["Observation"]["code"]["coding"][0]["code"] == "44261-6"
    text = export_helpers.pdf_text(api, pid, as_user=who)
    assert "Questionnaires" in text and "PHQ-9 total 10 of 27 (moderate)" in text


def test_every_check_in_route_is_a_handful_of_calls_without_scan(api, ddb_calls):
    """Call budgets of the routes that write (the reads are in tests/test_budget.py): each step
    is its reads, one transaction, the visit's state again and the audit."""
    patient, appt = fresh_patient_with_physical(api)
    who, base = patient["email"], _base(patient, appt)
    state = api.get(base, as_user=who).json
    card = _card(api, patient, who, "card.jpg")
    consents = [{"form_id": c["form_id"], "version": c["version"], "signed_name": "Robin Checkin"}
                for c in state["consents"] if c["needs_signature"]]
    steps = [("contact", {"changes": {"phone": "+13125550166"}}, 14), ("insurance", {"document_ids": [card]}, 12),
             ("health", {}, 11), ("consents", {"signatures": consents}, 16),
             ("questionnaires", {"responses": [{"form_id": _phq9(state)["form_id"],
                                                "answers": phq9_answers([0] * 9)}]}, 12),
             ("complete", {}, 16)]
    api.token(who)
    for name, body, budget in steps:
        with ddb_calls() as calls:
            res = api.post(f"{base}/{name}", body, as_user=who)
        assert res.status == 200, (name, res)
        assert "Scan" not in calls and len(calls) <= budget, (name, len(calls), calls)
    forms = api.get("/forms", as_user="nurse").json["questionnaire"]
    gad7 = next(f for f in forms if f["scored"] == "GAD-7")["form_id"]
    api.token("nurse")
    with ddb_calls() as calls:
        sent = api.post(f"/patients/{patient['patient_id']}/questionnaire-requests", {"form_id": gad7}, as_user="nurse")
    assert sent.status == 201 and "Scan" not in calls and len(calls) <= 8, calls
    url = f"/patients/{patient['patient_id']}/questionnaire-requests/{sent.json['request_id']}"
    with ddb_calls() as calls:
        assert api.get(url, as_user=who).status == 200
    assert "Scan" not in calls and len(calls) <= 5, calls
    with ddb_calls() as calls:
        answered = api.post(f"{url}/response", {"answers": {f"gad7-{n}": "0" for n in range(1, 8)}}, as_user=who)
    assert answered.status == 201 and "Scan" not in calls and len(calls) <= 8, calls
