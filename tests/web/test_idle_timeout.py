"""Idle timeout: a warning first, then sign-out that forgets the session."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.steps import heading, sign_in


def test_idle_warning_can_be_dismissed_then_idle_signs_the_user_out(new_page, shot):
    page = new_page(idle_seconds=4, warn_seconds=2)
    sign_in(page, "alex")
    heading(page, "Hello, Alex")

    warning = page.get_by_role("dialog", name="Are you still there?")
    expect(warning).to_be_visible(timeout=6000)
    shot(page, "idle-warning")
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    heading(page, "Hello, Alex")

    expect(warning).to_be_visible(timeout=6000)
    # No activity: the portal signs out by itself and says why.
    heading(page, "Sign in")
    expect(page.get_by_role("status")).to_contain_text("signed out because the portal was not used")
    shot(page, "signed-out-after-idle")

    # Everything was forgotten: no tokens left in the tab, no way back in without signing in.
    stored = page.evaluate("Object.keys(sessionStorage)")
    assert "portal.refresh" not in stored and "portal.patient" not in stored, stored
    assert page.evaluate("Object.keys(localStorage)") == []
    page.goto("/#/home")
    heading(page, "Sign in")


def test_default_idle_timeout_is_fifteen_minutes_and_cannot_be_lengthened(new_page):
    page = new_page(idle_seconds=10_000, warn_seconds=10_000)
    page.goto("/#/sign-in")
    limits = page.evaluate("""async () => {
        const idle = await import('/js/idle.js');
        return [idle.DEFAULT_IDLE_SECONDS, idle.DEFAULT_WARN_SECONDS, idle.limits()];
    }""")
    assert limits[0] == 15 * 60 and limits[1] == 2 * 60
    assert limits[2] == {"idle": 15 * 60 * 1000, "warn": 2 * 60 * 1000}
