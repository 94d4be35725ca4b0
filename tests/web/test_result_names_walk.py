"""Issue 12: Ada, the practice admin, gives Alex's A1c test a plain name of the practice's
own; Alex's results page shows it; using the built-in name again brings the old one back."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.conftest import DESKTOP, PHONE
from tests.web.steps import heading, open_menu_item, sign_in

OURS = "Average blood sugar, 3 months (A1c)"
BUILT_IN = "Hemoglobin A1c (average blood sugar, 3 months)"


def alex_results(page):
    open_menu_item(page, "Test results")
    heading(page, "Test results")
    return page.locator("main li")


def test_ada_names_a_test_and_alex_reads_that_name(portal, new_page, shot):
    ada = new_page(viewport=DESKTOP)
    sign_in(ada, "admin")
    open_menu_item(ada, "Test names")
    heading(ada, "Test names")
    form = ada.get_by_role("form", name="Name a test")
    form.get_by_label("Plain-language name").fill("A1c")
    form.get_by_role("button", name="Save name").click()
    expect(form.locator("[data-field=code] .error")).to_be_visible()  # the API's error, by its field
    ada.get_by_role("button", name="Change the name for 4548-4").click()
    expect(form.get_by_label("Test code")).to_have_value("4548-4")
    form.get_by_label("Plain-language name").fill(OURS)
    form.get_by_role("button", name="Save name").click()
    expect(ada.get_by_role("status")).to_contain_text(OURS)
    ours = ada.get_by_role("region", name="The practice's names")
    expect(ours.locator("tr").filter(has_text="4548-4").get_by_text(BUILT_IN)).to_be_visible()
    shot(ada, "test-names")
    try:
        alex = new_page(viewport=PHONE)
        sign_in(alex, "alex")
        expect(alex_results(alex).filter(has_text=OURS).first).to_be_visible()
        expect(alex.locator("main").get_by_text(BUILT_IN)).to_have_count(0)
        shot(alex, "results-with-practice-names")
    finally:
        ada.get_by_role("button", name="Use the built-in name for 4548-4").click()
        expect(ada.get_by_role("status")).to_contain_text("4548-4 uses the built-in name again")
    alex.reload()
    expect(alex.locator("main li").filter(has_text=BUILT_IN).first).to_be_visible()
