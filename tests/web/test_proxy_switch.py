"""A caregiver switches between their own record and the child's; the page always says whose is open."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import heading, open_menu_item, sign_in


def test_jordan_switches_to_sams_record_and_back(new_page, shot):
    page = new_page(viewport=PHONE)
    sign_in(page, "jordan")
    owner = page.get_by_test_id("record-owner")
    expect(owner).to_have_text("Jordan Morgan")
    expect(page.get_by_text("Your record:")).to_be_visible()
    heading(page, "Hello, Jordan")
    shot(page, "home-own-record")

    page.get_by_label("Switch record").select_option(label="Sam Morgan")
    expect(owner).to_have_text("Sam Morgan")
    expect(page.get_by_text("You are viewing the record of")).to_be_visible()
    heading(page, "Sam Morgan's record")
    shot(page, "home-sams-record")

    # Every page shows Sam's record now, and the account page edits Sam's details.
    open_menu_item(page, "Account")
    heading(page, "Account")
    expect(owner).to_have_text("Sam Morgan")
    expect(page.get_by_role("heading", name="Contact details for Sam Morgan")).to_be_visible()
    shot(page, "account-sams-record")

    # A reload of the tab keeps the session and the open record.
    page.reload()
    expect(page.get_by_test_id("record-owner")).to_have_text("Sam Morgan")

    page.get_by_label("Switch record").select_option(label="Myself (Jordan Morgan)")
    expect(page.get_by_test_id("record-owner")).to_have_text("Jordan Morgan")
    expect(page.get_by_role("heading", name="Contact details", exact=True)).to_be_visible()
    shot(page, "account-own-record")


def test_a_patient_without_proxy_access_has_no_record_switch(new_page):
    page = new_page()
    sign_in(page, "alex")
    expect(page.get_by_test_id("record-owner")).to_have_text("Alex Morgan")
    expect(page.get_by_label("Switch record")).to_have_count(0)


def test_a_limited_proxy_sees_appointments_but_no_clinical_pages(portal, new_page, shot):
    from tests.web.steps import USERS

    sam = next(p["patient_id"] for p in portal.call("GET", "/me", as_user=USERS["jordan"])["patients"]
               if p["given_name"] == "Sam")
    portal.call("POST", f"/patients/{sam}/proxies", {"grantee_email": USERS["priya"], "scope": "limited",
                                                      "relationship": "babysitter"}, as_user=USERS["front_desk"])
    try:
        page = new_page(viewport=PHONE)
        sign_in(page, "priya")
        page.get_by_label("Switch record").select_option(label="Sam Morgan")
        expect(page.get_by_test_id("record-owner")).to_have_text("Sam Morgan")
        page.get_by_role("button", name="Menu").click()
        menu = page.get_by_role("navigation", name="Main menu")
        expect(menu.get_by_role("link", name="Appointments")).to_be_visible()
        for clinical in ("Health summary", "Visit summaries", "Documents"):
            expect(menu.get_by_role("link", name=clinical)).to_have_count(0)
        shot(page, "limited-proxy-menu")
        page.goto("/#/health")
        heading(page, "Not available")
        page.goto("/#/account")
        expect(page.get_by_text("Your proxy access to Sam Morgan's record is limited")).to_be_visible()
        expect(page.get_by_role("heading", name="Download my record")).to_have_count(0)
    finally:
        portal.call("DELETE", f"/patients/{sam}/proxies/{portal.call('GET', '/me', as_user=USERS['priya'])['user_id']}",
                    as_user=USERS["front_desk"])
