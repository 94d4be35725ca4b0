"""Delegation with consent (issue 9, finding 4): a grant to an adult patient gives nothing
until the patient approves it in the portal or staff record the patient's signed form."""
from __future__ import annotations

from chalicelib import clock
from tests.appointment_helpers import emails_to
from tests.helpers import make_patient, unique_email
from tests.test_invitations import invitation_code

PRACTICE = "Maple Street Family Practice"


def make_patient_account(api, **kw) -> dict:
    """A fresh patient with an account, signed in (tokens cached for `as_user=email`)."""
    from tests.helpers import make_patient_account as make

    from tests.helpers import DEMO_PASSWORD

    return make(api, password=DEMO_PASSWORD, **kw)


def _request(api, patient_id: str, grantee_email: str, scope: str = "full", as_user: str = "front_desk"):
    res = api.post(f"/patients/{patient_id}/proxies", {"grantee_email": grantee_email, "scope": scope},
                   as_user=as_user)
    assert res.status == 201, res
    return res.json


def _reads_nothing(api, who: str, patient_id: str) -> None:
    for path in ("", "/health", "/results", "/appointments", "/messages", "/proxies"):
        assert api.get(f"/patients/{patient_id}{path}", as_user=who).status == 404, path
    assert all(p["patient_id"] != patient_id for p in api.get("/me", as_user=who).json["patients"])


def test_the_front_desk_cannot_read_an_adult_through_an_account_whose_inbox_it_controls(api, mailbox):
    """The attack from the review: register a record with one's own inbox, invite and
    activate it, grant it full proxy to an adult patient. It reads nothing until consent."""
    victim = make_patient_account(api, given="Unaware", family="Adult")
    inbox = unique_email("desk.own")
    fake = make_patient(api, given="Desk", family="Own", birth_date="1985-03-03", email=inbox)
    assert api.post(f"/patients/{fake['patient_id']}/invitation", as_user="front_desk").status == 200
    activated = api.post("/auth/activate", {"code": invitation_code(mailbox, inbox), "birth_date": "1985-03-03",
                                            "password": "Good-Password-2026!"})
    assert activated.status == 200, activated
    api.token(inbox, "Good-Password-2026!")

    granted = _request(api, victim["patient_id"], inbox)
    assert granted["status"] == "pending" and granted["active"] is False and granted["scope_now"] is None
    _reads_nothing(api, inbox, victim["patient_id"])
    # Nobody but the patient answers: not the front desk, not the would-be proxy.
    path = f"/patients/{victim['patient_id']}/proxies/{granted['grantee_id']}/consent"
    assert api.post(path, {"decision": "approve"}, as_user="front_desk").status == 403
    assert api.post(path, {"decision": "approve"}, as_user=inbox).status == 404
    _reads_nothing(api, inbox, victim["patient_id"])
    # The patient hears of it at their own address, without a name in it.
    asked = emails_to(mailbox, victim["email"])[0]
    assert asked["subject"] == f"Someone asked for access to your {PRACTICE} portal record"
    assert "Nothing is shared unless you agree" in asked["body_text"] and "/#/account" in asked["body_text"]
    assert "Desk" not in asked["body_text"] + asked["subject"]
    assert emails_to(mailbox, inbox)[0]["subject"].endswith("is waiting for approval")
    # ... and the would-be proxy gets no copy of the patient's notices
    from chalicelib import notify
    from chalicelib.services.patients import load

    before = len(emails_to(mailbox, inbox))
    notify.notify_patient(load(victim["patient_id"]), "new_item", {"link": "/#/documents"})
    assert len(emails_to(mailbox, inbox)) == before


def test_the_patient_approves_in_the_portal_and_then_the_proxy_reads_the_chart(api, mailbox):
    patient = make_patient_account(api, given="Adult", family="Approver")
    helper = make_patient_account(api, given="Grown", family="Daughter")
    granted = _request(api, patient["patient_id"], helper["email"])
    pending = api.get(f"/patients/{patient['patient_id']}/proxies", as_user=patient["email"])
    assert pending.status == 200, pending
    item = next(i for i in pending.json["items"] if i["grantee_id"] == granted["grantee_id"])
    assert item["status"] == "pending" and item["grantee_name"] == "Grown Daughter"
    from datetime import timedelta

    assert item["request_expires_on"] == (clock.today() + timedelta(days=14)).isoformat()

    home = api.get(f"/patients/{patient['patient_id']}/home", as_user=patient["email"]).json
    card = [i for i in home["attention"] if i["kind"] == "proxy-request"]
    assert [c["label"] for c in card] == ["Someone asked for access to your record"]

    res = api.post(f"/patients/{patient['patient_id']}/proxies/{granted['grantee_id']}/consent",
                   {"decision": "approve"}, as_user=patient["email"])
    assert res.status == 200, res
    assert res.json["status"] == "active" and res.json["consent"] == "patient" and res.json["consented_at"]
    home = api.get(f"/patients/{patient['patient_id']}/home", as_user=patient["email"]).json
    assert not [i for i in home["attention"] if i["kind"] == "proxy-request"]
    assert api.get(f"/patients/{patient['patient_id']}/health", as_user=helper["email"]).status == 200
    assert any(p["patient_id"] == patient["patient_id"] and p["scope"] == "full"
               for p in api.get("/me", as_user=helper["email"]).json["patients"])
    again = api.post(f"/patients/{patient['patient_id']}/proxies/{granted['grantee_id']}/consent",
                     {"decision": "decline"}, as_user=patient["email"])
    assert again.status == 409
    log = api.get(f"/patients/{patient['patient_id']}/access-log?limit=50", as_user=patient["email"]).json["items"]
    actions = [e["action"] for e in log if e["resource"] == "proxy-grant"]
    assert "request" in actions and "consent" in actions
    assert emails_to(mailbox, helper["email"])[0]["body_text"].count("You were given access") == 1


def test_a_declined_request_gives_nothing_and_tells_the_caregiver(api, mailbox):
    patient = make_patient_account(api, given="Adult", family="Decliner")
    helper = make_patient_account(api, given="Eager", family="Helper")
    granted = _request(api, patient["patient_id"], helper["email"])
    res = api.post(f"/patients/{patient['patient_id']}/proxies/{granted['grantee_id']}/consent",
                   {"decision": "decline"}, as_user=patient["email"])
    assert res.status == 200 and res.json["status"] == "declined", res
    _reads_nothing(api, helper["email"], patient["patient_id"])
    assert "You were not given access" in emails_to(mailbox, helper["email"])[0]["body_text"]
    # staff cannot turn a declined request into access by recording a form afterwards
    late = api.post(f"/patients/{patient['patient_id']}/proxies/{granted['grantee_id']}/written-consent",
                    {"signed_on": clock.today().isoformat(), "reference": "Binder 2"}, as_user="front_desk")
    assert late.status == 409
    _reads_nothing(api, helper["email"], patient["patient_id"])
    # a new request may be made (and waits for consent again)
    assert _request(api, patient["patient_id"], helper["email"])["status"] == "pending"


def test_a_lapsed_request_cannot_be_approved(api):
    from chalicelib.models.proxy_grant import ProxyGrant

    patient = make_patient_account(api, given="Adult", family="Late")
    helper = make_patient_account(api, given="Slow", family="Helper")
    granted = _request(api, patient["patient_id"], helper["email"])
    ProxyGrant(granted["grantee_id"], patient["patient_id"]).update(
        actions=[ProxyGrant.request_expires_on.set("2026-01-01")])
    listed = api.get(f"/patients/{patient['patient_id']}/proxies", as_user="front_desk").json["items"]
    assert listed[0]["status"] == "expired" and listed[0]["active"] is False
    res = api.post(f"/patients/{patient['patient_id']}/proxies/{granted['grantee_id']}/consent",
                   {"decision": "approve"}, as_user=patient["email"])
    assert res.status == 409
    _reads_nothing(api, helper["email"], patient["patient_id"])


def test_staff_record_written_consent_with_who_when_and_the_form(api, mailbox):
    patient = make_patient(api, given="Paper", family="Consenter")  # no portal account: consent on paper
    helper = make_patient_account(api, given="Paper", family="Proxy")
    granted = _request(api, patient["patient_id"], helper["email"])
    path = f"/patients/{patient['patient_id']}/proxies/{granted['grantee_id']}/written-consent"
    today = clock.today().isoformat()
    missing = api.post(path, {"signed_on": today}, as_user="front_desk")
    assert missing.status == 400 and missing.error["field"] == "reference"
    future = api.post(path, {"signed_on": "2099-01-01", "reference": "Binder"}, as_user="front_desk")
    assert future.status == 400 and future.error["field"] == "signed_on"
    unknown = api.post(path, {"signed_on": today, "document_id": "0000000000000000"}, as_user="front_desk")
    assert unknown.status == 422 and unknown.error["field"] == "document_id"
    assert api.post(path, {"signed_on": today, "reference": "Binder"}, as_user="nurse").status == 403
    assert api.post(path, {"signed_on": today, "reference": "Binder"}, as_user=helper["email"]).status == 404
    _reads_nothing(api, helper["email"], patient["patient_id"])

    res = api.post(path, {"signed_on": today, "reference": "Consent binder, page 12"}, as_user="front_desk")
    assert res.status == 200, res
    body = res.json
    assert body["status"] == "active" and body["consent"] == "written" and body["consent_signed_on"] == today
    assert body["consent_reference"] == "Consent binder, page 12" and body["consented_by"]
    assert api.get(f"/patients/{patient['patient_id']}/health", as_user=helper["email"]).status == 200
    audit = api.get(f"/audit?patient_id={patient['patient_id']}", as_user="admin").json["items"]
    recorded = [e for e in audit if e["action"] == "record-consent"]
    assert len(recorded) == 1 and recorded[0]["actor"]["role"] == "front_desk"
    assert "recorded written consent to proxy access" in recorded[0]["description"]
    told = emails_to(mailbox, patient["email"])
    assert [m["subject"] for m in told[:2]] == [f"Access to your {PRACTICE} portal record changed",
                                               f"Someone asked for access to your {PRACTICE} portal record"]


def test_a_request_is_withdrawn_by_revoking_it_and_cannot_be_asked_twice(api):
    patient = make_patient_account(api, given="Adult", family="Twice")
    helper = make_patient_account(api, given="Double", family="Helper")
    granted = _request(api, patient["patient_id"], helper["email"])
    twice = api.post(f"/patients/{patient['patient_id']}/proxies", {"grantee_email": helper["email"],
                                                                    "scope": "limited"}, as_user="front_desk")
    assert twice.status == 409 and twice.error["field"] == "grantee_email"
    assert api.delete(f"/patients/{patient['patient_id']}/proxies/{granted['grantee_id']}",
                      as_user="front_desk").status == 200
    res = api.post(f"/patients/{patient['patient_id']}/proxies/{granted['grantee_id']}/consent",
                   {"decision": "approve"}, as_user=patient["email"])
    assert res.status == 409
    _reads_nothing(api, helper["email"], patient["patient_id"])


def test_a_proxy_cannot_approve_another_request_for_the_patient(api):
    patient = make_patient_account(api, given="Adult", family="Guarded")
    first = make_patient_account(api, given="First", family="Helper")
    second = make_patient_account(api, given="Second", family="Helper")
    from tests.helpers import grant_proxy

    grant_proxy(api, patient["patient_id"], first["email"], "full")
    asked = _request(api, patient["patient_id"], second["email"])
    res = api.post(f"/patients/{patient['patient_id']}/proxies/{asked['grantee_id']}/consent",
                   {"decision": "approve"}, as_user=first["email"])
    assert res.status == 403
    _reads_nothing(api, second["email"], patient["patient_id"])
    home = api.get(f"/patients/{patient['patient_id']}/home", as_user=first["email"]).json
    assert not [i for i in home["attention"] if i["kind"] == "proxy-request"]  # the patient's to answer


def test_a_minors_parent_needs_no_consent(api):
    child = make_patient(api, given="Small", family="Child", birth_date=clock.today().replace(
        year=clock.today().year - 6).isoformat())
    parent = make_patient_account(api, given="Parent", family="Child")
    granted = _request(api, child["patient_id"], parent["email"])
    assert granted["status"] == "active" and granted["consent"] == "guardian" and granted["age_band"] == "child"
    assert api.get(f"/patients/{child['patient_id']}/health", as_user=parent["email"]).status == 200


def test_answering_and_recording_consent_stay_within_a_call_budget(api, ddb_calls):
    patient = make_patient_account(api, given="Budget", family="Consent")
    first = make_patient_account(api, given="Budget", family="One")
    second = make_patient_account(api, given="Budget", family="Two")
    asked = [_request(api, patient["patient_id"], p["email"]) for p in (first, second)]
    api.token(patient["email"])
    api.token("front_desk")
    with ddb_calls() as calls:
        res = api.post(f"/patients/{patient['patient_id']}/proxies/{asked[0]['grantee_id']}/consent",
                       {"decision": "approve"}, as_user=patient["email"])
    assert res.status == 200 and "Scan" not in calls
    assert len(calls) <= 9, calls  # user, grant, grantee, update, audit, patient, two notices logged
    with ddb_calls() as calls:
        res = api.post(f"/patients/{patient['patient_id']}/proxies/{asked[1]['grantee_id']}/written-consent",
                       {"signed_on": clock.today().isoformat(), "reference": "Binder"}, as_user="front_desk")
    assert res.status == 200 and "Scan" not in calls
    assert len(calls) <= 9, calls
