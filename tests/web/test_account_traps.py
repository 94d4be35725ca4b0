"""The account page without traps: every problem of the contact form at once, each at its
field; a warning before every notification channel is turned off; no "Email me" ticked for a
dependant without an email; the password changed with the current one."""
from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import expect

from devserver.seed import DEMO_PASSWORD
from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in

NEW_PASSWORD = "Changed-Passw0rd-2026!"


def _error_at(page, name: str, form: str = "form"):
    return page.locator(form).locator(f"[data-field='{name}'] .error").first


def test_every_problem_of_the_contact_form_shows_at_once_at_its_field(new_page, shot):
    page = new_page(viewport=PHONE)
    sign_in(page, "priya")
    open_menu_item(page, "Account")
    heading(page, "Account")
    page.get_by_label("Email", exact=True).fill("priya @example.org")
    page.get_by_label("Mobile phone").fill("555-0101")
    page.get_by_label("Street address").fill("")
    page.get_by_label("ZIP code").fill("6270")
    page.get_by_role("button", name="Save contact details").click()
    expect(page.locator("form[aria-labelledby=contact-h] [data-field=email] .error")).to_have_text("Enter an email address like name@example.com.")
    expect(_error_at(page, "phone")).to_have_text("Enter a phone number with its area code, for example (312) 555-0101.")
    expect(_error_at(page, "address.line1")).to_have_text("Enter the street address.")
    expect(_error_at(page, "address.postal_code")).to_have_text("Enter a ZIP code of 5 digits, like 62704 (or 62704-1234).")
    expect(page.get_by_label("Email", exact=True)).to_be_focused()
    expect(page.get_by_label("ZIP code")).to_have_attribute("aria-invalid", "true")
    shot(page, "all-errors")


def test_a_dependant_without_email_has_no_email_box_ticked_and_all_off_asks_first(new_page, portal, shot):
    sam = next(p["patient_id"] for p in portal.call("GET", "/me", as_user=USERS["jordan"])["patients"]
               if p["given_name"] == "Sam")
    before = portal.call("GET", f"/patients/{sam}", as_user=USERS["jordan"]).get("preferences") or {}
    try:
        _turn_off_all_for_sam(new_page, shot)
    finally:  # other walks may notify Sam's caregiver
        portal.call("PATCH", f"/patients/{sam}/preferences",
                    {"email": before.get("email", True), "sms": bool(before.get("sms"))}, as_user=USERS["jordan"])


def _turn_off_all_for_sam(new_page, shot):
    page = new_page()
    sign_in(page, "jordan")
    page.get_by_label("Switch record").select_option(label="Sam Morgan")
    open_menu_item(page, "Account")
    expect(page.get_by_role("heading", name="Notifications for Sam Morgan")).to_be_visible()
    email_me = page.get_by_role("checkbox", name="Email me")
    expect(email_me).not_to_be_checked()
    page.get_by_role("checkbox", name="Text me").uncheck()
    page.get_by_role("button", name="Save notification choices").click()
    expect(page.get_by_role("alert")).to_contain_text("nobody will tell you when something new is waiting")
    expect(page.get_by_role("button", name="Turn off all notifications")).to_be_focused()
    shot(page, "all-off-warning")
    page.get_by_role("button", name="Keep them on").click()
    expect(page.get_by_role("button", name="Turn off all notifications")).to_have_count(0)
    page.get_by_role("button", name="Save notification choices").click()
    page.get_by_role("button", name="Turn off all notifications").click()
    expect(page.get_by_role("status").filter(has_text="Notifications are off")).to_be_visible()


def _change_back(portal, email: str) -> None:
    def post(path, body, token=None):
        request = urllib.request.Request(f"{portal.url}/api{path}", method="POST", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json",
                                                  **({"Authorization": f"Bearer {token}"} if token else {})})
        with urllib.request.urlopen(request, timeout=15) as res:
            return json.load(res)

    token = post("/auth/sign-in", {"email": email, "password": NEW_PASSWORD})["access_token"]
    post("/auth/password", {"current_password": NEW_PASSWORD, "new_password": DEMO_PASSWORD}, token)


def test_a_patient_changes_the_password_with_the_current_one(new_page, portal, shot):
    page = new_page()
    sign_in(page, "priya")
    open_menu_item(page, "Account")
    page.get_by_role("button", name="Change password").click()
    expect(_error_at(page, "current_password")).to_have_text("Enter your current password.")
    expect(_error_at(page, "new_password")).to_have_text("Enter a new password.")
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Type the new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(_error_at(page, "current_password")).to_have_text("That is not your current password.")
    page.get_by_label("Current password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    try:
        expect(page.get_by_role("status").filter(has_text="Your password is changed")).to_be_visible()
        shot(page, "password-changed")
        portal.wait_for_message(USERS["priya"], "password was changed")
    finally:
        _change_back(portal, USERS["priya"])
