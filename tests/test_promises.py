"""The portal promises what it does: the guide, the FAQ and the footer of every patient
email tell patients to send a secure message (issue 11 built it), and that promise is
backed by the messaging routes being there."""
from __future__ import annotations

import re

PROMISE = re.compile(r"secure message|write a message", re.I)


def test_the_guide_and_faq_point_to_messages_and_messages_exist(api, demo):
    info = api.get("/practice").json
    assert any(PROMISE.search(g["body"]) for g in info["guide"])
    assert any(PROMISE.search(f"{q['question']} {q['answer']}") for q in info["faq"])
    assert api.get("/message-topics", as_user="alex").status == 200
    assert api.get(f"/patients/{demo['alex']}/messages", as_user="alex").status == 200


def test_patient_email_footers_mention_messages_and_still_say_replies_are_not_read():
    from chalicelib.templates import render

    mail = render("password_changed", {"practice_name": "Maple Street Family Practice",
                                       "portal_url": "https://portal.example.org", "practice_phone": "(312) 555-0100"})
    for body in (mail.text, mail.html):
        assert PROMISE.search(body), body
        assert "replies are not read" in body and "call (312) 555-0100" in body and "911" in body
