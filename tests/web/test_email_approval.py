"""Issue 5's walk: Priya asks for a visit, Frank approves it by replying from the
local mailbox (the production SES -> S3 -> SNS -> router path), Priya sees it
booked and gets the confirmation with the calendar file."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.steps import USERS, heading, sign_in


def test_front_desk_approves_a_request_by_replying_to_the_email(portal, new_page, shot):
    priya = new_page()
    sign_in(priya, "priya")
    priya.goto("/#/appointments/book")
    heading(priya, "Book a visit")
    priya.get_by_text("New concern — request", exact=True).click()
    priya.locator("fieldset.choices").filter(has_text="Which day?").locator("label").first.click()
    priya.locator("fieldset.choices").filter(has_text="What time?").locator("label").first.click()
    priya.get_by_label("What is the visit for?").fill("Knee pain after running")
    priya.get_by_role("button", name="Send request").click()
    expect(priya.get_by_role("status")).to_contain_text("Request sent")
    request = priya.locator("li.appointment").filter(has_text="New concern")
    expect(request.get_by_text("Requested: waiting for the practice")).to_be_visible()
    shot(priya, "priya-requested")

    staff_mail = portal.wait_for_message(USERS["front_desk"], "Visit request ")
    assert "Knee" not in staff_mail["body_text"] and "Priya" not in staff_mail["body_text"]  # no PHI by email

    mailbox = new_page()
    mailbox.goto("/_dev/mailbox")
    message = mailbox.locator(f'article.msg[data-to="{USERS["front_desk"]}"]').filter(
        has_text=staff_mail["subject"]).first
    expect(message.get_by_role("textbox")).to_have_value("approve")
    shot(mailbox, "mailbox-before-reply")
    message.get_by_role("button", name="Reply").click()
    expect(mailbox.get_by_role("status")).to_be_visible()
    shot(mailbox, "mailbox-after-reply")

    confirmation = portal.wait_for_message(USERS["priya"], "is booked")
    assert "appointment.ics" in confirmation.get("attachments", [])
    assert "Knee" not in confirmation["body_text"] and "New concern" not in confirmation["body_text"]
    portal.wait_for_message(USERS["front_desk"], "Approved: visit request")

    priya.reload()
    booked = priya.locator("li.appointment").filter(has_text="New concern")
    expect(booked.get_by_text("Booked", exact=True)).to_be_visible()
    shot(priya, "priya-booked")

    # Replaying the same reply changes nothing: the request was acted on once.
    mailbox.goto("/_dev/mailbox")
    before = len(portal.messages())
    again = mailbox.locator(f'article.msg[data-to="{USERS["front_desk"]}"]').filter(
        has_text=staff_mail["subject"]).first
    again.get_by_role("button", name="Reply").click()
    expect(mailbox.get_by_role("status")).to_be_visible()
    messages = portal.messages()
    new = messages[: len(messages) - before]  # newest first
    assert not any(m["to"] == USERS["priya"] for m in new)
