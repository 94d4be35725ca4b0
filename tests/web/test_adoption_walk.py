"""Portal adoption (issue 15): Ada, the admin, opens the dashboard from the menu and reads
twelve weeks of the demo history: a sparkline per figure and the same points in a table;
first response per pool. axe at both widths, no sideways scrolling on a phone."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in
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


def test_ada_sets_the_weekly_email_and_it_arrives_when_the_jobs_run(portal, new_page, shot):
    """Small wins (issue 15): Ada names the recipients on the dashboard; the mailbox page's
    "Run scheduled jobs now" sends last week's wins (the session is a Tuesday, after Monday
    07:00), once; Today shows the same wins."""
    wins_to = "wins.team@example.org"
    page = new_page()
    sign_in(page, "admin")
    page.goto("/#/staff/adoption")
    heading(page, "Portal adoption")
    page.get_by_label("Send the weekly email to").fill(f"{USERS['admin']}\n{wins_to}")
    page.get_by_role("button", name="Save recipients").click()
    expect(page.get_by_role("status")).to_contain_text("Saved: 2 recipients.")
    try:
        box = new_page()
        box.goto("/_dev/mailbox")
        box.get_by_role("button", name="Run scheduled jobs now").click()
        expect(box.get_by_role("status")).to_contain_text("scheduled jobs")
        mail = portal.wait_for_message(wins_to, "this week's wins")
        assert "Here is how the portal did in the week of November 23 to November 29, 2026." in mail["body_text"]
        assert "visits booked online" in mail["body_text"]  # the demo history's last week
        assert "adoption" in portal.first_link(mail)
        for phi in ("Alex", "Morgan", "Priya", "Shah", "1984"):
            assert phi not in mail["subject"] + mail["body_text"], phi
        shot(box, "mailbox-weekly-wins")
        box.get_by_role("button", name="Run scheduled jobs now").click()  # once a week
        expect(box.get_by_role("status")).to_contain_text("scheduled jobs")
        assert len([m for m in portal.messages() if m["to"] == wins_to]) == 1

        page.goto("/#/staff/today")
        heading(page, "Today")
        wins = page.locator("[data-card=wins]")
        expect(wins.get_by_role("heading", name=re.compile("Last week's wins"))).to_be_visible()
        expect(wins).to_contain_text("visits booked online")
        shot(page, "today-wins")
    finally:
        portal.call("PATCH", "/practice", {"weekly_email_recipients": []}, as_user=USERS["admin"])
