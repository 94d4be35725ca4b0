"""A questionnaire sent ad hoc (issue 17): Nina (nurse) sends the GAD-7 to Sam from his
chart, Jordan (Sam's parent, full proxy) finds it on the home and fills it in, Nina reads
the score in the chart. Answering clears the home item, so Sam's home is as it was.
Axe (0 serious) at 1280 and 375 px on the questionnaire page and the chart section."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.steps import USERS, heading, sign_in
from tests.web.test_accessibility import settle
from tests.web.test_checkin_walk import _accessible_at_both_widths


def test_a_nurse_sends_the_gad7_and_reads_the_score(new_page, portal, shot):
    sam = next(p for p in portal.call("GET", "/me", as_user=USERS["jordan"])["patients"] if p["given_name"] == "Sam")
    nurse = new_page()
    sign_in(nurse, "nurse")
    nurse.goto(f"/#/staff/patients/{sam['patient_id']}")
    section = nurse.get_by_role("region", name="Questionnaires")
    section.get_by_text("Send a questionnaire").click()
    section.get_by_label("Questionnaire", exact=True).select_option(label="GAD-7 anxiety questionnaire")
    section.get_by_role("button", name="Send to the patient").click()
    expect(section.get_by_role("status")).to_contain_text("Sent.")

    shot(nurse, "sent")

    parent = new_page()
    sign_in(parent, "jordan")
    parent.get_by_label("Switch record").select_option(label="Sam Morgan")
    parent.goto("/#/home")
    settle(parent)
    card = parent.locator("li.attention").filter(has_text="Questionnaire from Nina Patel, RN")
    card.get_by_role("link", name="Fill it in").click()
    heading(parent, "GAD-7 anxiety questionnaire")
    settle(parent)
    difficulty = parent.locator("fieldset").filter(has_text="how difficult")
    expect(difficulty).to_be_hidden()
    parent.get_by_role("button", name="Send answers").click()  # nothing answered: every question says so
    first = parent.locator("fieldset").filter(has=parent.locator("legend", has_text="1. "))
    expect(first.get_by_text("Answer this question.")).to_be_visible()
    answers = {1: "More than half the days", 2: "Several days", 3: "Several days"}
    for n in range(1, 8):
        item = parent.locator("fieldset").filter(has=parent.locator("legend", has_text=f"{n}. "))
        item.get_by_label(answers.get(n, "Not at all"), exact=True).check()
    expect(first.get_by_text("Answer this question.")).to_be_hidden()  # answered: the message goes
    difficulty.get_by_label("Somewhat difficult", exact=True).check()
    _accessible_at_both_widths(parent, shot, "questionnaire")
    parent.get_by_role("button", name="Send answers").click()
    expect(parent.locator("main .notice-ok").first).to_contain_text("Answers sent to your care team.")
    expect(parent.get_by_text("Answered")).to_be_visible()
    parent.goto("/#/home")
    settle(parent)
    expect(parent.locator("li.attention").filter(has_text="Questionnaire from Nina Patel, RN")).to_have_count(0)

    nurse.reload()
    section = nurse.get_by_role("region", name="Questionnaires")
    expect(section).to_contain_text("GAD-7 total 4 of 21 (minimal)")
    section.get_by_text("Answers").first.click()
    expect(section).to_contain_text("More than half the days")
    _accessible_at_both_widths(nurse, shot, "chart")
