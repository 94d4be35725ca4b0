"""Visit summaries: visible at once (Cures Act); a provider may hold one, and the patient
then sees it as pending; the holds report shows every hold."""
from __future__ import annotations

import pytest

import requests

from devserver import samples
from tests.test_documents import register, start, upload

pytestmark = pytest.mark.clock  # run again under another TZ in CI

SUMMARY = {"visit_date": "2026-01-15", "reason": "Knee pain after running",
           "assessment": "Patellofemoral pain syndrome", "instructions": "Ice after runs; physical therapy.",
           "follow_up": "Return in 6 weeks if not better"}


def test_a_new_summary_is_visible_to_the_patient_at_once_and_they_are_told(api, demo, mailbox):
    pid = demo["alex"]
    sent_before = {m["id"] for m in mailbox.messages()}
    created = api.post(f"/patients/{pid}/visit-summaries", SUMMARY, as_user="nurse")
    assert created.status == 201, created
    sid = created.json["summary_id"]
    assert created.json["provider_name"] == "Nina Patel, RN" and created.json["status"] == "available"

    listed = api.get(f"/patients/{pid}/visit-summaries", as_user="alex").json["items"]
    assert listed[0]["summary_id"] == sid and listed[0]["assessment"] == "Patellofemoral pain syndrome"
    new = [m for m in mailbox.messages() if m["id"] not in sent_before]
    assert "alex.morgan@example.org" in {m["to"] for m in new}
    assert not any("knee" in (m["subject"] + m["body_text"]).lower() for m in new)

    home = api.get(f"/patients/{pid}/home", as_user="alex").json
    assert f"visit-summary:{sid}" in {i["id"] for i in home["attention"]}
    assert api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user="alex").json["reason"] == SUMMARY["reason"]
    home = api.get(f"/patients/{pid}/home", as_user="alex").json
    assert f"visit-summary:{sid}" not in {i["id"] for i in home["attention"]}


def test_a_held_summary_shows_as_pending_and_in_the_holds_report(api, demo, mailbox):
    pid = demo["jordan"]
    sent_before = {m["id"] for m in mailbox.messages()}
    held = api.post(f"/patients/{pid}/visit-summaries",
                    {**SUMMARY, "hold_reason": "Biopsy result to be discussed by phone first"}, as_user="provider")
    assert held.status == 201, held
    sid = held.json["summary_id"]
    assert {m["id"] for m in mailbox.messages()} == sent_before  # nothing to tell yet

    seen = api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user="jordan").json
    assert seen["status"] == "pending" and seen["message"]
    assert not {"assessment", "reason", "instructions", "hold_reason"} & set(seen)
    listed = next(s for s in api.get(f"/patients/{pid}/visit-summaries", as_user="jordan").json["items"]
                  if s["summary_id"] == sid)
    assert listed["status"] == "pending" and "assessment" not in listed
    assert api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user="nurse").json["assessment"]

    report = api.get("/reports/holds?limit=100", as_user="admin")
    assert report.status == 200, report
    row = next(r for r in report.json["items"] if r["resource_id"] == sid)
    assert row["reason"] == "Biopsy result to be discussed by phone first"
    assert row["held_by_name"] == "Dr. Wei Chen" and row["state"] == "held" and row["released_at"] is None
    assert row["patient"]["family_name"] == "Morgan"

    assert api.post(f"/patients/{pid}/visit-summaries/{sid}/release", {}, as_user="nurse").status == 403
    released = api.post(f"/patients/{pid}/visit-summaries/{sid}/release", {}, as_user="provider")
    assert released.status == 200, released
    seen = api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user="jordan").json
    assert seen["status"] == "available" and seen["assessment"] == SUMMARY["assessment"]
    row = next(r for r in api.get("/reports/holds?limit=100", as_user="admin").json["items"]
               if r["resource_id"] == sid)
    assert row["state"] == "released" and row["released_by_name"] == "Dr. Wei Chen" and row["released_at"]
    assert "jordan.morgan@example.org" in {m["to"] for m in mailbox.messages() if m["id"] not in sent_before}
    assert api.post(f"/patients/{pid}/visit-summaries/{sid}/release", {}, as_user="provider").status == 409


def test_only_providers_hold_and_nothing_is_written_otherwise(api, demo):
    pid = demo["jordan"]
    before = len(api.get(f"/patients/{pid}/visit-summaries?limit=100", as_user="nurse").json["items"])
    res = api.post(f"/patients/{pid}/visit-summaries", {**SUMMARY, "hold_reason": "Wait"}, as_user="nurse")
    assert res.status == 403
    assert len(api.get(f"/patients/{pid}/visit-summaries?limit=100", as_user="nurse").json["items"]) == before


def test_summary_input_is_checked(api, demo):
    pid = demo["jordan"]
    future = api.post(f"/patients/{pid}/visit-summaries", {**SUMMARY, "visit_date": "2999-01-01"}, as_user="provider")
    assert future.status == 422 and future.error["field"] == "visit_date"
    empty = api.post(f"/patients/{pid}/visit-summaries", {"visit_date": "2025-01-01"}, as_user="provider")
    assert empty.status == 422
    assert api.post(f"/patients/{pid}/visit-summaries", {"reason": "x"}, as_user="provider").error["field"] == \
        "visit_date"
    assert api.get("/reports/holds?year=26", as_user="admin").error["field"] == "year"


def test_seeded_priya_has_a_held_summary_she_sees_as_pending(api, demo):
    from devserver.seed_health import VISITS

    items = api.get(f"/patients/{demo['priya']}/visit-summaries?limit=100", as_user="priya").json["items"]
    seeded = [v for v in VISITS if v[0] == "priya"]
    by_chen = [s for s in items if s["provider_name"] == "Dr. Wei Chen"]
    assert len(by_chen) >= len(seeded) == 3
    held = [s for s in by_chen if s["status"] == "pending"]
    assert held and not {"assessment", "reason"} & set(held[0])


def test_pdf_attachments_follow_their_summary(api, demo):
    pid = demo["alex"]
    held = api.post(f"/patients/{pid}/visit-summaries", {**SUMMARY, "hold_reason": "Discuss first"},
                    as_user="provider").json
    sid = held["summary_id"]
    not_pdf = api.post(f"/patients/{pid}/documents/uploads", {
        "category": "other", "content_type": "image/png", "filename": "x.png", "visit_summary_id": sid},
        as_user="provider")
    assert not_pdf.status == 422 and not_pdf.error["field"] == "content_type"
    intent = start(api, pid, "provider", category="other", filename="Exercises.pdf", visit_summary_id=sid)
    upload(intent, samples.pdf("Knee exercises"))
    assert register(api, pid, "provider", intent["key"]).status == 201
    staff_view = api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user="provider").json
    assert [a["title"] for a in staff_view["attachments"]] == ["Exercises.pdf"]
    doc = intent["document_id"]
    assert api.get(f"/patients/{pid}/documents/{doc}/download", as_user="alex").status == 404

    api.post(f"/patients/{pid}/visit-summaries/{sid}/release", {}, as_user="provider")
    seen = api.get(f"/patients/{pid}/visit-summaries/{sid}", as_user="alex").json
    assert seen["attachments"][0]["document_id"] == doc
    link = api.get(f"/patients/{pid}/documents/{doc}/download", as_user="alex")
    assert link.status == 200 and requests.get(link.json["url"], timeout=30).content.startswith(b"%PDF")
