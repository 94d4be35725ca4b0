"""Reply by email: a staff member answers a conversation from the email that told them
about it, through the production inbound path (SES -> S3 + SNS -> router -> the "msg"
workflow). The email carries no patient text unless the practice switched on its
BAA/TLS setting; the patient reads exactly the cleaned reply."""
from __future__ import annotations

import pytest

from devserver.inbound import deliver, reply_mime
from tests.appointment_helpers import emails_to
from tests.messaging_helpers import caps, start

CHEN = "dr.chen@example.org"
QUESTION = "Is my cholesterol result something to worry about?"


@pytest.fixture(scope="module", autouse=True)
def roomy(demo):
    with caps(max_open_threads=500, max_messages_per_day=500):
        yield


@pytest.fixture
def thread_mail(api, demo, mailbox):
    """A fresh test-result question by Alex (provider team) and the email Dr. Chen got."""
    thread = start(api, "alex", demo["alex"], topic="test-result", subject="Cholesterol", body=QUESTION)
    mail = next(m for m in emails_to(mailbox, CHEN) if thread["ref"] in m["subject"])
    return thread, mail


def answer(mail, text: str, style: str = "gmail", sender: str = CHEN) -> tuple[str, bytes]:
    raw = reply_mime(style, sender=sender, to=mail["reply_to"], subject=mail["subject"], text=text,
                     original_from=mail["from"], original_text=mail["body_text"])
    return deliver(raw), raw


def staff_messages(api, demo, thread):
    page = api.get(f"/patients/{demo['alex']}/messages/{thread['thread_id']}", as_user="alex").json
    return [m for m in page["messages"] if m["side"] == "staff"]


def test_the_staff_email_names_topic_and_reference_but_not_the_patients_words(thread_mail):
    thread, mail = thread_mail
    assert mail["subject"] == f"New message in Test result questions (ref {thread['ref']})"
    assert QUESTION not in mail["body_text"] and "Cholesterol" not in mail["body_text"]
    assert "Alex" not in mail["body_text"] and mail["reply_to"].startswith("msg.")
    assert f"#/staff/inbox/" in mail["body_text"]


@pytest.mark.parametrize("style", ["gmail", "apple"])
def test_dr_chen_answers_by_replying_and_the_patient_reads_exactly_the_clean_text(
        style, api, demo, mailbox, thread_mail):
    thread, mail = thread_mail
    outcome, _ = answer(mail, "Hi Alex, your result is fine; nothing to do until next year.\n\n"
                              "Thanks,\nDr. Wei Chen\n\nSent from my iPhone", style)
    assert outcome == "done"
    [posted] = staff_messages(api, demo, thread)
    assert posted["body"] == "Hi Alex, your result is fine; nothing to do until next year."
    assert posted["author_name"] == "Dr. Wei Chen" and posted["via"] == "email"
    confirmation = next(m for m in emails_to(mailbox, CHEN) if m["subject"] == f"Posted: your answer in {thread['ref']}")
    assert "Hi Alex, your result is fine; nothing to do until next year." in confirmation["body_text"]
    told = [m for m in emails_to(mailbox, "alex.morgan@example.org")
            if thread["thread_id"] in m["body_text"]]
    assert told and "result is fine" not in told[0]["body_text"]


def test_a_replayed_reply_posts_once(api, demo, thread_mail):
    thread, mail = thread_mail
    outcome, raw = answer(mail, "Fine, no action needed.")
    assert outcome == "done"
    assert deliver(raw) == "duplicate"
    assert len(staff_messages(api, demo, thread)) == 1


def test_a_reply_to_a_closed_conversation_changes_nothing_and_is_explained(api, demo, mailbox, thread_mail):
    thread, mail = thread_mail
    assert api.post(f"/patients/{demo['alex']}/messages/{thread['thread_id']}/close", {},
                    as_user="provider").status == 200
    outcome, _ = answer(mail, "Late answer.")
    assert outcome.startswith("refused")
    assert staff_messages(api, demo, thread) == []
    error = emails_to(mailbox, CHEN)[0]
    assert error["subject"] == "Your reply was not acted on" and "closed" in error["body_text"]


def test_someone_outside_the_pool_cannot_answer_with_a_forwarded_address(api, demo, thread_mail):
    thread, mail = thread_mail
    outcome, _ = answer(mail, "I am billing.", sender="bea.king@example.org")
    assert outcome.startswith("refused") or outcome.startswith("rejected")
    assert staff_messages(api, demo, thread) == []


def test_with_the_baa_setting_on_the_staff_email_carries_the_text(api, demo, mailbox):
    assert api.patch("/practice/messaging", {"staff_email_includes_text": True}, as_user="front_desk").status == 403
    assert api.patch("/practice/messaging", {"staff_email_includes_text": True}, as_user="admin").status == 200
    try:
        thread = start(api, "alex", demo["alex"], topic="test-result", subject="LDL", body=QUESTION)
        mail = next(m for m in emails_to(mailbox, CHEN) if thread["ref"] in m["subject"])
        assert QUESTION in mail["body_text"]
    finally:
        assert api.patch("/practice/messaging", {"staff_email_includes_text": False}, as_user="admin").status == 200
    assert api.get("/practice/messaging", as_user="admin").json["staff_email_includes_text"] is False


def test_without_a_tls_configuration_set_the_text_stays_out_even_when_switched_on(demo, monkeypatch):
    """Fail closed: a deployment without the TLS-required SES set never sends the words."""
    import dataclasses

    from chalicelib.config import get_settings
    from chalicelib.services.messaging import notices, settings

    sent = []
    monkeypatch.setattr(notices, "get_settings", lambda: dataclasses.replace(get_settings(), tls_configuration_set=""))
    monkeypatch.setattr("chalicelib.notify.send", lambda template, **kw: sent.append((template, kw)))
    monkeypatch.setattr(settings, "current", lambda: {**settings.DEFAULTS, "staff_email_includes_text": True})
    from chalicelib.models.message_thread import MessageThread

    thread = MessageThread(demo["alex"], "t" * 32, ref="M-1", topic="test-result", pool="providers")
    notices.tell_pool(thread, QUESTION)
    assert sent and all(t == "message_staff" and not kw["tls_required"] for t, kw in sent)
