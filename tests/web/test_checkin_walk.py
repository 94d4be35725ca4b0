"""eCheck-in walk (issue 17): Alex checks in online for his physical (confirms his contact
details, uploads his insurance card, reviews medications, signs the consent, answers the
PHQ-9 whose follow-up question appears only once a problem is checked) and Frank at the
front desk sees "Checked in online" on the schedule and what changed in one view.
Axe (0 serious) at 1280 and 375 px on the check-in page and the review page."""
from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from devserver import samples
from tests.web.conftest import DESKTOP, PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in
from tests.web.test_accessibility import serious, settle


def _accessible_at_both_widths(page: Page, shot, name: str) -> None:
    axe = Axe()
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(150)
        found = serious(axe.run(page))
        if viewport is PHONE:
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                found.append(f"the page is {width}px wide on a {PHONE['width']}px phone")
        shot(page, f"{name}-{viewport['width']}")
        assert not found, found
    page.set_viewport_size(DESKTOP)


def _saved(page: Page, text: str) -> None:
    expect(page.locator("main .notice-ok").first).to_contain_text(text)


def test_alex_checks_in_online_and_frank_sees_what_changed(new_page, portal, shot, tmp_path):
    alex = portal.patient_id(USERS["alex"])
    visits = portal.call("GET", f"/patients/{alex}/appointments?when=upcoming", as_user=USERS["alex"])["items"]
    physical = next(v for v in visits if v["visit_type_name"] == "Annual physical")

    page = new_page()
    sign_in(page, "alex")
    open_menu_item(page, "Appointments")
    card = page.locator("li.appointment").filter(has_text="Annual physical")
    card.get_by_role("link", name="Check in online").click()
    heading(page, "Check in for Annual physical")
    settle(page)
    shot(page, "checkin-start")

    contact = page.locator("section.checkin-step").filter(has_text="1. Contact details")
    contact.get_by_role("button", name="Confirm contact details").click()
    _saved(page, "Contact details confirmed.")

    front, back = tmp_path / "card-front.png", tmp_path / "card-back.png"
    front.write_bytes(samples.png())
    back.write_bytes(samples.png())
    insurance = page.locator("section.checkin-step").filter(has_text="2. Insurance card")
    insurance.get_by_label("Front of the card").set_input_files(str(front))
    insurance.get_by_label("Back of the card").set_input_files(str(back))
    insurance.get_by_role("button", name="Upload the card").click()
    _saved(page, "Insurance card uploaded.")

    page.get_by_role("button", name="My medications and allergies are reviewed").click()
    _saved(page, "Medications and allergies reviewed.")

    consent = page.locator("section.checkin-step").filter(has_text="4. Consent forms")
    consent.get_by_role("button", name="Sign").click()  # no name typed: said next to the field
    expect(consent.get_by_text("Type your full name to sign.", exact=True).last).to_be_visible()
    consent.get_by_label("Type your full name to sign").fill("Alex Morgan")
    consent.get_by_role("button", name="Sign").click()
    _saved(page, "Signed. A copy is in your documents.")

    questions = page.locator("section.checkin-step").filter(has_text="5. Questionnaires")
    difficulty = questions.locator("fieldset").filter(has_text="how difficult have these problems")
    expect(difficulty).to_be_hidden()  # enableWhen: only once a problem is checked
    for n in range(1, 10):
        item = questions.locator("fieldset").filter(has=page.locator("legend", has_text=f"{n}. "))
        item.get_by_label("Several days" if n == 2 else "Not at all", exact=True).check()
    expect(difficulty).to_be_visible()
    _accessible_at_both_widths(page, shot, "checkin-form")
    difficulty.get_by_label("Somewhat difficult", exact=True).check()
    questions.get_by_role("button", name="Send answers").click()
    _saved(page, "Answers sent to your clinician.")

    page.get_by_role("button", name="Check in", exact=True).click()
    expect(page.locator("main .notice-ok").last).to_contain_text("Checked in online")
    shot(page, "checked-in")
    open_menu_item(page, "Appointments")
    expect(page.locator("li.appointment").filter(has_text="Annual physical").get_by_text("Checked in online")).to_be_visible()

    desk = new_page()
    sign_in(desk, "front_desk")
    desk.goto(f"/#/staff/schedule?date={physical['date']}&layout=list")
    heading(desk, "Schedule")
    row = desk.locator("tr").filter(has_text="Morgan, Alex").filter(has_text="Annual physical")
    expect(row.get_by_role("link", name="Checked in online")).to_be_visible()
    desk.goto(f"/#/staff/schedule?date={physical['date']}")  # the time grid, the schedule's default
    visit = desk.locator("td.grid-visit").filter(has_text="Morgan, Alex")
    expect(visit).to_contain_text("Checked in online")
    shot(desk, "grid")
    visit.get_by_role("button").click()
    desk.get_by_role("dialog").get_by_role("link", name="Checked in online: see what changed").click()
    expect(desk.get_by_role("dialog")).to_have_count(0)
    heading(desk, "Online check-in: Morgan, Alex")
    settle(desk)
    expect(desk.get_by_text("Confirmed as on file")).to_be_visible()
    expect(desk.get_by_text("New card: card-front.png")).to_be_visible()
    expect(desk.get_by_text("New card: card-back.png")).to_be_visible()
    expect(desk.get_by_text("Reviewed: no changes.")).to_be_visible()
    expect(desk.get_by_text("signed by Alex Morgan")).to_be_visible()
    expect(desk.get_by_role("region", name="Questionnaires")).to_contain_text("PHQ-9 depression questionnaire")
    expect(desk.get_by_role("region", name="Questionnaires")).not_to_contain_text("total")  # scores: clinicians only
    _accessible_at_both_widths(desk, shot, "review")

    doctor = new_page()
    sign_in(doctor, "provider")
    doctor.goto(f"/#/staff/patients/{alex}")
    section = doctor.get_by_role("region", name="Questionnaires")
    expect(section).to_contain_text("PHQ-9 total 1 of 27 (minimal)")
    shot(doctor, "chart-questionnaires")
