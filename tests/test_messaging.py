"""Secure messaging, the patient and staff sides through the API: topics and pools,
replies, read receipts, unread counts, internal notes, closing and reopening, proxies,
attachments, `about` links, notifications without the message text."""
from __future__ import annotations

import pytest

from tests.helpers import make_patient_account
from tests.messaging_helpers import caps, start


@pytest.fixture(scope="module", autouse=True)
def roomy(demo):
    with caps(max_open_threads=500, max_messages_per_day=500):
        yield


def test_topics_are_in_plain_words_with_what_to_expect(api):
    res = api.get("/message-topics", as_user="alex")
    assert res.status == 200, res
    labels = [t["label"] for t in res.json["topics"]]
    assert labels == ["Medical question", "Medication question", "Test result question",
                      "Appointment question", "Billing question", "Forms and letters"]
    assert "Not for emergencies: call 911 or (312) 555-0100" in res.json["expectations"]
    assert "one business day" in res.json["expectations"]
    notice = res.json["after_hours"]
    assert notice is None or notice.startswith("We are closed now; we will answer from ")


def test_a_medication_question_lands_in_the_nurses_pool_oldest_first(api, demo):
    first = start(api, "alex", demo["alex"], subject="First of two")
    second = start(api, "alex", demo["alex"], subject="Second of two")
    assert first["ref"].startswith("M-") and first["status"] == "open"
    inbox = api.get("/inbox?pool=nurses&status=waiting&limit=100", as_user="nurse")
    assert inbox.status == 200, inbox
    ids = [t["thread_id"] for t in inbox.json["items"]]
    assert ids.index(first["thread_id"]) < ids.index(second["thread_id"])
    item = next(t for t in inbox.json["items"] if t["thread_id"] == first["thread_id"])
    assert item["patient_name"] == "Alex Morgan" and item["topic_label"] == "Medication question"
    assert item["waiting_since"] and item["due_at"] > item["waiting_since"]
    assert first["thread_id"] not in [t["thread_id"] for t in api.get(
        "/inbox?pool=front-desk", as_user="front_desk").json["items"]]


def test_nurse_answers_patient_sees_unread_then_read_and_the_read_receipt(api, demo, mailbox):
    thread = start(api, "alex", demo["alex"], body="Can I take ibuprofen with lisinopril?")
    path = f"/patients/{demo['alex']}/messages/{thread['thread_id']}"
    before = api.get(path, as_user="alex").json
    mine = [m for m in before["messages"] if m["side"] == "patient"]
    assert mine[0]["read_by_care_team"] is False
    staff_view = api.get(path, as_user="nurse")
    assert staff_view.status == 200 and staff_view.json["patient"]["first_name"] == "Alex"
    res = api.post(path + "/replies", {"body": "Hi Alex, yes for a few days; call us if it lasts."},
                   as_user="nurse")
    assert res.status == 201, res
    listed = api.get(f"/patients/{demo['alex']}/messages", as_user="alex").json
    row = next(t for t in listed["items"] if t["thread_id"] == thread["thread_id"])
    assert row["unread"] == 1 and listed["unread"] >= 1
    home = api.get(f"/patients/{demo['alex']}/home", as_user="alex").json
    assert any(i["kind"] == "message-care" and i["resource_id"] == thread["thread_id"] for i in home["attention"])
    opened = api.get(path, as_user="alex").json
    assert [m["body"] for m in opened["messages"] if m["side"] == "staff"] == [
        "Hi Alex, yes for a few days; call us if it lasts."]
    assert [m for m in opened["messages"] if m["side"] == "patient"][0]["read_by_care_team"] is True
    row = next(t for t in api.get(f"/patients/{demo['alex']}/messages", as_user="alex").json["items"]
               if t["thread_id"] == thread["thread_id"])
    assert row["unread"] == 0
    home = api.get(f"/patients/{demo['alex']}/home", as_user="alex").json
    assert not any(i["resource_id"] == thread["thread_id"] for i in home["attention"])
    sent = [m for m in mailbox.messages() if m["to"] == "alex.morgan@example.org"
            and "new message" in m["subject"]]
    assert sent and sent[0]["subject"] == "You have a new message from Maple Street Family Practice"
    assert "ibuprofen" not in sent[0]["body_text"] and f"#/messages/{thread['thread_id']}" in sent[0]["body_text"]


def test_internal_notes_are_never_shown_to_the_patient(api, demo):
    thread = start(api, "alex", demo["alex"])
    path = f"/patients/{demo['alex']}/messages/{thread['thread_id']}"
    assert api.post(path + "/replies", {"body": "Checked the chart: on lisinopril 10 mg.", "internal": True},
                    as_user="nurse").status == 201
    assert api.post(path + "/replies", {"body": "note", "internal": True}, as_user="alex").status == 403
    staff = api.get(path, as_user="nurse").json["messages"]
    assert [m["kind"] for m in staff if m["kind"] != "auto"] == ["message", "note"]
    patient = api.get(path, as_user="alex").json["messages"]
    assert all(m["kind"] != "note" for m in patient)
    row = next(t for t in api.get(f"/patients/{demo['alex']}/messages", as_user="alex").json["items"]
               if t["thread_id"] == thread["thread_id"])
    assert row["unread"] == 0


def test_staff_of_another_pool_cannot_read_or_answer(api, demo):
    thread = start(api, "alex", demo["alex"])
    path = f"/patients/{demo['alex']}/messages/{thread['thread_id']}"
    assert api.get(path, as_user="billing").status == 403
    assert api.post(path + "/replies", {"body": "hello"}, as_user="front_desk").status == 403
    assert api.get("/inbox?pool=nurses", as_user="billing").status == 403
    assert api.get(path, as_user="priya").status == 404


def test_close_then_reopen_once_within_seven_days(api, demo):
    thread = start(api, "alex", demo["alex"])
    path = f"/patients/{demo['alex']}/messages/{thread['thread_id']}"
    closed = api.post(path + "/close", {"body": "Glad it helped, Alex."}, as_user="nurse")
    assert closed.status == 200 and closed.json["status"] == "closed", closed
    assert api.post(path + "/close", {}, as_user="nurse").status == 409
    assert api.post(path + "/replies", {"body": "more"}, as_user="nurse").status == 409
    assert api.get(path, as_user="alex").json["can_reopen"] is True
    assert api.post(path + "/replies", {"body": "One more thing"}, as_user="alex").status == 201
    assert api.get(path, as_user="alex").json["status"] == "open"
    assert api.post(path + "/close", {}, as_user="alex").status == 200
    again = api.post(path + "/replies", {"body": "And another"}, as_user="alex")
    assert again.status == 409 and again.error["code"] == "closed"
    closed_inbox = api.get("/inbox?pool=nurses&status=closed&limit=100", as_user="nurse").json["items"]
    assert thread["thread_id"] in [t["thread_id"] for t in closed_inbox]


def test_proxy_writes_as_themself_for_the_patient(api, demo):
    thread = start(api, "jordan", demo["sam"], topic="medical", subject="Rash", body="Sam has a rash on the arm.")
    messages = api.get(f"/patients/{demo['sam']}/messages/{thread['thread_id']}", as_user="nurse").json["messages"]
    assert messages[0]["author_name"] == "Jordan Morgan" and messages[0]["on_behalf_of"] == "Sam"
    assert api.get(f"/patients/{demo['sam']}/messages", as_user="alex").status == 404


def test_limited_proxy_writes_about_appointments_and_billing_only(api, demo):
    from tests.helpers import make_patient

    teen = make_patient(api, given="Riley", family="Limited", birth_date="2010-04-04")
    pid = teen["patient_id"]
    api.post(f"/patients/{pid}/proxies", {"grantee_email": "priya.shah@example.org", "scope": "limited"},
             as_user="front_desk")
    refused = api.post(f"/patients/{pid}/messages", {"topic": "medical", "subject": "x", "body": "y"},
                       as_user="priya")
    assert refused.status == 403 and refused.error["field"] == "topic"
    ok = start(api, "priya", pid, topic="appointment", subject="Moving a visit", body="Can we move it?")
    clinical = start(api, "nurse", pid, topic="medical", subject="From the nurse", body="Checking in.")
    listed = [t["thread_id"] for t in api.get(f"/patients/{pid}/messages", as_user="priya").json["items"]]
    assert listed == [ok["thread_id"]]
    assert api.get(f"/patients/{pid}/messages/{clinical['thread_id']}", as_user="priya").status == 404
    answered = api.post(f"/patients/{pid}/messages/{ok['thread_id']}/replies", {"body": "Yes, Tuesday works."},
                        as_user="front_desk")
    assert answered.status == 201, answered
    cards = {i["resource_id"] for i in api.get(f"/patients/{pid}/home", as_user="priya").json["attention"]}
    assert ok["thread_id"] in cards and clinical["thread_id"] not in cards  # not even a card for it


def test_bad_input_names_the_field(api, demo):
    base = f"/patients/{demo['alex']}/messages"
    assert api.post(base, {"topic": "gossip", "subject": "s", "body": "b"}, as_user="alex").error["field"] == "topic"
    assert api.post(base, {"topic": "medical", "subject": "s"}, as_user="alex").error["field"] == "body"
    long = api.post(base, {"topic": "medical", "subject": "s", "body": "x" * 4001}, as_user="alex")
    assert long.status == 400 and long.error["field"] == "body"
    about = api.post(base, {"topic": "medical", "subject": "s", "body": "b",
                            "about": {"type": "appointment", "id": "does-not-exist"}}, as_user="alex")
    assert about.status == 422 and about.error["field"] == "about"
    docs = api.post(base, {"topic": "medical", "subject": "s", "body": "b", "document_ids": ["nope-nope-nope"]},
                    as_user="alex")
    assert docs.status == 422 and docs.error["field"] == "document_ids.0"
    assert api.get("/inbox?status=lost", as_user="nurse").error["field"] == "status"


def test_caps_on_open_conversations_and_messages_per_day(api):
    person = make_patient_account(api, given="Capped", family="Writer")
    pid, email = person["patient_id"], person["email"]
    api.token(email, person["password"])
    with caps(max_open_threads=2, max_messages_per_day=3):
        start(api, email, pid)
        second = start(api, email, pid)
        third = api.post(f"/patients/{pid}/messages", {"topic": "medical", "subject": "s", "body": "b"},
                         as_user=email)
        assert third.status == 422 and third.error["code"] == "cap_reached"
        path = f"/patients/{pid}/messages/{second['thread_id']}/replies"
        assert api.post(path, {"body": "third today"}, as_user=email).status == 201
        over = api.post(path, {"body": "fourth today"}, as_user=email)
        assert over.status == 429 and over.error["code"] == "cap_reached"


def test_the_seed_has_realistic_conversations_for_the_demo(api, demo):
    answered = api.get(f"/patients/{demo['alex']}/messages/{demo['thread_answered']}", as_user="alex").json
    assert [m["side"] for m in answered["messages"] if m["kind"] == "message"] == ["patient", "staff"]
    overdue = api.get("/inbox?pool=nurses&status=overdue&limit=100", as_user="nurse").json["items"]
    assert demo["thread_waiting"] in [t["thread_id"] for t in overdue]
    billing = api.get(f"/patients/{demo['sam']}/messages/{demo['thread_billing']}", as_user="billing").json
    assert billing["assigned_name"] == "Bea King" and billing["messages"][0]["on_behalf_of"] == "Sam"


def test_a_retried_message_or_reply_with_its_idempotency_key_is_sent_once(api, demo):
    base = f"/patients/{demo['alex']}/messages"
    body = {"topic": "medical", "subject": "Sent twice?", "body": "Retry me"}
    first = api.post(base, body, as_user="alex", headers={"Idempotency-Key": "retry-start-1"})
    again = api.post(base, body, as_user="alex", headers={"Idempotency-Key": "retry-start-1"})
    assert first.status == again.status == 201 and first.json["thread_id"] == again.json["thread_id"]
    other = api.post(base, {**body, "body": "Something else"}, as_user="alex", headers={"Idempotency-Key": "retry-start-1"})
    assert other.status == 422 and other.error["field"] == "Idempotency-Key"
    path = f"{base}/{first.json['thread_id']}"
    for _ in range(2):
        assert api.post(path + "/replies", {"body": "Once"}, as_user="alex",
                        headers={"Idempotency-Key": "retry-reply-1"}).status == 201
    bodies = [m["body"] for m in api.get(path, as_user="alex").json["messages"]]
    assert bodies.count("Once") == 1 and bodies.count("Retry me") == 1
