"""The one send path: PHI-free templates, channel preferences, every send recorded."""
from __future__ import annotations

import pytest

from chalicelib import notify, templates
from tests.helpers import make_patient


SAMPLE = {"code": "ABCD-EFGH", "link": "/#/activate?code=ABCD-EFGH", "role": "a nurse",  # staff_invitation
          "expires_on": "2026-12-11", "minutes": "30", "changed": "email address",
          "appointment_short": "Tue Dec 1, 9:00 AM", "reference": "3F9A2C", "visit_type": "Sick visit",
          # appointments (issue 5): date, time and place only
          "appointment_date": "Tuesday, December 1, 2026", "appointment_time": "9:00 AM CST",
          "location": "Maple Street Family Practice, 1200 Maple Street",
          # before the visit (issue 17): the practice's generic what-to-bring text
          "bring": "A photo ID and your insurance card.", "expires": "11:30 AM CST",
          "problem": "This reply address has expired.", "read": "approve if she can come",
          "patient_reads": "Dr. Chen is away that day.",
          # statements and payments (issue 13): a receipt number, never an amount or a service
          "receipt_number": "R-7F3K9Q2M",
          # messaging (issue 11): topic and reference for staff. The patient's own words go
          # only into message_staff_with_text, which the practice turns on only for
          # BAA-covered, TLS-enforced staff mailboxes.
          "topic_name": "Medication questions", "patient_text": "Can I take ibuprofen with my pills?",
          "count": "2", "pool_name": "Nurses", "refs": "M-1042, M-1043",
          # proxy access (issue 9): fixed words only
          "change": "given",
          # the weekly wins (issue 15): counts and pool names only
          "week": "November 23 to 29", "wins": "41 visits booked online, 18 more than last week.",
          "milestones": "100 active patients.", "look_at": "The Billing pool has 3 overdue conversations.",
          "problems": "2 problem reports are open."}


@pytest.mark.parametrize("name", sorted(templates.TEMPLATES))
def test_no_template_can_carry_seeded_phi(name, api, demo):
    """Render every template with everything it accepts; no patient detail can appear."""
    template = templates.TEMPLATES[name]
    values = {**notify.practice_values(), **{k: SAMPLE[k] for k in template.variables if k in SAMPLE}}
    rendered = templates.render(name, values)
    seeded = []
    for key in ("alex", "priya", "jordan", "sam"):
        p = api.get(f"/patients/{demo[key]}", as_user="admin").json
        seeded += [p["given_name"], p["family_name"], p["birth_date"], p["mrn"], p["birth_date"][:4]]
    for text in (rendered.subject, rendered.text, rendered.html, rendered.sms or ""):
        for phi in seeded:
            assert phi not in text, (name, phi)


def test_templates_refuse_variables_that_could_carry_phi():
    with pytest.raises(templates.TemplateVariableError):
        templates.render("new_item", {**notify.practice_values(), "patient_name": "Alex Morgan"})
    with pytest.raises(templates.TemplateVariableError):
        templates.render("invitation", {"code": "X"})  # missing its link and expiry


def test_channel_preferences_are_honoured_and_every_send_is_recorded(api, mailbox):
    from chalicelib.models.notification import NotificationLog
    from chalicelib.models._base import iso_now
    from chalicelib.services.patients import load

    created = make_patient(api, phone="+13125550444")
    pid = created["patient_id"]
    patient = load(pid)
    api.patch(f"/patients/{pid}/preferences", {"email": True, "sms": True}, as_user="front_desk")
    assert notify.notify_patient(load(pid), "new_item") == ["email", "sms"]
    sms = [m for m in mailbox.messages() if m["channel"] == "sms" and m["to"] == "+13125550444"]
    assert sms and "Maple Street Family Practice" in sms[0]["body_text"]

    api.patch(f"/patients/{pid}/preferences", {"email": False, "sms": False}, as_user="front_desk")
    assert notify.notify_patient(load(pid), "new_item") == []
    # Account mail goes out regardless of preferences: it is the only way in.
    assert notify.send("password_changed", email=patient.email, preferences={"email": False},
                       patient_id=pid) == ["email"]

    today = iso_now()[:10]
    logged = [n for n in NotificationLog.query(today) if n.patient_id == pid]
    assert {(n.template, n.channel, n.status) for n in logged} >= {
        ("new_item", "email", "sent"), ("new_item", "sms", "sent"), ("password_changed", "email", "sent")}


def test_sms_needs_a_phone_number(api):
    pid = make_patient(api)["patient_id"]
    res = api.patch(f"/patients/{pid}/preferences", {"sms": True}, as_user="front_desk")
    assert res.status == 400 and res.error["field"] == "sms"


def test_a_failed_send_is_recorded_not_raised(api, monkeypatch):
    from chalicelib.models.notification import NotificationLog
    from chalicelib.models._base import iso_now

    def broken(*_a, **_k):
        raise RuntimeError("SES is down")

    monkeypatch.setattr(notify, "_send_email", broken)
    assert notify.send("new_item", email="someone@example.org", patient_id="p-failed-send") == ["email"]
    logged = [n for n in NotificationLog.query(iso_now()[:10]) if n.patient_id == "p-failed-send"]
    assert [n.status for n in logged] == ["failed"]
