"""STOP, START and HELP replies to the portal's text messages change or explain the
SMS preference, through the production path (SNS event -> the app's handler)."""
from __future__ import annotations

from devserver.sms import opted_out, reply
from tests.helpers import make_patient


def texts_to(mailbox, phone: str) -> list[dict]:
    return [m for m in mailbox.messages() if m["channel"] == "sms" and m["to"] == phone]


def test_stop_turns_texts_off_start_turns_them_on_help_explains(api, mailbox):
    from chalicelib import notify
    from chalicelib.services.patients import load

    phone = "+13125550733"
    pid = make_patient(api, phone=phone)["patient_id"]
    assert api.patch(f"/patients/{pid}/preferences", {"sms": True}, as_user="front_desk").status == 200
    assert "sms" in notify.notify_patient(load(pid), "new_item", {"link": "/#/documents"})

    assert reply(phone, "STOP") == "stop"
    assert load(pid).preferences.as_dict()["sms"] is False and phone in opted_out()  # as SNS keeps it
    before = len(texts_to(mailbox, phone))
    assert "sms" not in notify.notify_patient(load(pid), "new_item", {"link": "/#/documents"})
    assert len(texts_to(mailbox, phone)) == before  # nothing more is texted

    assert reply(phone, " start ") == "start"
    assert load(pid).preferences.as_dict()["sms"] is True and phone not in opted_out()  # opted in again
    assert texts_to(mailbox, phone)[0]["body_text"].endswith("text messages are on again. Reply STOP to opt out.")

    assert reply(phone, "Help") == "help"
    answer = texts_to(mailbox, phone)[0]["body_text"]
    assert "Maple Street Family Practice" in answer and "Reply STOP to opt out." in answer and len(answer) <= 160


def test_an_unknown_number_or_word_gets_help_and_changes_nothing(api, mailbox):
    assert reply("+13125550999", "who is this?") == "help"
    assert reply("+13125550999", "stop") == "stop"  # no record uses it: nothing to change
