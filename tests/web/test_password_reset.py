"""Forgot password: the emailed link opens the reset page; the new password signs in."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading

FIRST = "First-Password-2026!"
SECOND = "Second-Password-2026!"


def activated_patient(portal) -> str:
    """A patient with a portal account, made as the practice would (through the API)."""
    email = f"river.{uuid.uuid4().hex[:6]}@example.org"
    patient = portal.call("POST", "/patients", {"given_name": "River", "family_name": "Stone", "birth_date": "1979-02-03",
                                                "sex": "unknown", "email": email}, as_user=USERS["front_desk"])
    portal.call("POST", f"/patients/{patient['patient_id']}/invitation", {}, as_user=USERS["front_desk"])
    code = re.search(r"activation code: (\S+)", portal.wait_for_message(email, "invitation")["body_text"]).group(1)
    portal.call("POST", "/auth/activate", {"code": code, "birth_date": "1979-02-03", "password": FIRST})
    return email


def test_forgot_password_reset_from_the_email_then_sign_in(portal, new_page, shot):
    email = activated_patient(portal)
    page = new_page(viewport=PHONE)
    page.goto("/#/sign-in")
    page.get_by_role("link", name="Forgot your password?").click()
    heading(page, "Forgot your password")
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Email me a reset code").click()
    heading(page, "Choose a new password")
    expect(page.get_by_role("status")).to_contain_text("a reset code is on its way")

    message = portal.wait_for_message(email, "reset")
    code = re.search(r"reset code: (\S+)", message["body_text"]).group(1)
    link = portal.first_link(message)
    assert link.startswith(f"{portal.url}/#/reset?email="), link
    page.goto(link)  # the emailed link, as the patient would follow it
    expect(page.get_by_label("Email")).to_have_value(email)
    page.get_by_label("Reset code").fill(code)
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Type the new password again").fill("short")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("[data-field=new_password] .error")).to_contain_text("Password must have at least 12 characters")
    shot(page, "reset-weak-password")
    page.get_by_label("New password", exact=True).fill(SECOND)
    page.get_by_label("Type the new password again").fill(SECOND)
    page.get_by_role("button", name="Change password").click()

    heading(page, "Sign in")
    expect(page.get_by_role("status")).to_contain_text("Your password was changed")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(FIRST)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("[data-field=password] .error")).to_have_text("Email or password is incorrect.")
    page.get_by_label("Password").fill(SECOND)
    page.get_by_role("button", name="Sign in").click()
    heading(page, "Hello, River")
    shot(page, "home-after-reset")
