"""Today (issue 14): staff land on it after sign-in. Dr. Chen's shows the visit he completed
this morning without a summary and links to writing it; Frank's shows arrivals, requests,
pools and patients to invite, and its search box finds "Morgan, Alex". axe at both widths
for the nurse and for Dr. Chen with a conversation assigned to him (the other roles' Today
pages are in test_accessibility.py)."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, sign_in
from tests.web.test_front_desk_chart import axe_both_widths


def test_dr_chen_lands_on_today_and_opens_the_summary_to_write(portal, new_page, shot):
    page = new_page()
    sign_in(page, "provider")
    heading(page, "Today")
    owed = page.locator("[data-card=summaries]")
    expect(owed.get_by_role("heading", name="Summaries to write")).to_be_visible()
    priya = owed.get_by_role("link", name="Shah, Priya · Sick visit")
    expect(priya).to_be_visible()
    expect(owed).to_contain_text("Summary to write")
    for card in ("visits", "results", "assigned", "holds"):
        expect(page.locator(f"[data-card={card}]")).to_be_visible()
    # A count with no list (results wait) never says "nothing waiting" beside it.
    expect(page.locator("[data-card=results]")).not_to_contain_text("No results wait")
    shot(page, "chen-today")
    priya.click()
    heading(page, "Write a visit summary")
    assert "summaries/new?appointment=" in page.url
    shot(page, "summary-editor")


def test_a_conversation_assigned_to_dr_chen_is_on_his_today_and_opens_from_it(portal, new_page, shot):
    """One of the nurses' waiting conversations, assigned to him (and back to nobody after:
    the stack is shared), is listed by patient with its reference, linking to it."""
    waiting = portal.call("GET", "/inbox?pool=nurses&status=waiting&assigned=unassigned&limit=50",
                          as_user=USERS["nurse"])["items"]
    assert waiting, "the seed has a waiting conversation in the nurses' pool"
    thread = waiting[0]
    path = f"/patients/{thread['patient_id']}/messages/{thread['thread_id']}/assign"
    chen = portal.call("GET", "/me", as_user=USERS["provider"])["user_id"]
    portal.call("POST", path, {"user_id": chen}, as_user=USERS["nurse"])
    try:
        page = new_page()
        sign_in(page, "provider")
        heading(page, "Today")
        card = page.locator("[data-card=assigned]")
        link = card.locator(f'a[href="#/staff/inbox/{thread["patient_id"]}/{thread["thread_id"]}"]')
        expect(link).to_have_text(", ".join(reversed(thread["patient_name"].split(" ", 1))))
        expect(card).to_contain_text(f"{thread['ref']}, Nurses, waiting since")
        shot(page, "chen-today-assigned")
        axe_both_widths(page, "provider Today with an assigned conversation")
        link.click()
        heading(page, thread["subject"])
    finally:
        portal.call("POST", path, {"user_id": None}, as_user=USERS["nurse"])


def test_frank_lands_on_today_and_searches_from_it(portal, new_page, shot):
    page = new_page()
    sign_in(page, "front_desk")
    heading(page, "Today")
    for card in ("arrivals", "requests", "messages", "invitations"):
        expect(page.locator(f"[data-card={card}]")).to_be_visible()
    # Newest registered first: Casey (seeded, never invited) unless other walks registered many since.
    expect(page.locator("[data-card=invitations]").get_by_role("heading", name="Waiting for a portal invitation")).to_be_visible()
    shot(page, "frank-today")
    page.get_by_label("Find a patient").fill("Morgan, Alex")
    page.get_by_role("button", name="Search").click()
    heading(page, "Patients")
    page.get_by_role("link", name="Morgan, Alex").click()
    heading(page, "Alex Morgan")


def test_nurse_today_is_accessible_at_both_widths(portal, new_page, shot):
    page = new_page(viewport=PHONE)
    sign_in(page, "nurse")
    heading(page, "Today")
    expect(page.locator("[data-card=review]")).to_contain_text("Refill requests")
    shot(page, "nurse-today-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a phone"
    axe_both_widths(page, "nurse Today")
