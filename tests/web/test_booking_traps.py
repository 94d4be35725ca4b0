"""Booking without traps: times inside the change cutoff say so before the patient confirms;
the days reach as far ahead as the rules allow; on a phone the times come into view once a
day is chosen; arrow keys move within a choice group and keep the keyboard there.

The suite runs at a fixed evening instant (Tuesday 21:00 in Chicago), so the first open day
(Wednesday) is inside the 24-hour cutoff. (A day only partly inside it labels each such time
"Can't be changed online once booked"; the API's per-slot flag is tested in
tests/test_booking_without_traps.py.)"""
from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import heading, sign_in

LOCKED = "Can't be changed online once booked"


def _group(page, legend: str):
    return page.locator("fieldset.choices").filter(has_text=legend)


def _sick_visit_days(page, who: str):
    """Signed in as `who`, the booking flow at its "Which day?" step for a sick visit."""
    sign_in(page, who)
    page.goto("/#/appointments/book")
    heading(page, "Book a visit")
    page.get_by_text("Sick visit", exact=True).click()
    return _group(page, "Which day?")


def test_times_inside_the_cutoff_are_labelled_before_the_patient_confirms(new_page, portal, shot):
    page = new_page(viewport=PHONE)
    days = _sick_visit_days(page, "priya")
    days.locator("label").first.click()
    times = _group(page, "What time?")
    expect(times).to_be_in_viewport()  # on a phone the times come up to meet the thumb
    # Wednesday morning from Tuesday 9 pm: every time is inside the 24-hour cutoff, so the day
    # says it once (and the group's description carries it to a screen reader).
    hint = ("Every time on this day is less than a day away: once booked, the visit can't be changed or "
            "cancelled online (call the practice to change it).")
    expect(times.locator(".hint")).to_contain_text(hint)
    expect(times).to_have_attribute("aria-describedby", times.locator(".hint").get_attribute("id"))
    expect(times.locator("label").filter(has_text=LOCKED)).to_have_count(0)  # not on every one of 39 times
    shot(page, "locked-times")
    times.locator("label").first.click()
    expect(page.locator(".confirm-step")).to_contain_text("once booked, it can't be changed or cancelled online")

    # A later day, beyond the cutoff: its times carry no such label and the confirmation no warning.
    days.locator("label").last.click()
    expect(_group(page, "What time?").locator("label").first).to_be_in_viewport()
    expect(_group(page, "What time?").locator("label").filter(has_text=LOCKED)).to_have_count(0)
    _group(page, "What time?").locator("label").first.click()
    expect(page.locator(".confirm-step")).not_to_contain_text("can't be changed")


def test_the_days_reach_the_whole_online_horizon(new_page, portal, shot):
    page = new_page()
    days = _sick_visit_days(page, "alex").locator("input")
    expect(days.first).to_be_visible()
    first = date.fromisoformat(days.first.get_attribute("value"))
    later = page.get_by_role("button", name="Show later days")
    clicks = 0
    while later.count():
        count = days.count()
        later.click()
        expect(days).not_to_have_count(count)
        expect(days.nth(count)).to_be_focused()  # the keyboard lands on the first new day
        clicks += 1
        assert clicks < 10
    shot(page, "whole-horizon")
    last = date.fromisoformat(days.last.get_attribute("value"))
    assert last - first >= timedelta(days=80), (first, last)  # the rules allow 90 days, not 14
    days.last.locator("xpath=following-sibling::label").click()
    _group(page, "What time?").locator("label").first.click()
    expect(page.get_by_role("heading", name="Confirm your visit")).to_be_focused()


def test_arrow_keys_move_within_a_choice_group_and_keep_the_focus_there(new_page, portal):
    page = new_page()
    days = _sick_visit_days(page, "alex").locator("input")
    days.first.focus()
    page.keyboard.press("Space")
    expect(days.first).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(days.nth(1)).to_be_focused()
    expect(days.nth(1)).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(days.nth(2)).to_be_focused()
    times = _group(page, "What time?").locator("input")
    times.first.focus()
    page.keyboard.press("ArrowRight")
    expect(times.nth(1)).to_be_focused()
    expect(times.nth(1)).to_be_checked()
    # The first group too: a new visit type reloads the days, and the keyboard stays on the type.
    page.locator("input[name=visit_type]:checked").focus()
    page.keyboard.press("ArrowUp")
    expect(page.locator("input[name=visit_type]:focus")).to_have_count(1)
    expect(page.locator("input[name=visit_type]:focus")).to_be_checked()
    expect(_group(page, "Which day?")).to_be_visible()  # the new type's days are there


def test_a_day_partly_inside_the_cutoff_labels_each_time_inside_it(new_page, portal):
    from tests.web.steps import USERS

    # 36 hours from Tuesday 9 pm is Thursday 9 am: Thursday's first times are inside, the rest not.
    portal.call("PATCH", "/scheduling/rules", {"cancel_cutoff_hours": 36}, as_user=USERS["front_desk"])
    try:
        page = new_page()
        days = _sick_visit_days(page, "alex")
        days.locator("label").filter(has_text="Thursday").first.click()
        times = _group(page, "What time?")
        expect(times.locator(".hint")).to_contain_text(
            "A visit less than 36 hours away can't be changed or cancelled online once booked")
        labels = times.locator("label")
        expect(labels.first).to_contain_text(LOCKED)  # the morning's first times
        expect(labels.last).not_to_contain_text(LOCKED)  # the afternoon's
        assert 0 < labels.filter(has_text=LOCKED).count() < labels.count()
    finally:
        portal.call("PATCH", "/scheduling/rules", {"cancel_cutoff_hours": 24}, as_user=USERS["front_desk"])
