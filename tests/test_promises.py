"""The portal promises only what it does today: the guide, the FAQ and the footer of every
patient email say nothing of secure messages (not built yet: issue 11 adds them back)."""
from __future__ import annotations

import re

NOT_YET = re.compile(r"secure message|send (a |routine )?(message|question)|messages (and|are)", re.I)


def test_the_guide_and_faq_promise_nothing_the_portal_does_not_do(api, demo):
    info = api.get("/practice").json
    words = " ".join([g["body"] for g in info["guide"]] + [f"{q['question']} {q['answer']}" for q in info["faq"]])
    assert not NOT_YET.search(words), NOT_YET.search(words)


def test_patient_email_footers_promise_no_secure_messages():
    from chalicelib.templates import render

    mail = render("password_changed", {"practice_name": "Maple Street Family Practice",
                                       "portal_url": "https://portal.example.org", "practice_phone": "(312) 555-0100"})
    for body in (mail.text, mail.html):
        assert not NOT_YET.search(body), body
        assert "replies are not read" in body and "call (312) 555-0100" in body and "911" in body
