"""Staff console: directory search, re-invite, proxy grant and revoke, practice editor, audit."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.web.steps import USERS, heading, open_menu_item, sign_in


def test_front_desk_finds_a_patient_reinvites_and_manages_proxy_access(portal, new_page, shot):
    page = new_page()
    sign_in(page, "front_desk")
    page.get_by_label("Find a patient").fill("Rivera")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Rivera, Casey").click()
    heading(page, "Casey Rivera")
    shot(page, "chart-not-invited")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status").filter(has_text="Invitation sent to casey.rivera@example.org")).to_be_visible()
    page.get_by_role("button", name="Re-send invitation").click()
    for _ in range(50):  # the re-sent invitation reaches the mailbox
        if len([m for m in portal.messages() if m["to"] == "casey.rivera@example.org"]) == 2:
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the re-sent invitation did not arrive")

    # Grant Alex proxy access to Casey, with a mistake first (the error names the field).
    page.get_by_label("Caregiver's portal email").fill("nobody@example.org")
    page.get_by_role("button", name="Grant access").click()
    expect(page.locator("[data-field=grantee_email] .error")).to_have_text(
        "No portal account uses this email. Invite the caregiver first.")
    page.get_by_label("Caregiver's portal email").fill(USERS["alex"])
    page.get_by_label("Relationship").fill("partner")
    page.get_by_role("button", name="Grant access").click()
    proxies = page.locator("section[aria-labelledby=proxy-h]")
    expect(proxies.get_by_text("Alex Morgan", exact=True)).to_be_visible()
    # Casey is an adult: the grant waits for her consent; she signed the practice's form at the desk.
    form = proxies.get_by_role("form", name="Record written consent for Alex Morgan")
    form.get_by_label("Date the patient signed the form").fill(portal.today().isoformat())
    form.get_by_label("Where the signed form is").fill("Consent binder, page 7")
    form.get_by_role("button", name="Record written consent").click()
    expect(page.get_by_role("status").filter(has_text="Written consent recorded")).to_be_visible()
    expect(proxies.locator("li.proxy-grant").filter(has_text="Alex Morgan")).to_contain_text("Active")
    shot(page, "proxy-granted")

    alex = new_page()
    sign_in(alex, "alex")
    alex.get_by_label("Switch record").select_option(label="Casey Rivera")
    expect(alex.get_by_test_id("record-owner")).to_have_text("Casey Rivera")

    # Alex phoned: locked out after too many tries. The front desk unlocks from the chart.
    casey_chart = page.url
    page.goto("/#/staff?q=Morgan")
    page.get_by_role("link", name="Morgan, Alex").click()
    heading(page, "Alex Morgan")
    page.get_by_role("button", name="Unlock sign-in").click()
    expect(page.get_by_role("status").filter(has_text="Sign-in is unlocked")).to_be_visible()

    page.goto(casey_chart)
    heading(page, "Casey Rivera")
    proxies.get_by_role("button", name="Revoke access for Alex Morgan").click()
    proxies.get_by_role("button", name="Yes, revoke access").click()
    expect(page.get_by_role("status").filter(has_text="Proxy access for Alex Morgan was revoked")).to_be_visible()
    alex.reload()
    expect(alex.get_by_test_id("record-owner")).to_have_text("Alex Morgan")
    expect(alex.get_by_label("Switch record")).to_have_count(0)


def test_admin_posts_an_announcement_patients_see_and_searches_the_audit(portal, new_page, shot):
    title = f"Parking lot repaving {uuid.uuid4().hex[:4]}"
    admin = new_page()
    sign_in(admin, "admin")
    open_menu_item(admin, "Practice information")
    admin.get_by_role("link", name="Announcements").click()
    admin.get_by_role("button", name="Add announcement").click()
    last = admin.locator("fieldset").last
    last.get_by_label("Title").fill(title)
    last.get_by_label("Text").fill("Park on Elm Street this week.")
    last.get_by_label("Show from").fill("2020-01-01")
    last.get_by_label("Show until").fill("2099-12-31")
    admin.get_by_role("button", name="Save announcements").click()
    expect(admin.get_by_role("status").filter(has_text="Announcements saved")).to_be_visible()
    shot(admin, "announcement-saved")

    patient = new_page()
    sign_in(patient, "priya")
    expect(patient.get_by_role("heading", name=title)).to_be_visible()

    # The audit shows who looked at Priya's record: the patient herself, just now.
    open_menu_item(admin, "Audit search")
    admin.get_by_label("Which patient?").fill("Shah")
    admin.get_by_role("button", name="Search").click()
    admin.get_by_role("link", name="Show audit for Priya Shah").click()
    heading(admin, "Audit: Priya Shah")
    expect(admin.locator(".access-log li").filter(has_text="Priya Shah (patient) viewed").first).to_be_visible()
    shot(admin, "audit")
