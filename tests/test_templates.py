"""Outbound email and SMS: one Jinja2 layout, text and HTML that agree, deep links,
headers that stop auto-reply loops, one-click unsubscribe, SMS in one segment."""
from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser

import pytest

from chalicelib import notify, templates
from tests.test_notifications import SAMPLE

LONG_NAME = "Maple Street Family Practice"


def sample(name: str, **extra) -> dict:
    template = templates.TEMPLATES[name]
    return {"practice_name": LONG_NAME, "portal_url": "https://portal.maple-street.example/",
            "practice_phone": "(312) 555-0100", **{k: SAMPLE[k] for k in template.variables if k in SAMPLE},
            "link": "/#/appointments", **extra}


@pytest.mark.parametrize("name", sorted(templates.TEMPLATES))
def test_text_and_html_say_the_same_and_the_button_opens_the_deep_link(name):
    rendered = templates.render(name, sample(name))
    deep = "https://portal.maple-street.example/#/appointments"
    assert rendered.link == deep
    assert f": {deep}" in rendered.text  # the button's line in the text part
    assert f'href="{deep}"' in rendered.html  # and a clickable button in the HTML part
    html_words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rendered.html)).replace("&#39;", "'")
    template = templates.TEMPLATES[name]
    body = rendered.text.split(f"\n\n{template.button}: ")[0]
    for paragraph in body.split("\n\n"):
        for line in paragraph.splitlines():
            assert " ".join(line.split()) in html_words, (name, line)
    if template.audience == "patient":
        assert "Manage notifications: https://portal.maple-street.example/#/account" in rendered.text
        assert 'href="https://portal.maple-street.example/#/account"' in rendered.html


@pytest.mark.parametrize("name", sorted(n for n, t in templates.TEMPLATES.items() if t.sms))
def test_every_sms_says_reply_stop_and_fits_one_segment(name):
    sms = templates.render(name, sample(name, link="/#/appointments/book")).sms
    assert sms.endswith("Reply STOP to opt out.") and len(sms) <= 160, (len(sms), sms)
    assert sms.isascii()  # GSM-7: one non-ASCII character would cut the segment to 70


def test_values_are_escaped_in_html_and_links_are_clickable():
    rendered = templates.render("appointment_booked", sample("appointment_booked", location="<script>x</script>"))
    assert "<script>x" not in rendered.html and "&lt;script&gt;x" in rendered.html
    assert "<script>x</script>" in rendered.text  # the text part is text


def test_decline_and_cancel_do_not_offer_to_cancel_or_reschedule():
    for name in ("appointment_cancelled", "appointment_request_declined"):
        text = templates.render(name, sample(name)).text.lower()
        assert "reschedule" not in text and "cancel or" not in text


def test_phone_numbers_print_as_people_write_them():
    assert notify.phone_for_people("+13125550100") == "(312) 555-0100"
    assert notify.phone_for_people("+442071838750") == "+44 20 7183 8750"
    assert notify.phone_for_people("") == ""


def _raw_sent(mailbox, to: str) -> list:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    from devserver.stack import REGION

    found = [m.raw_data for m in ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages
             if getattr(m, "raw_data", None) and to in str(m.raw_data)]
    return [BytesParser(policy=policy.default).parsebytes(r if isinstance(r, bytes) else r.encode()) for r in found]


def test_patient_notices_carry_the_practice_name_no_loop_headers_and_one_click_unsubscribe(api, mailbox):
    from tests.helpers import make_patient
    from chalicelib.services.patients import load

    pid = make_patient(api)["patient_id"]
    patient = load(pid)
    notify.notify_patient(patient, "new_item", {"link": "/#/documents"})
    message = _raw_sent(mailbox, patient.email)[-1]
    sender = message["From"].addresses[0]
    assert sender.display_name == LONG_NAME and sender.username == "no-reply"
    assert message["Auto-Submitted"] == "auto-generated" and message["X-Auto-Response-Suppress"] == "All"
    assert message["Reply-To"] is None  # nobody reads replies to notices
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = str(message["List-Unsubscribe"]).strip("<>")
    path = url.split("/api", 1)[1]
    res = api.client.http.request("POST", path, headers={"content-type": "application/x-www-form-urlencoded"},
                                  body=b"List-Unsubscribe=One-Click")
    assert res.status_code == 200
    assert load(pid).preferences.as_dict()["email"] is False
    assert notify.notify_patient(load(pid), "new_item") == []  # notices stop ...
    assert notify.send("password_changed", email=patient.email, patient_id=pid) == ["email"]  # account mail not
    account_mail = _raw_sent(mailbox, patient.email)[-1]
    assert account_mail["List-Unsubscribe"] is None


def test_a_forged_unsubscribe_token_changes_nothing(api):
    from tests.helpers import make_patient

    pid = make_patient(api)["patient_id"]
    res = api.client.http.request("POST", f"/notifications/unsubscribe?token={pid}.forged",
                                  headers={"content-type": "application/x-www-form-urlencoded"}, body=b"")
    assert res.status_code == 400
    from chalicelib.services.patients import load

    prefs = load(pid).preferences
    assert not prefs or prefs.as_dict().get("email") is not False


def test_a_reply_to_is_set_only_where_replies_are_read():
    with pytest.raises(ValueError):
        notify.send("new_item", email="someone@example.org", reply_to="appt.x.y.z@inbound.example")


def test_a_browser_opening_the_unsubscribe_link_gets_a_button_not_an_unsubscribe(api):
    from chalicelib.services.patients import load
    from chalicelib.services.unsubscribe import token
    from tests.helpers import make_patient

    patient = make_patient(api)
    value = token(patient["patient_id"], patient["email"])
    res = api.client.http.request("GET", f"/notifications/unsubscribe?token={value}")
    assert res.status_code == 200 and b'<button type="submit">Stop email notices</button>' in res.body
    prefs = load(patient["patient_id"]).preferences
    assert prefs.as_dict().get("email") is not False  # a link preview changes nothing
