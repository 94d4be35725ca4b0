"""What a user does in the browser, step by step, shared by the walks."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from devserver.seed import DEMO_PASSWORD
from tests.helpers import DEMO_USERS

USERS = DEMO_USERS  # the walks sign in as the same demo users as the API tests


def sign_in(page: Page, who: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in from the sign-in page and wait for the first signed-in page."""
    page.goto("/#/sign-in")
    page.get_by_label("Email", exact=True).fill(USERS.get(who, who))
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator("main[aria-busy]")).to_have_count(0)


def open_menu_item(page: Page, label: str) -> None:
    """Use the main menu as a person would: on a phone it opens from the Menu button first."""
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name=label, exact=True).click()


def heading(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
