"""An overdue conversation escalates when the job runs: the seed has Priya's question
unanswered for five days; running the scheduled jobs (from the local mailbox, as the timer
would) emails the nurses' lead, Nina, with a link to the inbox and nothing of the patient's
text; Nina's inbox shows it overdue. Running the jobs again sends nothing more."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.steps import USERS, open_menu_item, sign_in


def test_an_overdue_thread_escalates_to_the_pool_lead_when_the_job_runs(portal, new_page, shot):
    nina = USERS["nurse"]
    before = [m for m in portal.messages() if m["to"] == nina and m["subject"].startswith("Overdue:")]

    box = new_page()
    box.goto("/_dev/mailbox")
    box.get_by_role("button", name="Run scheduled jobs now").click()
    expect(box.get_by_role("status")).to_contain_text("scheduled jobs")
    # The browser tests share one devserver: an earlier walk may have run the jobs already (that
    # run escalated); either way the lead has exactly one escalation for the thread now.
    mail = portal.wait_for_message(nina, "Overdue:")
    sent = [m for m in portal.messages() if m["to"] == nina and m["subject"].startswith("Overdue:")]
    assert len(sent) == max(len(before), 1), [m["subject"] for m in sent]
    assert re.search(r"Overdue: \d+ unanswered in Nurses", mail["subject"]), mail["subject"]
    assert "inbox" in portal.first_link(mail)  # the button's deep link opens the staff inbox
    for phi in ("Lisinopril", "cough", "Priya", "Shah"):
        assert phi.lower() not in (mail["subject"] + mail["body_text"]).lower(), phi
    shot(box, "mailbox-escalation")

    # Once per thread: a second run tells the lead nothing new.
    box.get_by_role("button", name="Run scheduled jobs now").click()
    expect(box.get_by_role("status")).to_contain_text("scheduled jobs")
    overdue_mail = [m for m in portal.messages() if m["to"] == nina and m["subject"].startswith("Overdue:")]
    assert len(overdue_mail) == len(sent)

    page = new_page()
    sign_in(page, "nurse")
    open_menu_item(page, "Inbox")
    page.get_by_label("Show").select_option(label="Overdue")
    page.get_by_role("button", name="Show", exact=True).click()
    thread = page.locator("ul.inbox li").filter(has_text="Priya Shah: Lisinopril and a cough")
    expect(thread.get_by_text("Overdue", exact=True)).to_be_visible()
    shot(page, "nina-inbox-overdue")
