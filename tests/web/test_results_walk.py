"""Issue 12's walk: Alex reads his new lipid panel with Dr. Chen's comment and opens the
LDL trend; Dr. Chen reviews her results inbox and comments on Alex's A1c by replying to
the portal's email (the production SES -> S3 -> SNS -> router path); Alex reads it."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import DESKTOP, PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in


def test_alex_reads_his_lipid_panel_with_the_comment_and_the_ldl_trend(portal, new_page, shot):
    alex = new_page(viewport=PHONE)
    sign_in(alex, "alex")
    expect(alex.get_by_text("New test result").first).to_be_visible()
    open_menu_item(alex, "Test results")
    heading(alex, "Test results")
    lipids = alex.locator("main li").filter(has_text="Cholesterol panel (lipids)").first
    expect(lipids.get_by_text("New", exact=True)).to_be_visible()
    expect(lipids.get_by_text("Some values out of range")).to_be_visible()
    shot(alex, "results-list")
    lipids.get_by_role("link", name="Cholesterol panel (lipids)").click()
    heading(alex, "Cholesterol panel (lipids)")
    expect(alex.get_by_role("heading", name="Comment from Dr. Wei Chen")).to_be_visible()
    expect(alex.get_by_text(re.compile("LDL .* cholesterol is a little high this time"))).to_be_visible()
    ldl = alex.locator("tr").filter(has_text='LDL ("bad") cholesterol')
    expect(ldl.get_by_text("131 mg/dL")).to_be_visible()
    expect(ldl.get_by_text("Above the normal range")).to_be_visible()
    shot(alex, "lipid-panel")
    ask = alex.get_by_role("link", name="Ask about this result")  # a message linked to this result (issue 11)
    expect(ask).to_have_attribute("href", re.compile(r"about_type=lab-result&about_id=\w+"))
    ldl.get_by_role("link", name=re.compile("See the trend")).click()
    heading(alex, 'LDL ("bad") cholesterol: trend')
    chart = alex.locator("svg.trend-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(5)
    expect(chart.locator("rect.range-band")).to_have_count(1)
    expect(alex.locator("main table tbody tr")).to_have_count(5)
    shot(alex, "ldl-trend")
    alex.go_back()
    alex.go_back()
    heading(alex, "Test results")
    expect(alex.locator("main li").filter(has_text="Cholesterol panel (lipids)").first
           .get_by_text("New", exact=True)).to_have_count(0)


def test_dr_chen_reviews_the_inbox_and_comments_by_email_reply(portal, new_page, shot):
    chen = new_page(viewport=DESKTOP)
    sign_in(chen, "provider")
    open_menu_item(chen, "Results inbox")
    heading(chen, "Results inbox")
    a1c = chen.locator("li.result-card").filter(has_text="Alex Morgan").filter(has_text="Hemoglobin A1c").first
    expect(a1c.get_by_text("5.6 %").first).to_be_visible()
    expect(a1c.get_by_text(re.compile(r"^5\.5 % \("))).to_be_visible()  # the prior value beside the new one
    shot(chen, "results-inbox")

    digest = portal.wait_for_message(USERS["provider"], "result to review (ref R-")
    assert "Alex" not in digest["body_text"] and "A1c" not in digest["body_text"]  # no PHI by email
    mailbox = new_page(viewport=DESKTOP)
    mailbox.goto("/_dev/mailbox")
    message = mailbox.locator(f'article.msg[data-to="{USERS["provider"]}"]').filter(has_text=digest["subject"]).first
    expect(message.get_by_role("textbox")).to_have_value("reviewed")
    message.get_by_role("textbox").fill("comment Your A1c is steady and in the normal range. Keep it up!")
    message.get_by_role("button", name="Reply").click()
    expect(mailbox.get_by_role("status")).to_be_visible()
    shot(mailbox, "mailbox-after-reply")
    confirmation = portal.wait_for_message(USERS["provider"], "Commented: results")
    assert "Your A1c is steady" in confirmation["body_text"]

    chen.reload()
    heading(chen, "Results inbox")
    expect(chen.locator("li.result-card").filter(has_text="Alex Morgan").filter(has_text="Hemoglobin A1c"))\
        .to_have_count(0)

    alex = new_page(viewport=PHONE)
    sign_in(alex, "alex")
    alex.goto("/#/results")
    heading(alex, "Test results")
    alex.locator("main li").filter(has_text="Hemoglobin A1c").first.get_by_role("link").click()
    expect(alex.get_by_role("heading", name="Comment from Dr. Wei Chen")).to_be_visible()
    expect(alex.get_by_text("Your A1c is steady and in the normal range. Keep it up!")).to_be_visible()
    shot(alex, "a1c-with-comment")
