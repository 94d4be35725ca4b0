"""Written consent with the scanned form (issue 9, item 4): the front desk uploads the
patient's signed form through the document flow (registered, checked, immutable) and
links it to the grant, which starts; and the admin sets the young patients' rules
(minimum account age, parents' access from 12) on the practice settings, audited."""
from __future__ import annotations

from chalicelib import clock
from tests.helpers import DEMO_PASSWORD, make_patient, unique_email
from tests.helpers import make_patient_account as _make_account
from tests.test_documents import register, start, upload

PDF = b"%PDF-1.4\n% signed proxy consent form\n" + b"0" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def make_patient_account(api, **kw) -> dict:
    return _make_account(api, password=DEMO_PASSWORD, **kw)


def _request(api, patient_id: str, grantee_email: str) -> dict:
    res = api.post(f"/patients/{patient_id}/proxies", {"grantee_email": grantee_email, "scope": "full"},
                   as_user="front_desk")
    assert res.status == 201 and res.json["status"] == "pending", res
    return res.json


def _scan(api, patient_id: str, category: str = "proxy_consent", who: str = "front_desk") -> str:
    """The scanned form, uploaded and registered as the front desk does from the chart."""
    intent = start(api, patient_id, who, category=category, filename="consent-signed.pdf")
    upload(intent, PDF)
    res = register(api, patient_id, who, intent["key"])
    assert res.status == 201, res
    return res.json["document_id"]


def _documents(api, patient_id: str, who: str = "front_desk") -> dict:
    return {d["document_id"]: d for d in api.get(f"/patients/{patient_id}/documents?limit=100",
                                                 as_user=who).json["items"]}


def _still_pending(api, patient_id: str, helper: dict) -> None:
    grants = api.get(f"/patients/{patient_id}/proxies", as_user="front_desk").json["items"]
    assert [g["status"] for g in grants] == ["pending"] and grants[0]["consent_document_id"] is None
    assert api.get(f"/patients/{patient_id}/health", as_user=helper["email"]).status == 404


def test_the_front_desk_records_consent_with_the_scanned_form_which_the_chart_and_patient_see(api):
    patient = make_patient_account(api, given="Scanned", family="Consenter")
    helper = make_patient_account(api, given="Scanned", family="Helper")
    granted = _request(api, patient["patient_id"], helper["email"])
    form = _scan(api, patient["patient_id"])
    assert _documents(api, patient["patient_id"])[form]["shared_with_patient"] is False  # until it is linked
    assert form not in _documents(api, patient["patient_id"], patient["email"])

    res = api.post(f"/patients/{patient['patient_id']}/proxies/{granted['grantee_id']}/written-consent",
                   {"signed_on": clock.today().isoformat(), "document_id": form}, as_user="front_desk")
    assert res.status == 200, res
    assert res.json["status"] == "active" and res.json["consent"] == "written"
    assert res.json["consent_document_id"] == form and res.json["consent_reference"] is None
    assert api.get(f"/patients/{patient['patient_id']}/health", as_user=helper["email"]).status == 200

    # The chart: the grant names its form, which is among the patient's documents as a
    # proxy consent form, shared with the patient, who (and only then) sees and opens it.
    listed = api.get(f"/patients/{patient['patient_id']}/proxies", as_user="front_desk").json["items"]
    assert listed[0]["consent_document_id"] == form
    doc = _documents(api, patient["patient_id"])[form]
    assert doc["category"] == "proxy_consent" and doc["shared_with_patient"] is True
    assert form in _documents(api, patient["patient_id"], patient["email"])
    assert api.get(f"/patients/{patient['patient_id']}/documents/{form}/download",
                   as_user=patient["email"]).status == 200
    mine = api.get(f"/patients/{patient['patient_id']}/proxies", as_user=patient["email"]).json["items"]
    assert mine[0]["consent_document_id"] == form

    # The audit trail (and the patient's access log) says who recorded it and attached the scan.
    events = api.get(f"/audit?patient_id={patient['patient_id']}", as_user="admin").json["items"]
    attached = [e for e in events if e["action"] == "attach"]
    assert len(attached) == 1 and attached[0]["resource_id"] == form and attached[0]["actor"]["role"] == "front_desk"
    assert "attached the scanned consent form to proxy access" in attached[0]["description"]
    assert [e for e in events if e["action"] == "record-consent"]

    # The record export carries it like any document the patient sees.
    from chalicelib.fhir import documents as fhir_documents

    assert "Proxy consent form" in fhir_documents.CATEGORY_LABELS.values()


def test_the_scan_must_be_this_patients_registered_consent_form_and_nothing_is_half_written(api):
    patient = make_patient(api, given="Checked", family="Consenter", email=unique_email("checked"))
    other = make_patient(api, given="Other", family="Consenter", email=unique_email("other"))
    helper = make_patient_account(api, given="Checked", family="Helper")
    granted = _request(api, patient["patient_id"], helper["email"])
    path = f"/patients/{patient['patient_id']}/proxies/{granted['grantee_id']}/written-consent"
    today = clock.today().isoformat()

    def refused(document_id: str, status: int = 422) -> None:
        res = api.post(path, {"signed_on": today, "document_id": document_id}, as_user="front_desk")
        assert res.status == status and res.error["field"] == "document_id", res
        _still_pending(api, patient["patient_id"], helper)

    refused(_scan(api, other["patient_id"]))  # another patient's form
    unregistered = start(api, patient["patient_id"], "front_desk", category="proxy_consent")
    refused(unregistered["document_id"])  # an upload that never finished
    refused(_scan(api, patient["patient_id"], category="insurance_card"))  # not a consent form
    removed = _scan(api, patient["patient_id"])
    assert api.delete(f"/patients/{patient['patient_id']}/documents/{removed}", as_user="front_desk").status == 200
    refused(removed)
    refused("../../etc", status=400)
    form = _scan(api, patient["patient_id"])
    # Schema first, form second: a bad date links nothing and shares nothing.
    res = api.post(path, {"signed_on": "2099-01-01", "document_id": form}, as_user="front_desk")
    assert res.status == 400 and res.error["field"] == "signed_on"
    _still_pending(api, patient["patient_id"], helper)
    assert _documents(api, patient["patient_id"])[form]["shared_with_patient"] is False
    # The admin records consent (by reference), but reaches no patient documents to attach.
    res = api.post(path, {"signed_on": today, "document_id": form}, as_user="admin")
    assert res.status == 403 and res.error["field"] == "document_id"
    for who in ("nurse", "billing", "provider"):
        assert api.post(path, {"signed_on": today, "document_id": form}, as_user=who).status == 403, who
    assert api.post(path, {"signed_on": today, "document_id": form}, as_user=helper["email"]).status == 404
    _still_pending(api, patient["patient_id"], helper)

    assert api.post(path, {"signed_on": today, "document_id": form}, as_user="front_desk").status == 200
    again = api.post(path, {"signed_on": today, "document_id": form}, as_user="front_desk")
    assert again.status == 409


def test_recording_consent_with_the_scan_stays_within_a_call_budget(api, ddb_calls):
    patient = make_patient(api, given="Budget", family="Scan", email=unique_email("budget"))
    helper = make_patient_account(api, given="Budget", family="Scanhelper")
    granted = _request(api, patient["patient_id"], helper["email"])
    form = _scan(api, patient["patient_id"])
    api.token("front_desk")
    with ddb_calls() as calls:
        res = api.post(f"/patients/{patient['patient_id']}/proxies/{granted['grantee_id']}/written-consent",
                       {"signed_on": clock.today().isoformat(), "document_id": form}, as_user="front_desk")
    assert res.status == 200 and "Scan" not in calls
    # user, document, grant, one transaction (grant + form), the home card cleared, audit (both
    # events in one transaction), grantee, patient, two notices logged
    assert len(calls) <= 10, calls


# ---- the admin's young patients' rules --------------------------------------------------


def test_only_the_admin_changes_the_minimum_account_age_within_bounds_and_it_is_audited(api):
    assert api.get("/practice").json["min_account_age"] == 13
    for who in ("front_desk", "provider", "nurse", "billing"):
        assert api.patch("/practice", {"min_account_age": 15}, as_user=who).status == 403, who
    for bad in (11, 19, "14", 13.5, None):
        res = api.patch("/practice", {"min_account_age": bad}, as_user="admin")
        assert res.status == 400 and res.error["field"] == "min_account_age", (bad, res)
    res = api.patch("/practice", {"teen_proxy_access": "partly"}, as_user="admin")
    assert res.status == 400 and res.error["field"] == "teen_proxy_access"
    assert api.get("/practice").json["min_account_age"] == 13  # nothing written

    born = clock.today().replace(year=clock.today().year - 14).isoformat()
    fourteen = make_patient(api, given="Fourteen", family="Young", birth_date=born, email=unique_email("fourteen"))
    try:
        res = api.patch("/practice", {"min_account_age": 15}, as_user="admin")
        assert res.status == 200 and res.json["min_account_age"] == 15
        refused = api.post(f"/patients/{fourteen['patient_id']}/invitation", as_user="front_desk")
        assert refused.status == 422 and refused.error["code"] == "too_young"
        assert "under 15" in refused.error["message"]
    finally:
        assert api.patch("/practice", {"min_account_age": 13}, as_user="admin").status == 200
    assert api.post(f"/patients/{fourteen['patient_id']}/invitation", as_user="front_desk").status == 200

    events = api.get("/audit?patient_id=practice-settings&limit=5", as_user="admin").json["items"]
    assert [e["resource_id"] for e in events[:2]] == ["min_account_age", "min_account_age"]
    assert events[0]["actor"]["role"] == "admin"
    assert events[0]["description"].endswith("changed practice settings: minimum age for a portal account")
    assert api.get("/audit?patient_id=practice-settings", as_user="front_desk").status == 403


def test_the_teen_level_the_admin_sets_is_what_a_parents_grant_gives(api):
    born = clock.today().replace(year=clock.today().year - 14).isoformat()
    teen = make_patient(api, given="Banded", family="Teen", birth_date=born, email=unique_email("banded"))
    parent = make_patient_account(api, given="Banded", family="Parent")
    res = api.post(f"/patients/{teen['patient_id']}/proxies", {"grantee_email": parent["email"], "scope": "full"},
                   as_user="front_desk")
    assert res.status == 201 and res.json["scope_now"] == "limited"
    try:
        assert api.patch("/practice", {"teen_proxy_access": "full"}, as_user="admin").status == 200
        assert api.get(f"/patients/{teen['patient_id']}/health", as_user=parent["email"]).status == 200
    finally:
        assert api.patch("/practice", {"teen_proxy_access": "limited"}, as_user="admin").status == 200
    assert api.get(f"/patients/{teen['patient_id']}/health", as_user=parent["email"]).status in (403, 404)
