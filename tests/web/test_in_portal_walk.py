""""It's in the portal" (issue 15): Frank answers Alex's call, sees on the chart what the portal
holds for him and sends the pointer; the local mailbox shows the email with its deep link.
A patient without an account gets the invitation re-sent and a QR code to scan at the desk.
axe checks the panel at both widths."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.steps import USERS, heading, sign_in
from tests.web.test_front_desk_chart import axe_both_widths

ALEX = USERS["alex"]
SUBJECT = "The information you asked about is in your Maple Street Family Practice portal"


def test_frank_points_alex_to_the_portal_from_the_chart(portal, new_page, shot):
    alex = portal.patient_id(ALEX)
    before = len([m for m in portal.messages() if m["to"] == ALEX and m["subject"] == SUBJECT])
    page = new_page()
    sign_in(page, "front_desk")
    page.goto(f"/#/staff/patients/{alex}")
    heading(page, "Alex Morgan")
    panel = page.get_by_test_id("in-portal")
    expect(panel).to_contain_text("Waiting in the portal for this patient")
    axe_both_widths(page, "chart with the in-portal panel")
    shot(page, "panel")
    panel.get_by_role("button", name="Send “it's in the portal”").click()
    expect(panel.get_by_role("status")).to_contain_text("The information you asked about is in your portal")
    shot(page, "sent")
    for _ in range(100):
        mails = [m for m in portal.messages() if m["to"] == ALEX and m["subject"] == SUBJECT]
        if len(mails) > before:
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the pointer email did not arrive")
    assert "/#/home" in mails[0]["body_text"] and "Alex" not in mails[0]["body_text"]
    page.goto("/_dev/mailbox")
    expect(page.get_by_text(SUBJECT).first).to_be_visible()
    shot(page, "mailbox")


def test_frank_hands_a_new_patient_the_activation_qr_code(portal, new_page, shot):
    import uuid

    made = portal.call("POST", "/patients", {"given_name": "Quinn", "family_name": f"Desk{uuid.uuid4().hex[:5]}",
                                             "birth_date": "1985-04-03", "sex": "unknown",
                                             "email": f"quinn.{uuid.uuid4().hex[:6]}@example.org"},
                       as_user=USERS["front_desk"])
    page = new_page()
    sign_in(page, "front_desk")
    page.goto(f"/#/staff/patients/{made['patient_id']}")
    panel = page.get_by_test_id("in-portal")
    expect(panel).to_contain_text("No portal account yet")
    panel.get_by_text("Show a QR code to hand over at the desk").click()
    expect(panel.get_by_role("img", name="QR code that opens the portal's activation page")).to_be_visible()
    expect(panel.get_by_role("link", name="/#/activate")).to_be_visible()
    axe_both_widths(page, "in-portal panel with the QR code")
    panel.get_by_role("button", name="Send the invitation").click()
    expect(panel.get_by_role("status")).to_contain_text("Invitation sent")
    shot(page, "qr-and-invite")
