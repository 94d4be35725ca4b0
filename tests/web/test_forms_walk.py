"""Forms and consents (issue 17): Ada (admin) adds a consent form, publishes version 2,
then retires it (so no patient is asked to sign it: the shared stack is as it was); a
questionnaire that is not FHIR is refused next to its field. Axe at 1280 and 375 px."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.steps import heading, open_menu_item, sign_in
from tests.web.test_accessibility import settle
from tests.web.test_checkin_walk import _accessible_at_both_widths


def test_ada_publishes_a_consent_in_versions_and_retires_it(new_page, shot):
    page = new_page()
    sign_in(page, "admin")
    open_menu_item(page, "Forms and consents")
    heading(page, "Forms and consents")
    settle(page)
    expect(page.get_by_role("region", name="Questionnaires")).to_contain_text("Scored: PHQ-9")
    _accessible_at_both_widths(page, shot, "forms")

    page.get_by_text("Add a consent form", exact=True).click()
    adding = page.get_by_role("form", name="Add a consent form")
    adding.get_by_label("Title").fill("Photography consent")
    adding.get_by_label("Text patients read and sign").fill("Photos of a skin condition may be kept in the record.")
    adding.get_by_role("button", name="Add consent form").click()
    expect(page.get_by_role("status")).to_contain_text("Photography consent: version 1 published.")

    consents = page.get_by_role("region", name="Consent forms")
    consents.get_by_text("Edit Photography consent").click()
    editing = page.get_by_role("form", name="New version of Photography consent")
    editing.get_by_label("Text patients read and sign").fill("Photos may be kept in the record and shared with you.")
    editing.get_by_role("button", name="Publish new version").click()
    expect(page.get_by_role("status")).to_contain_text("Photography consent: version 2 published.")

    consents.get_by_text("Edit Photography consent").click()
    editing = page.get_by_role("form", name="New version of Photography consent")
    editing.get_by_label("In use: patients sign it at check-in").uncheck()
    editing.get_by_role("button", name="Publish new version").click()
    expect(page.get_by_role("status")).to_contain_text("version 3 published.")
    expect(consents.locator("li").filter(has_text="Photography consent")).to_contain_text("Version 3 · retired")

    questions = page.get_by_role("region", name="Questionnaires")
    questions.get_by_text("Add a questionnaire", exact=True).click()
    adding = page.get_by_role("form", name="Add a questionnaire")
    adding.get_by_label("FHIR Questionnaire (JSON)").fill(
        '{"resourceType": "Questionnaire", "title": "Sleep", "item": [{"linkId": "a", "type": "slider", "text": "?"}]}')
    adding.get_by_role("button", name="Add questionnaire").click()
    expect(adding.get_by_text("type must be one of")).to_be_visible()
    shot(page, "refused")
