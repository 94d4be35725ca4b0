"""Portal adoption (issue 15): Ada, the admin, opens the dashboard from the menu and reads
twelve weeks of the demo history: a sparkline per figure and the same points in a table;
first response per pool. axe at both widths, no sideways scrolling on a phone."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import heading, open_menu_item, sign_in
from tests.web.test_front_desk_chart import axe_both_widths


def test_ada_reads_the_adoption_dashboard(portal, new_page, shot):
    page = new_page()
    sign_in(page, "admin")
    open_menu_item(page, "Portal adoption")
    heading(page, "Portal adoption")
    invited = page.get_by_role("region", name="Patients invited")
    expect(invited.locator("svg.sparkline path")).to_have_count(1)
    expect(page.locator("svg.sparkline")).to_have_count(12)
    invited.get_by_text("Twelve weeks").click()
    table = invited.get_by_role("table", name="Patients invited, by week")
    expect(table.locator("tbody tr")).to_have_count(12)
    expect(table.locator("tbody tr").last).to_contain_text("(so far)")
    pools = page.get_by_role("region", name="First response by pool (twelve weeks, business hours)")
    expect(pools.get_by_role("row", name="Nurses")).to_be_visible()
    shot(page, "ada-adoption")
    axe_both_widths(page, "the adoption dashboard")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(100)
    shot(page, "ada-adoption-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a phone"
