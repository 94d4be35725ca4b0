"""Keyboard-only use with a visible focus ring, and staff sign-in with two-step codes."""
from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, sign_in


def totp(secret: str) -> str:
    """The code an authenticator app would show (moto checks codes with this same primitive)."""
    from moto.cognitoidp.utils import cognito_totp

    # moto accepts only the current 30 s step (no window): a code made late in a step can reach
    # the devserver after the step has turned (a loaded CI machine took over 5 s from typing
    # to checking), so a code is made with at least 12 s of its step left.
    if time.time() % 30 > 18:
        time.sleep(30 - time.time() % 30 + 0.5)
    return cognito_totp(secret).generate(int(time.time())).decode()


def focus_ring(page) -> str:
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")


def test_sign_in_and_menu_work_with_the_keyboard_alone(new_page, shot):
    page = new_page(viewport=PHONE)
    page.goto("/#/sign-in")
    heading(page, "Sign in")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "email":
            break
    assert focus_ring(page) != "none"
    page.keyboard.type(USERS["alex"])
    page.keyboard.press("Tab")
    page.keyboard.type("Demo-Portal-2026!")
    page.keyboard.press("Enter")
    heading(page, "Hello, Alex")

    # Open the phone menu and reach Account with Tab and Enter only.
    menu = page.get_by_role("button", name="Menu")
    menu.focus()
    assert focus_ring(page) != "none"
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    for _ in range(25):  # the menu grows with each feature; Account comes last
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Account":
            break
    assert focus_ring(page) != "none"
    shot(page, "keyboard-focus-in-menu")
    page.keyboard.press("Enter")
    heading(page, "Account")
    expect(page.get_by_role("heading", level=1)).to_be_focused()  # the new page's heading takes focus


def test_staff_turn_on_two_step_sign_in_then_sign_in_with_a_code(new_page, shot):
    page = new_page()
    sign_in(page, "billing")
    page.goto("/#/account")
    heading(page, "Account")
    expect(page.get_by_test_id("mfa-status")).to_have_text("off")
    page.get_by_role("link", name="Turn on two-step sign-in").click()
    heading(page, "Turn on two-step sign-in")
    expect(page.get_by_role("img", name="QR code to add the portal to your authenticator app")).to_be_visible()
    secret = page.get_by_test_id("mfa-secret").inner_text()
    shot(page, "mfa-setup")
    page.get_by_label("6-digit code").fill("000000")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.locator("[data-field=code] .error")).to_have_text("That code is not right. Try the newest code.")
    page.get_by_label("6-digit code").fill(totp(secret))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    heading(page, "Today")

    page.get_by_role("button", name="Sign out").click()
    heading(page, "Sign in")
    page.get_by_label("Email", exact=True).fill(USERS["billing"])
    page.get_by_label("Password", exact=True).fill("Demo-Portal-2026!")
    page.get_by_role("button", name="Sign in").click()
    heading(page, "Two-step sign-in")
    shot(page, "mfa-challenge")
    page.get_by_label("6-digit code").fill(totp(secret))
    page.get_by_role("button", name="Verify").click()
    heading(page, "Today")
    page.goto("/#/account")
    expect(page.get_by_test_id("mfa-status")).to_have_text("on")
    expect(page.get_by_text("Staff accounts keep two-step sign-in on.")).to_be_visible()
