"""Refills that finish: the patient's preferred pharmacy on file; an accepted refill
records how it was sent (e-prescribed, phoned, faxed) and to which pharmacy, which the
patient reads in the portal; the email says only that a request was answered."""
from __future__ import annotations

import pytest

from tests.helpers import make_patient_account
from tests.test_health_requests import _new_med

PHARMACY = {"name": "Elm Street Pharmacy", "phone": "+13125550188",
            "address": {"line1": "300 Elm Street", "city": "Springfield", "state": "IL", "postal_code": "62704",
                        "country": "US"}}


@pytest.fixture
def patient(api):
    made = make_patient_account(api, given="Refill", family="Walker")
    api.token(made["email"], made["password"])
    return made


def test_the_patient_keeps_a_pharmacy_on_file_and_staff_see_it(api, patient):
    pid, me = patient["patient_id"], patient["email"]
    assert api.get(f"/patients/{pid}/pharmacy", as_user=me).json["pharmacy"] is None
    saved = api.request("PUT", f"/patients/{pid}/pharmacy", {"pharmacy": PHARMACY}, as_user=me)
    assert saved.status == 200, saved
    for who in ("provider", "nurse", "front_desk"):
        assert api.get(f"/patients/{pid}/pharmacy", as_user=who).json["pharmacy"]["name"] == "Elm Street Pharmacy"
    bad = api.request("PUT", f"/patients/{pid}/pharmacy", {"pharmacy": {**PHARMACY, "phone": "555"}}, as_user=me)
    assert bad.status == 400 and bad.error["field"] == "pharmacy.phone"
    assert api.request("PUT", f"/patients/{pid}/pharmacy", {"pharmacy": PHARMACY}, as_user="billing").status == 403
    assert api.request("PUT", f"/patients/{pid}/pharmacy", {"pharmacy": PHARMACY}, as_user="alex").status == 404
    log = api.get(f"/patients/{pid}/access-log", as_user=me).json["items"]
    assert any("preferred pharmacy" in e["description"] for e in log)
    assert api.request("PUT", f"/patients/{pid}/pharmacy", {"pharmacy": None}, as_user=me).json["pharmacy"] is None


def test_an_accepted_refill_says_how_it_was_sent_and_where_to_pick_it_up(api, mailbox, patient):
    pid, me = patient["patient_id"], patient["email"]
    med = _new_med(api, pid, "Metformin 500 mg tablet")
    sent = api.post(f"/patients/{pid}/refills", {"entry_id": med["entry_id"]}, as_user=me).json
    decision = f"/patients/{pid}/requests/{sent['request_id']}/decision"

    how = api.post(decision, {"decision": "accept"}, as_user="nurse")
    assert how.status == 422 and how.error["field"] == "sent_by"
    no_pharmacy = api.post(decision, {"decision": "accept", "sent_by": "faxed"}, as_user="nurse")
    assert no_pharmacy.status == 422 and "pharmacy" in no_pharmacy.error["message"]
    assert api.get(f"/patients/{pid}/requests", as_user=me).json["items"][0]["status"] == "pending"  # nothing written

    api.request("PUT", f"/patients/{pid}/pharmacy", {"pharmacy": PHARMACY}, as_user="front_desk")
    queued = next(r for r in api.get("/review-queue?limit=100", as_user="nurse").json["items"]
                  if r["request_id"] == sent["request_id"])
    assert queued["patient_pharmacy"]["name"] == "Elm Street Pharmacy"

    sent_before = {m["id"] for m in mailbox.messages()}
    accepted = api.post(decision, {"decision": "accept", "sent_by": "eprescribed"}, as_user="nurse")
    assert accepted.status == 200, accepted
    assert accepted.json["sent_by"] == "eprescribed" and accepted.json["pharmacy"]["name"] == "Elm Street Pharmacy"

    seen = api.get(f"/patients/{pid}/requests", as_user=me).json["items"][0]
    assert seen["sent_by"] == "eprescribed" and seen["pharmacy"]["address"]["line1"] == "300 Elm Street"
    entry = api.get(f"/patients/{pid}/health/medications/{med['entry_id']}", as_user="nurse").json
    assert entry["history"][-1]["sent_by"] == "eprescribed"
    mail = [m for m in mailbox.messages() if m["id"] not in sent_before and m["to"] == me]
    assert mail and "/#/health" in mail[0]["body_text"]
    for text in ("metformin", "elm street", "e-prescri", "300 elm"):
        assert text not in (mail[0]["subject"] + mail[0]["body_text"]).lower()

    # A later change of pharmacy does not rewrite where this refill went.
    api.request("PUT", f"/patients/{pid}/pharmacy", {"pharmacy": {**PHARMACY, "name": "Oak Pharmacy"}}, as_user=me)
    assert api.get(f"/patients/{pid}/requests", as_user=me).json["items"][0]["pharmacy"]["name"] == \
        "Elm Street Pharmacy"


def test_a_declined_refill_needs_no_pharmacy(api, patient):
    pid, me = patient["patient_id"], patient["email"]
    med = _new_med(api, pid, "Lisinopril 5 mg tablet")
    sent = api.post(f"/patients/{pid}/refills", {"entry_id": med["entry_id"]}, as_user=me).json
    declined = api.post(f"/patients/{pid}/requests/{sent['request_id']}/decision",
                        {"decision": "decline", "note": "Needs a visit first"}, as_user="provider")
    assert declined.status == 200 and declined.json["sent_by"] is None


def test_pharmacy_routes_by_role(api, demo, ddb_calls):
    pid = demo["sam"]  # jordan: full proxy of sam
    for who, status in (("jordan", 200), ("alex", 404), ("provider", 200), ("billing", 200)):
        assert api.get(f"/patients/{pid}/pharmacy", as_user=who).status == status, who
    api.token("alex")
    with ddb_calls() as calls:
        assert api.get(f"/patients/{demo['alex']}/pharmacy", as_user="alex").status == 200
    assert "Scan" not in calls and len(calls) <= 3, calls
