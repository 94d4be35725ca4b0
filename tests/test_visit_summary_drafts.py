"""Visit summaries that fit a clinician's day: drafts the patient does not see, publish,
amendments with a reason (versions kept, exported), personal templates, a summary
started from a visit."""
from __future__ import annotations

import base64

import pytest

from tests.helpers import make_patient_account

pytestmark = pytest.mark.clock

NOTE = {"visit_date": "2026-11-20", "reason": "Sprained left ankle", "assessment": "Grade 1 sprain",
        "instructions": "Rest, ice, compression, elevation for 3 days."}


@pytest.fixture
def patient(api):
    return make_patient_account(api, given="Drew", family="Summers")


def test_a_draft_is_invisible_to_the_patient_until_published(api, mailbox, patient):
    pid, me = patient["patient_id"], patient["email"]
    api.token(me, patient["password"])
    sent_before = {m["id"] for m in mailbox.messages()}
    draft = api.post(f"/patients/{pid}/visit-summaries", {**NOTE, "draft": True}, as_user="provider")
    assert draft.status == 201 and draft.json["status"] == "draft" and draft.json["published_at"] is None
    sid = draft.json["summary_id"]
    assert api.get(f"/patients/{pid}/visit-summaries", as_user=me).json["items"] == []
    assert api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user=me).status == 404
    assert not [m for m in mailbox.messages() if m["id"] not in sent_before]
    assert f"visit-summary:{sid}" not in {i["id"] for i in api.get(f"/patients/{pid}/home", as_user=me).json["attention"]}

    # read back and edited by a clinician while a draft
    assert api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user="nurse").json["reason"] == NOTE["reason"]
    edited = api.patch(f"/patients/{pid}/visit-summaries/{sid}", {"follow_up": "Return if not better in 2 weeks",
                                                                 "reason": ""}, as_user="provider")
    assert edited.status == 200, edited
    assert edited.json["follow_up"].startswith("Return") and edited.json["reason"] is None

    published = api.post(f"/patients/{pid}/visit-summaries/{sid}/publish", {}, as_user="provider")
    assert published.status == 200 and published.json["status"] == "available" and published.json["published_at"]
    seen = api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user=me).json
    assert seen["assessment"] == NOTE["assessment"] and seen["amended_at"] is None
    new = [m for m in mailbox.messages() if m["id"] not in sent_before]
    assert me in {m["to"] for m in new} and not any("ankle" in (m["subject"] + m["body_text"]).lower() for m in new)
    # published: edited no more, published no more
    assert api.patch(f"/patients/{pid}/visit-summaries/{sid}", {"assessment": "x"}, as_user="provider").status == 409
    assert api.post(f"/patients/{pid}/visit-summaries/{sid}/publish", {}, as_user="provider").status == 409


def test_an_amendment_keeps_the_earlier_version_and_the_patient_sees_it_was_amended(api, mailbox, patient):
    pid, me = patient["patient_id"], patient["email"]
    api.token(me, patient["password"])
    sid = api.post(f"/patients/{pid}/visit-summaries", NOTE, as_user="provider").json["summary_id"]
    no_reason = api.post(f"/patients/{pid}/visit-summaries/{sid}/amend", {"assessment": "Grade 2"}, as_user="provider")
    assert no_reason.status == 400 and no_reason.error["field"] == "amend_reason"
    unchanged = api.post(f"/patients/{pid}/visit-summaries/{sid}/amend",
                         {"amend_reason": "typo", "assessment": NOTE["assessment"]}, as_user="provider")
    assert unchanged.status == 422
    sent_before = {m["id"] for m in mailbox.messages()}
    amended = api.post(f"/patients/{pid}/visit-summaries/{sid}/amend",
                       {"amend_reason": "X-ray read by radiology", "assessment": "Grade 2 sprain"}, as_user="provider")
    assert amended.status == 200, amended
    staff = amended.json
    assert staff["assessment"] == "Grade 2 sprain" and staff["amend_reason"] == "X-ray read by radiology"
    assert [v["assessment"] for v in staff["versions"]] == ["Grade 1 sprain"]
    assert staff["versions"][0]["replaced_because"] == "X-ray read by radiology"

    home = api.get(f"/patients/{pid}/home", as_user=me).json
    assert f"visit-summary:{sid}" in {i["id"] for i in home["attention"]}
    seen = api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user=me).json
    assert seen["assessment"] == "Grade 2 sprain" and seen["amended_at"] and "versions" not in seen
    new = [m for m in mailbox.messages() if m["id"] not in sent_before]
    assert me in {m["to"] for m in new} and not any("sprain" in (m["subject"] + m["body_text"]).lower() for m in new)

    from tests.export_helpers import bundle as export_bundle

    bundle = export_bundle(api, pid, as_user=me)
    texts = {e["resource"]["id"]: (e["resource"].get("status"),
                                   base64.b64decode(e["resource"]["content"][0]["attachment"]["data"]).decode())
             for e in bundle["entry"] if e["resource"]["resourceType"] == "DocumentReference"}
    assert "Grade 2 sprain" in texts[f"{sid}-summary"][1] and "Grade 1 sprain" in texts[f"{sid}-summary"][1]
    assert texts[f"{sid}-summary-v1"][0] == "superseded" and "Grade 1 sprain" in texts[f"{sid}-summary-v1"][1]
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)


def test_a_draft_cannot_be_amended_and_only_clinicians_write(api, patient):
    pid = patient["patient_id"]
    sid = api.post(f"/patients/{pid}/visit-summaries", {**NOTE, "draft": True}, as_user="nurse").json["summary_id"]
    assert api.post(f"/patients/{pid}/visit-summaries/{sid}/amend", {"amend_reason": "x", "assessment": "y"},
                    as_user="provider").status == 409
    for who in ("front_desk", "billing", "admin"):
        assert api.patch(f"/patients/{pid}/visit-summaries/{sid}", {"assessment": "y"}, as_user=who).status == 403
        assert api.post(f"/patients/{pid}/visit-summaries/{sid}/publish", {}, as_user=who).status == 403
    # emptied of every part: refused, nothing written
    emptied = api.patch(f"/patients/{pid}/visit-summaries/{sid}",
                        {"reason": "", "assessment": "", "instructions": ""}, as_user="nurse")
    assert emptied.status == 422
    assert api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user="nurse").json["assessment"] == NOTE["assessment"]


def test_publishing_a_draft_with_a_hold_keeps_it_pending_and_in_the_holds_report(api, mailbox, patient):
    pid, me = patient["patient_id"], patient["email"]
    sid = api.post(f"/patients/{pid}/visit-summaries", {**NOTE, "draft": True}, as_user="provider").json["summary_id"]
    assert api.post(f"/patients/{pid}/visit-summaries/{sid}/publish", {"hold_reason": "Call first"},
                    as_user="nurse").status == 403
    sent_before = {m["id"] for m in mailbox.messages()}
    held = api.post(f"/patients/{pid}/visit-summaries/{sid}/publish", {"hold_reason": "Call first"}, as_user="provider")
    assert held.status == 200 and held.json["status"] == "pending"
    assert not [m for m in mailbox.messages() if m["id"] not in sent_before and m["to"] == me]
    api.token(me, patient["password"])
    seen = api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user=me)
    assert seen.json["status"] == "pending" and "assessment" not in seen.json
    report = api.get("/reports/holds?limit=100", as_user="admin").json["items"]
    assert sid in {r["resource_id"] for r in report}
    assert api.post(f"/patients/{pid}/visit-summaries/{sid}/release", {}, as_user="provider").status == 200
    assert api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user=me).json["status"] == "available"


def test_a_summary_started_from_a_visit_is_linked_to_it(api, demo):
    from chalicelib.models.appointment import Appointment

    pid = demo["alex"]
    past = api.get(f"/patients/{pid}/appointments?when=past", as_user="provider").json["items"]
    visit = next(a for a in past if a["status"] == "fulfilled")
    made = api.post(f"/patients/{pid}/visit-summaries",
                    {**NOTE, "visit_date": visit["date"], "appointment_id": visit["appointment_id"], "draft": True},
                    as_user="provider")
    assert made.status == 201 and made.json["appointment_id"] == visit["appointment_id"]
    assert Appointment.get(pid, visit["appointment_id"]).summary_id == made.json["summary_id"]
    other = api.post(f"/patients/{demo['priya']}/visit-summaries",
                     {**NOTE, "appointment_id": visit["appointment_id"]}, as_user="provider")
    assert other.status == 422 and other.error["field"] == "appointment_id"


def test_templates_are_each_clinicians_own(api):
    made = api.post("/me/summary-templates", {"name": "Ankle sprain", "instructions": "RICE for 3 days"},
                    as_user="provider")
    assert made.status == 201, made
    tid = made.json["template_id"]
    assert tid in {t["template_id"] for t in api.get("/me/summary-templates", as_user="provider").json["items"]}
    assert tid not in {t["template_id"] for t in api.get("/me/summary-templates", as_user="nurse").json["items"]}
    assert api.patch(f"/me/summary-templates/{tid}", {"name": "Mine now"}, as_user="nurse").status == 404
    assert api.delete(f"/me/summary-templates/{tid}", as_user="nurse").status == 404
    edited = api.patch(f"/me/summary-templates/{tid}", {"assessment": "Ankle sprain, grade 1"}, as_user="provider")
    assert edited.status == 200 and edited.json["assessment"] == "Ankle sprain, grade 1"
    assert api.post("/me/summary-templates", {"name": "Empty"}, as_user="provider").status == 422
    assert api.get("/me/summary-templates", as_user="front_desk").status == 403
    assert api.delete(f"/me/summary-templates/{tid}", as_user="provider").status == 200
    assert tid not in {t["template_id"] for t in api.get("/me/summary-templates", as_user="provider").json["items"]}
