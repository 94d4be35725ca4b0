"""Review by email: the ordering clinician gets "N results to review (ref R-...)" and
replies "reviewed" or "comment: ..." through the shared inbound router (production path:
SES -> S3 -> SNS -> router -> the "results" workflow)."""
from __future__ import annotations

import pytest

from devserver.inbound import deliver, reply_mime
from tests.helpers import make_patient_account
from tests.results_helpers import ack_fields, message, post_hl7

CHEN = "dr.chen@example.org"


@pytest.fixture
def digest(api, demo, mailbox):
    """Eve's new lipid panel and the digest email Dr. Chen got about it."""
    eve = make_patient_account(api, given="Eve", family="Everywoman", birth_date="1980-01-15")
    before = {m["id"] for m in mailbox.messages()}
    assert ack_fields(post_hl7(api, message("quest_lipid_231.hl7", eve), demo["lab_credential"]))["code"] == "AA"
    [mail] = [m for m in mailbox.messages() if m["id"] not in before and m["to"] == CHEN]
    report_id = api.get(f"/patients/{eve['patient_id']}/results", as_user="provider").json["items"][0]["report_id"]
    return {"eve": eve, "mail": mail, "report_id": report_id}


def send(digest, text: str, style: str = "gmail", sender: str = CHEN) -> str:
    mail = digest["mail"]
    raw = reply_mime(style, sender=sender, to=mail["reply_to"], subject=mail["subject"], text=text,
                     original_from=mail["from"], original_text=mail["body_text"])
    return deliver(raw)


def test_the_digest_names_no_patient_and_no_test(digest):
    mail = digest["mail"]
    assert mail["subject"].startswith("1 result to review (ref R-") and mail["reply_to"].startswith("results.")
    text = (mail["subject"] + mail["body_text"]).lower()
    assert "everywoman" not in text and "cholesterol" not in text and "lipid" not in text


def test_a_comment_by_reply_reaches_the_patient_clean(api, digest, mailbox):
    eve = digest["eve"]
    before = {m["id"] for m in mailbox.messages()}
    outcome = send(digest, "Comment: your cholesterol is a little high; we will recheck in the spring.\n\n"
                           "Thanks,\nWei\n\nSent from my iPhone", style="outlook")
    assert outcome == "done"
    token = api.token(eve["email"], eve["password"])
    seen = api.get(f"/patients/{eve['patient_id']}/results/{digest['report_id']}", token=token).json
    assert seen["comment"]["text"] == "your cholesterol is a little high; we will recheck in the spring."
    assert seen["comment"]["by"] == "Dr. Wei Chen"
    new = [m for m in mailbox.messages() if m["id"] not in before]
    assert any(m["to"] == eve["email"] and "commented on a test result" in m["subject"] for m in new)
    confirmation = next(m for m in new if m["to"] == CHEN)
    assert confirmation["subject"].startswith("Commented: results R-")
    assert "your cholesterol is a little high" in confirmation["body_text"]
    inbox = api.get("/results-inbox", as_user="provider").json["items"]
    assert digest["report_id"] not in {i["report_id"] for i in inbox}


def test_reviewed_by_reply_marks_the_listed_results(api, digest):
    assert send(digest, "Reviewed") == "done"
    report = api.get(f"/patients/{digest['eve']['patient_id']}/results/{digest['report_id']}", as_user="provider").json
    assert report["reviewed"] and report["comment"] is None


@pytest.mark.parametrize("text", ["comment", "approve", "reviewed?", "I will look later"])
def test_an_unclear_reply_changes_nothing(api, digest, text):
    assert send(digest, text) != "done"
    report = api.get(f"/patients/{digest['eve']['patient_id']}/results/{digest['report_id']}", as_user="provider").json
    assert not report["reviewed"]


def test_a_reply_from_someone_else_does_nothing(api, digest):
    assert send(digest, "reviewed", sender="nina.patel@example.org") != "done"
    report = api.get(f"/patients/{digest['eve']['patient_id']}/results/{digest['report_id']}", as_user="provider").json
    assert not report["reviewed"]


def test_one_message_with_three_orders_is_three_results_to_review(api, demo, mailbox):
    eve = make_patient_account(api, given="Eve", family="Everywoman", birth_date="1980-01-15")
    before = {m["id"] for m in mailbox.messages()}
    res = post_hl7(api, message("lri_three_orders_251.hl7", eve), demo["lab_credential"])
    assert ack_fields(res)["reason"] == "Filed 3 report(s)."
    [mail] = [m for m in mailbox.messages() if m["id"] not in before and m["to"] == CHEN]
    assert mail["subject"].startswith("3 results to review (ref R-")
    outcome = deliver(reply_mime("apple", sender=CHEN, to=mail["reply_to"], subject=mail["subject"], text="reviewed",
                                 original_from=mail["from"], original_text=mail["body_text"]))
    assert outcome == "done"
    items = api.get(f"/patients/{eve['patient_id']}/results", as_user="provider").json["items"]
    assert len(items) == 3 and all(i["reviewed"] for i in items)
