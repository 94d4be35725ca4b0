"""Proxies hear about the patients they act for; people hear when their account's
email, phone or two-step setting changes (at the old address too)."""
from __future__ import annotations

from tests.appointment_helpers import book, emails_to, free_slot, visit_type
from tests.helpers import make_patient


def test_a_visit_booked_for_sam_tells_jordan(api, demo, mailbox):
    vt = visit_type(api, "sick")
    before = len(emails_to(mailbox, "jordan.morgan@example.org"))
    res = book(api, "jordan", "sam", free_slot(api, vt, who="jordan"), vt)
    assert res.status in (200, 201), res
    told = emails_to(mailbox, "jordan.morgan@example.org")
    assert len(told) > before and told[0]["subject"].endswith("is booked")
    assert "Sam" not in told[0]["body_text"] and "Morgan" not in told[0]["body_text"]


def test_a_limited_proxy_hears_about_visits_but_not_clinical_notices(api, demo, mailbox):
    from chalicelib import notify
    from chalicelib.services.patients import load
    from tests.helpers import grant_proxy, make_patient_account

    patient = make_patient(api)
    helper = make_patient_account(api, given="Helper")
    grant_proxy(api, patient["patient_id"], helper["email"], "limited")  # an adult: with written consent
    granted_notice = emails_to(mailbox, helper["email"])  # the caregiver is told of the grant itself
    assert [m["subject"] for m in granted_notice] == [
        "Your access to a record in the Maple Street Family Practice portal changed",
        "Your access to a record in the Maple Street Family Practice portal is waiting for approval"]
    notify.notify_patient(load(patient["patient_id"]), "new_item", {"link": "/#/documents"})
    assert emails_to(mailbox, helper["email"]) == granted_notice  # a limited grant does not reach clinical items
    values = {"appointment_date": "Tuesday, December 1, 2026", "appointment_time": "9:00 AM CST",
              "appointment_short": "Tue Dec 1, 9:00 AM", "location": "Maple Street", "link": "/#/appointments"}
    notify.notify_patient(load(patient["patient_id"]), "appointment_booked", values)
    told = emails_to(mailbox, helper["email"])
    assert len(told) == 3 and told[0]["subject"].endswith("is booked")


def test_an_email_change_is_told_at_the_old_and_the_new_address(api, mailbox):
    patient = make_patient(api)
    old = patient["email"]
    new = "moved." + old
    res = api.patch(f"/patients/{patient['patient_id']}/contact", {"email": new}, as_user="front_desk")
    assert res.status == 200, res
    for address in (old, new):
        notice = emails_to(mailbox, address)[0]
        assert notice["subject"].endswith("email address was changed")
        assert "call the practice" in notice["body_text"]


def test_a_phone_change_is_told_by_email(api, mailbox):
    patient = make_patient(api)
    res = api.patch(f"/patients/{patient['patient_id']}/contact", {"phone": "+13125550177"}, as_user="front_desk")
    assert res.status == 200, res
    assert emails_to(mailbox, patient["email"])[0]["subject"].endswith("mobile phone number was changed")


def test_a_phone_number_that_cannot_exist_is_refused_naming_the_field(api):
    patient = make_patient(api)
    res = api.patch(f"/patients/{patient['patient_id']}/contact", {"phone": "+10005550100"}, as_user="front_desk")
    assert res.status == 400 and res.error["field"] == "phone"
