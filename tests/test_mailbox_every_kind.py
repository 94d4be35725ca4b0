"""Every notification kind, sent through the one send path and read back from the local
mailbox (what SES and SNS received): the practice's name in From, the deep link as a
clickable button and in the text, the manage-notifications link on patient mail, the
STOP text on every SMS, and no patient detail anywhere."""
from __future__ import annotations

import re
import uuid

import pytest

from chalicelib import notify, templates
from tests.test_notifications import SAMPLE

PRACTICE = "Maple Street Family Practice"


@pytest.fixture(scope="module")
def seeded_phi(api, demo):
    found = []
    for key in ("alex", "priya", "jordan", "sam"):
        p = api.get(f"/patients/{demo[key]}", as_user="admin").json
        found += [p["given_name"], p["family_name"], p["birth_date"], p["mrn"]]
    return found


@pytest.mark.parametrize("name", sorted(templates.TEMPLATES))
def test_every_notification_kind_as_the_mailbox_shows_it(name, api, demo, mailbox, seeded_phi):
    template = templates.TEMPLATES[name]
    address = f"kind.{uuid.uuid4().hex[:8]}@example.org"
    phone = f"+1312555{uuid.uuid4().int % 10000:04d}"
    link = f"/#/deep/{name}"
    values = {**{k: SAMPLE.get(k, "X-1") for k in template.variables}, "link": link}
    used = notify.send(name, email=address, phone=phone if template.sms else None,
                       preferences={"email": True, "sms": True}, values=values, patient_id=demo["alex"])
    assert "email" in used

    mail = next(m for m in mailbox.messages() if m["channel"] == "email" and m["to"] == address)
    assert mail["from"] == f"{PRACTICE} <no-reply@maple-street.example>"
    deep = f"http://portal.test{link}"
    assert f": {deep}" in mail["body_text"]  # the button's line in the text part
    assert re.search(rf'<a href="{re.escape(deep)}"[^>]*>{re.escape(template.button)}</a>', mail["body_html"])
    if template.audience == "patient":
        assert "Manage notifications: http://portal.test/#/account" in mail["body_text"]
        assert '<a href="http://portal.test/#/account">Manage notifications</a>' in mail["body_html"]
    assert mail["reply_to"] == ""  # a Reply-To only where replies are read (set by the workflow)
    texts = [mail["subject"], mail["body_text"], mail["body_html"]]

    if template.sms:
        sms = next(m for m in mailbox.messages() if m["channel"] == "sms" and m["to"] == phone)
        assert sms["body_text"].endswith("Reply STOP to opt out.") and len(sms["body_text"]) <= 160
        assert PRACTICE in sms["body_text"]
        texts.append(sms["body_text"])
    for text in texts:
        for phi in seeded_phi:
            assert phi not in text, (name, phi)
