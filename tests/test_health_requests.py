"""Corrections and refill requests: the patient side asks, a clinician decides, the record follows."""
from __future__ import annotations


def _entry(api, pid, section, title, who="nurse"):
    items = api.get(f"/patients/{pid}/health/{section}", as_user=who).json["items"]
    return next(i for i in items if i["title"] == title)


def _new_med(api, pid, name):
    res = api.post(f"/patients/{pid}/health/medications", {"medication": name, "dosage": "1 tablet daily"},
                   as_user="nurse")
    assert res.status == 201, res
    return res.json


def _emails_to(mailbox, address):
    return [m for m in mailbox.messages() if m["channel"] == "email" and m["to"] == address]


def test_a_correction_accepted_by_a_nurse_changes_the_record(api, demo, mailbox):
    pid = demo["alex"]
    med = _new_med(api, pid, "Omeprazole 20 mg capsule")
    sent = api.post(f"/patients/{pid}/corrections", {
        "kind": "medications", "action": "change", "entry_id": med["entry_id"],
        "fields": {"status": "stopped"}, "note": "I stopped taking omeprazole last week"}, as_user="alex")
    assert sent.status == 201, sent
    assert sent.json["status"] == "pending" and sent.json["entry_title"] == "Omeprazole 20 mg capsule"
    assert _entry(api, pid, "medications", "Omeprazole 20 mg capsule")["status"] == "active"
    emails_before = len(_emails_to(mailbox, "alex.morgan@example.org"))

    decided = api.post(f"/patients/{pid}/requests/{sent.json['request_id']}/decision", {"decision": "accept"},
                       as_user="nurse")
    assert decided.status == 200, decided
    assert decided.json["status"] == "accepted" and decided.json["decided_by_name"] == "Nina Patel, RN"

    entry = api.get(f"/patients/{pid}/health/medications/{med['entry_id']}", as_user="alex").json
    assert entry["status"] == "stopped"
    assert entry["updated_by_name"] == "Nina Patel, RN" and entry["reported_by_name"] == "Alex Morgan"
    assert entry["history"][-1]["request_id"] == sent.json["request_id"]

    mine = api.get(f"/patients/{pid}/requests", as_user="alex").json["items"]
    assert next(r for r in mine if r["request_id"] == sent.json["request_id"])["status"] == "accepted"
    emails = _emails_to(mailbox, "alex.morgan@example.org")
    assert len(emails) == emails_before + 1
    assert "answered" in emails[0]["body_text"]
    assert "omeprazole" not in (emails[0]["subject"] + emails[0]["body_text"]).lower()


def test_a_declined_correction_leaves_the_record_and_tells_why(api, demo):
    pid = demo["priya"]
    sent = api.post(f"/patients/{pid}/corrections", {
        "kind": "allergies", "action": "add", "fields": {"substance": "Strawberries", "reaction": "Rash"}},
        as_user="priya")
    assert sent.status == 201, sent
    no_note = api.post(f"/patients/{pid}/requests/{sent.json['request_id']}/decision", {"decision": "decline"},
                       as_user="provider")
    assert no_note.status == 422 and no_note.error["field"] == "note"
    declined = api.post(f"/patients/{pid}/requests/{sent.json['request_id']}/decision",
                        {"decision": "decline", "note": "Let's confirm with an allergy test first."},
                        as_user="provider")
    assert declined.status == 200, declined
    allergies = api.get(f"/patients/{pid}/health/allergies?include_retired=true", as_user="priya").json["items"]
    assert "Strawberries" not in {a["title"] for a in allergies}
    mine = next(r for r in api.get(f"/patients/{pid}/requests", as_user="priya").json["items"]
                if r["request_id"] == sent.json["request_id"])
    assert mine["status"] == "declined" and mine["decision_note"] == "Let's confirm with an allergy test first."
    again = api.post(f"/patients/{pid}/requests/{sent.json['request_id']}/decision", {"decision": "accept"},
                     as_user="nurse")
    assert again.status == 409


def test_an_accepted_addition_is_a_new_entry_attributed_to_both(api, demo):
    pid = demo["sam"]
    sent = api.post(f"/patients/{pid}/corrections", {
        "kind": "immunizations", "action": "add",
        "fields": {"vaccine": "Hepatitis A", "date": "2023-08-01", "dose_number": 2}}, as_user="jordan")
    assert sent.status == 201, sent
    assert sent.json["submitted_as"] == "proxy"
    decided = api.post(f"/patients/{pid}/requests/{sent.json['request_id']}/decision", {"decision": "accept"},
                       as_user="provider").json
    entry = api.get(f"/patients/{pid}/health/immunizations/{decided['applied_entry_id']}", as_user="jordan").json
    assert entry["fields"]["vaccine"] == "Hepatitis A"
    assert entry["recorded_by_name"] == "Dr. Wei Chen" and entry["reported_by_name"] == "Jordan Morgan"


def test_retire_correction_needs_a_reason_and_retires_on_accept(api, demo):
    pid = demo["alex"]
    med = _new_med(api, pid, "Melatonin 3 mg")
    body = {"kind": "medications", "action": "retire", "entry_id": med["entry_id"]}
    assert api.post(f"/patients/{pid}/corrections", body, as_user="alex").error["field"] == "note"
    sent = api.post(f"/patients/{pid}/corrections", {**body, "note": "Never took it"}, as_user="alex").json
    api.post(f"/patients/{pid}/requests/{sent['request_id']}/decision", {"decision": "accept"}, as_user="nurse")
    entry = api.get(f"/patients/{pid}/health/medications/{med['entry_id']}", as_user="alex").json
    assert entry["retired"] and entry["retired_reason"] == "Never took it"


def test_corrections_are_checked_when_sent(api, demo):
    pid = demo["alex"]
    bad_field = api.post(f"/patients/{pid}/corrections", {
        "kind": "allergies", "action": "add", "fields": {"substance": "Dust", "severity": "awful"}}, as_user="alex")
    assert bad_field.status == 400 and bad_field.error["field"] == "fields.severity"
    missing = api.post(f"/patients/{pid}/corrections", {
        "kind": "allergies", "action": "add", "fields": {"reaction": "Sneezing"}}, as_user="alex")
    assert missing.status == 400 and missing.error["field"] == "fields.substance"
    priya_entry = _entry(api, demo["priya"], "medications", "Sumatriptan 50 mg tablet")
    not_mine = api.post(f"/patients/{pid}/corrections", {
        "kind": "medications", "action": "change", "entry_id": priya_entry["entry_id"],
        "fields": {"dosage": "1"}}, as_user="alex")
    assert not_mine.status == 422 and not_mine.error["field"] == "entry_id"


def test_one_pending_refill_per_active_medication(api, demo):
    pid = demo["alex"]
    med = _new_med(api, pid, "Atorvastatin 20 mg tablet")
    first = api.post(f"/patients/{pid}/refills", {"entry_id": med["entry_id"], "note": "90-day supply"},
                     as_user="alex")
    assert first.status == 201, first
    assert first.json["type"] == "refill"
    assert api.post(f"/patients/{pid}/refills", {"entry_id": med["entry_id"]}, as_user="alex").status == 409
    listed = api.get(f"/patients/{pid}/health/medications/{med['entry_id']}", as_user="alex").json
    assert listed["refill_pending"] is True

    api.request("PUT", f"/patients/{pid}/pharmacy", {"pharmacy": {"name": "Elm Street Pharmacy", "phone": "+13125550188"}},
                as_user="alex")
    accepted = api.post(f"/patients/{pid}/requests/{first.json['request_id']}/decision",
                        {"decision": "accept", "sent_by": "phoned"},
                        as_user="nurse")
    assert accepted.status == 200, accepted
    entry = api.get(f"/patients/{pid}/health/medications/{med['entry_id']}", as_user="alex").json
    assert entry["refill_pending"] is False and entry["last_refill_at"]
    assert entry["history"][-1]["action"] == "refill" and entry["status"] == "active"
    assert api.post(f"/patients/{pid}/refills", {"entry_id": med["entry_id"]}, as_user="alex").status == 201


def test_refills_only_for_active_medications(api, demo):
    pid = demo["alex"]
    retired = next(i for i in api.get(f"/patients/{pid}/health/medications?include_retired=true",
                                      as_user="alex").json["items"] if i["retired"])
    res = api.post(f"/patients/{pid}/refills", {"entry_id": retired["entry_id"]}, as_user="alex")
    assert res.status == 422 and res.error["field"] == "entry_id"
    allergy = _entry(api, pid, "allergies", "Penicillin", who="alex")
    assert api.post(f"/patients/{pid}/refills", {"entry_id": allergy["entry_id"]}, as_user="alex").status == 422


def test_review_queue_lists_pending_requests_of_every_patient_oldest_first(api, demo):
    med = _new_med(api, demo["priya"], "Propranolol 10 mg tablet")
    sent = api.post(f"/patients/{demo['priya']}/refills", {"entry_id": med["entry_id"]}, as_user="priya").json
    queue = api.get("/review-queue?limit=100", as_user="nurse")
    assert queue.status == 200, queue
    items = queue.json["items"]
    assert all(i["status"] == "pending" for i in items)
    assert [i["request_id"] for i in items] == sorted(i["request_id"] for i in items)
    mine = next(i for i in items if i["request_id"] == sent["request_id"])
    assert mine["patient"]["family_name"] == "Shah" and mine["entry_title"] == "Propranolol 10 mg tablet"
    api.post(f"/patients/{demo['priya']}/requests/{sent['request_id']}/decision",
             {"decision": "decline", "note": "Please book a visit first."}, as_user="provider")
    after = api.get("/review-queue?limit=100", as_user="nurse").json["items"]
    assert sent["request_id"] not in {i["request_id"] for i in after}
    entry = api.get(f"/patients/{demo['priya']}/health/medications/{med['entry_id']}", as_user="priya").json
    assert entry["refill_pending"] is False  # declined: may be asked again


def test_review_queue_pages_do_not_scan(api, demo, ddb_calls):
    api.token("nurse")
    with ddb_calls() as calls:
        first = api.get("/review-queue?limit=1", as_user="nurse")
    assert first.status == 200 and first.json["cursor"]
    assert "Scan" not in calls and len(calls) <= 5, calls
    second = api.get(f"/review-queue?limit=1&cursor={first.json['cursor']}", as_user="nurse")
    assert second.json["items"][0]["request_id"] > first.json["items"][0]["request_id"]
    forged = api.get(f"/patients/{demo['alex']}/requests?cursor={first.json['cursor']}", as_user="alex")
    assert forged.status == 400 and forged.error["field"] == "cursor"
