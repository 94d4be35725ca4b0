"""A hold covers everything linked to the held item (security review, finding 1), and
only the provider who placed it, or a provider who administers the practice, lifts it
(finding 10)."""
from __future__ import annotations

import pytest

from devserver import samples
from tests.helpers import unique_email
from tests.test_documents import register, start, upload
from tests.test_visit_summaries import SUMMARY
from tests.export_helpers import bundle as export_bundle


def staff_user(roles: set[str]) -> str:
    """A fresh staff account; returns its email (usable as `as_user`)."""
    from chalicelib.services import accounts

    email = unique_email("staff")
    accounts.create_account(email, "Correct-Horse-2026!", "Dr. Test Colleague", roles)
    return email


def token(api, email: str) -> str:
    return api.token(email, password="Correct-Horse-2026!")


@pytest.fixture
def held_with_attachment(api, demo):
    pid = demo["alex"]
    sid = api.post(f"/patients/{pid}/visit-summaries", {**SUMMARY, "hold_reason": "Discuss by phone first"},
                   as_user="provider").json["summary_id"]
    intent = start(api, pid, "provider", category="other", filename="Biopsy.pdf", visit_summary_id=sid)
    upload(intent, samples.pdf("Biopsy letter"))
    assert register(api, pid, "provider", intent["key"]).status == 201
    return pid, sid, intent["document_id"]


def test_a_nurse_cannot_share_a_held_summarys_attachment(api, held_with_attachment, mailbox):
    pid, sid, doc = held_with_attachment
    sent_before = {m["id"] for m in mailbox.messages()}
    for who in ("nurse", "provider"):
        res = api.post(f"/patients/{pid}/documents/{doc}/share", {}, as_user=who)
        assert res.status == 409, res
        assert "hold" in res.error["message"]
    assert api.get(f"/patients/{pid}/documents/{doc}/download", as_user="alex").status == 404
    assert doc not in {d["document_id"] for d in api.get(f"/patients/{pid}/documents?limit=100",
                                                         as_user="alex").json["items"]}
    home = api.get(f"/patients/{pid}/home", as_user="alex").json
    assert doc not in {a["resource_id"] for a in home["attention"]}
    assert {m["id"] for m in mailbox.messages()} == sent_before  # nobody was told anything
    bundle = export_bundle(api, pid, as_user="alex")
    ids = {e["resource"]["id"] for e in bundle["entry"]}
    assert doc not in ids and sid not in ids


def test_an_attachment_shared_before_the_fix_stays_hidden_while_its_summary_is_held(api, held_with_attachment):
    """Items flagged shared by the old bug: the summary's hold still wins everywhere."""
    from chalicelib.models.document import Document

    pid, sid, doc = held_with_attachment
    Document(pid, doc).update(actions=[Document.shared_with_patient.set(True)])
    assert api.get(f"/patients/{pid}/documents/{doc}/download", as_user="alex").status == 404
    bundle = export_bundle(api, pid, as_user="alex")
    assert doc not in {e["resource"]["id"] for e in bundle["entry"]}


def test_releasing_the_summary_shares_its_attachments(api, held_with_attachment):
    pid, sid, doc = held_with_attachment
    assert api.post(f"/patients/{pid}/visit-summaries/{sid}/release", {}, as_user="provider").status == 200
    assert api.get(f"/patients/{pid}/documents/{doc}/download", as_user="alex").status == 200


def test_only_the_holding_provider_or_an_admin_provider_lifts_a_hold(api, held_with_attachment):
    pid, sid, doc = held_with_attachment
    release = f"/patients/{pid}/visit-summaries/{sid}/release"
    colleague = staff_user({"provider"})
    refused = api.post(release, {}, token=token(api, colleague))
    assert refused.status == 403 and "provider who placed" in refused.error["message"]
    for who in ("nurse", "admin", "front_desk"):
        assert api.post(release, {}, as_user=who).status == 403, who
    assert api.get(f"/patients/{pid}/documents/{doc}/download", as_user="alex").status == 404

    medical_director = staff_user({"provider", "admin"})
    lifted = api.post(release, {}, token=token(api, medical_director))
    assert lifted.status == 200, lifted
    assert lifted.json["released_by_name"] == "Dr. Test Colleague"
