"""Speak up (issue 15): Priya reports a problem from the billing page (the page is filled in),
Ada answers and resolves it, the email arrives (a link, no report text) and Priya reads the
reply. axe at 1280 and 375 px on both pages."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.web.steps import USERS, heading, open_menu_item, sign_in
from tests.web.test_front_desk_chart import axe_both_widths

PRIYA = USERS["priya"]
SUBJECT = "Your report about the Maple Street Family Practice portal is resolved"


def test_priya_reports_a_problem_and_sees_it_resolved(portal, new_page, shot, tmp_path):
    from devserver import samples

    screenshot = tmp_path / "screen.png"
    screenshot.write_bytes(samples.png())
    tag = uuid.uuid4().hex[:6]
    what = f"The pay button did nothing ({tag})"
    before = len([m for m in portal.messages() if m["to"] == PRIYA and m["subject"] == SUBJECT])
    priya = new_page()
    sign_in(priya, "priya")
    open_menu_item(priya, "Billing")
    heading(priya, "Billing")
    open_menu_item(priya, "Report a problem")
    heading(priya, "Report a problem with the portal")
    expect(priya.get_by_label("Which page")).to_have_value("/billing")
    expect(priya.get_by_role("link", name="send a message to your care team")).to_be_visible()
    priya.get_by_label("What happened?").fill(what)
    priya.get_by_label("Screenshot (optional, PNG or JPEG)").set_input_files(str(screenshot))
    priya.get_by_role("button", name="Send the report").click()
    mine = priya.get_by_test_id("problem").filter(has_text=tag)
    expect(mine).to_contain_text("Sent")
    expect(mine).to_contain_text("With a screenshot.")
    axe_both_widths(priya, "report a problem")
    shot(priya, "reported")

    ada = new_page()
    sign_in(ada, "admin")
    open_menu_item(ada, "Problem reports")
    heading(ada, "Problem reports")
    card = ada.get_by_test_id("problem").filter(has_text=tag)
    expect(card).to_contain_text("page /billing")
    expect(card.get_by_role("button", name="Open the screenshot")).to_be_visible()
    axe_both_widths(ada, "problem reports")
    card.get_by_label("Reply (the reporter reads it in the portal)").fill("Thanks: fixed, the button works again.")
    card.get_by_label("Status").select_option("resolved")
    card.get_by_role("button", name="Save").click()
    expect(ada.get_by_role("status")).to_contain_text("the reporter was told by email")
    shot(ada, "resolved")

    for _ in range(100):
        mails = [m for m in portal.messages() if m["to"] == PRIYA and m["subject"] == SUBJECT]
        if len(mails) > before:
            break
        ada.wait_for_timeout(100)
    else:
        raise AssertionError("the resolved email did not arrive")
    assert "/#/problems" in mails[0]["body_text"] and tag not in mails[0]["body_text"]
    assert "fixed" not in mails[0]["body_text"]

    priya.reload()
    mine = priya.get_by_test_id("problem").filter(has_text=tag)
    expect(mine).to_contain_text("Resolved")
    expect(mine).to_contain_text("Thanks: fixed, the button works again.")
    shot(priya, "priya-sees-reply")
