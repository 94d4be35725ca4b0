"""The schedule as a time grid (issue 14): Ada gives the pediatric nurse practitioner hours
and she appears in the grid with open cells; Frank books Alex from an open cell (type-ahead),
moves the visit to another slot, and Alex's mailbox has the booking and the change; the
grid has no serious axe violations at 1280 and 375 px, and on a phone the day shows one
clinician at a time with a selector."""
from __future__ import annotations

import re
from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in
from tests.web.test_accessibility import serious, settle

DESK = USERS["front_desk"]
NP = "Amara Okafor, CPNP"


def _quiet_day(portal, ahead: int = 29):
    """A Tuesday to Thursday about a month ahead, not a holiday: no other walk books there."""
    closed = {d["date"] for d in portal.call("GET", "/scheduling", as_user=DESK)["holidays"]}
    day = portal.today() + timedelta(days=ahead)
    while day.weekday() not in (1, 2, 3) or day.isoformat() in closed:
        day += timedelta(days=1)
    return day


def _mail(portal, subject: str) -> list[dict]:
    return [m for m in portal.messages() if m["to"] == USERS["alex"] and subject in m["subject"]]


def _new_mail(portal, subject: str, before: int) -> dict:
    """The next notice to Alex about `subject` (other walks sent him some before)."""
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = _mail(portal, subject)
        if len(found) > before:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"no new message to Alex about {subject!r}")


def _no_serious(page) -> None:
    found = serious(Axe().run(page))
    assert not found, "\n".join(found)


def test_admin_gives_the_nurse_practitioner_hours_and_she_is_in_the_grid(portal, new_page, shot):
    page = new_page()
    sign_in(page, "admin")
    page.goto("/#/staff/scheduling?tab=hours")
    heading(page, "Scheduling setup")
    hours = page.get_by_role("form", name=f"Weekly hours of {NP}")
    expect(page.get_by_role("region", name=NP)).to_contain_text("No hours yet")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        hours.get_by_label(f"{day} first period from").fill("09:00")
        hours.get_by_label(f"{day} first period to").fill("12:00")
    hours.get_by_role("button", name=f"Save hours of {NP}").click()
    expect(page.get_by_role("status")).to_contain_text(f"Hours of {NP} saved")
    shot(page, "np-hours")

    day = _quiet_day(portal)
    page.goto(f"/#/staff/schedule?date={day.isoformat()}")
    heading(page, "Schedule")
    grid = page.get_by_role("region", name=re.compile("^Schedule grid"))
    expect(grid.get_by_role("columnheader", name=NP)).to_be_visible()
    expect(grid.get_by_role("button", name=f"Open: book 9:00 AM, {NP}")).to_be_visible()
    expect(grid.get_by_role("button", name=re.compile(f"^Open: book .*, {re.escape(NP)}$"))).to_have_count(18)
    shot(page, "np-in-grid")


def test_front_desk_books_alex_from_an_open_cell_and_moves_the_visit(portal, new_page, shot):
    day = _quiet_day(portal)
    page = new_page()
    sign_in(page, "front_desk")
    open_menu_item(page, "Schedule")
    heading(page, "Schedule")
    page.get_by_label("Show the day").fill(day.isoformat())
    grid = page.get_by_role("region", name=re.compile("^Schedule grid"))
    expect(grid.get_by_role("columnheader", name="Dr. Wei Chen")).to_be_visible()
    for words in ("Open: press to book", "Requested by a patient", "Blocked"):
        expect(page.get_by_role("list", name="What the cells mean")).to_contain_text(words)
    settle(page)
    _no_serious(page)
    shot(page, "grid-day")

    mails = {s: len(_mail(portal, s)) for s in ("is booked", "has moved")}
    grid.get_by_role("button", name="Open: book 9:00 AM, Dr. Wei Chen").click()
    picker = page.get_by_role("dialog", name=re.compile("^Book 9:00 AM"))
    picker.get_by_label("Patient").press_sequentially("Alex Mor", delay=40)
    expect(picker.get_by_role("status")).to_contain_text("found")
    shot(page, "type-ahead")
    picker.get_by_role("button", name=re.compile("^Morgan, Alex")).click()
    booking = page.get_by_role("dialog", name="Book a visit for Alex Morgan")
    booking.get_by_label("Visit type").select_option(label="Sick visit (20 min)")
    expect(booking.get_by_label("9:00 AM")).to_be_visible()
    booking.get_by_label("9:00 AM").check()
    booking.get_by_label("What is the visit for?").fill("Cough for a week")
    _no_serious(page)
    shot(page, "book-dialog")
    booking.get_by_role("button", name="Book the visit").click()
    expect(page.get_by_role("status").filter(has_text="Booked")).to_contain_text("Alex Morgan")
    visit = grid.get_by_role("button", name=re.compile("^Morgan, Alex.*9:00 AM, Dr. Wei Chen"))
    expect(visit).to_contain_text("Sick visit")
    expect(visit).to_contain_text("Booked")
    shot(page, "booked")
    booked = _new_mail(portal, "is booked", mails["is booked"])
    assert "Cough" not in booked["body_text"] and "Sick" not in booked["body_text"]

    visit.click()
    details = page.get_by_role("dialog", name="Morgan, Alex")
    expect(details).to_contain_text("Cough for a week")
    expect(details.get_by_role("button", name="Mark arrived")).to_be_visible()
    expect(details.get_by_role("button", name="Mark completed")).to_have_count(0)  # it has not started
    _no_serious(page)
    shot(page, "visit-dialog")
    details.get_by_role("button", name="Move to another time").click()
    moving = page.get_by_role("dialog", name="Move the visit of Alex Morgan")
    moving.get_by_label("10:30 AM").check()
    moving.get_by_role("button", name="Move the visit").click()
    expect(page.get_by_role("status").filter(has_text="Moved")).to_contain_text("Alex Morgan")
    expect(grid.get_by_role("button", name=re.compile("^Morgan, Alex.*10:30 AM, Dr. Wei Chen"))).to_be_visible()
    expect(grid.get_by_role("button", name=re.compile("^Morgan, Alex.*9:00 AM, Dr. Wei Chen"))).to_have_count(0)
    expect(grid.get_by_role("button", name="Open: book 9:00 AM, Dr. Wei Chen")).to_be_visible()
    shot(page, "moved")
    moved = _new_mail(portal, "has moved", mails["has moved"])
    assert "10:30" in moved["body_text"]

    # Alex sees the visit at its new time.
    alex = portal.patient_id(USERS["alex"])
    upcoming = portal.call("GET", f"/patients/{alex}/appointments?limit=100", as_user=USERS["alex"])["items"]
    mine = [a for a in upcoming if a["date"] == day.isoformat() and a["reason"] == "Cough for a week"]
    assert [a["time"] for a in mine] == ["10:30"]
    portal.call("POST", f"/patients/{alex}/appointments/{mine[0]['appointment_id']}/cancel", {}, as_user=DESK)


def test_on_a_phone_the_day_shows_one_clinician_at_a_time(portal, new_page, shot):
    day = _quiet_day(portal)
    phone = new_page(viewport=PHONE)
    sign_in(phone, "front_desk")
    phone.goto(f"/#/staff/schedule?date={day.isoformat()}")
    heading(phone, "Schedule")
    grid = phone.get_by_role("region", name=re.compile("^Schedule grid"))
    expect(grid.get_by_role("columnheader")).to_have_count(2)  # the time and one clinician
    settle(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _no_serious(phone)
    shot(phone, "grid-phone")
    phone.get_by_label("Clinician").select_option(label="Dr. Wei Chen")
    phone.get_by_role("button", name="Show schedule").click()
    expect(phone.locator("main .page-head p")).to_contain_text("Dr. Wei Chen")
    expect(grid.get_by_role("columnheader", name="Dr. Wei Chen")).to_be_visible()
    grid.get_by_role("button", name=re.compile("^Open: book")).first.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("dialog", name=re.compile("^Book"))).to_be_visible()
    expect(phone.get_by_label("Patient")).to_be_focused()
    _no_serious(phone)
    shot(phone, "picker-phone")

    # The week is one clinician's, a column per day, scrolling inside the grid (not the page).
    phone.goto(f"/#/staff/schedule?date={day.isoformat()}&view=week")
    expect(phone.locator("main .page-head p")).to_contain_text("Week of")
    expect(phone.get_by_role("dialog")).to_have_count(0)  # leaving the page closes its dialog
    expect(grid.get_by_role("columnheader")).to_have_count(8)
    settle(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _no_serious(phone)
    shot(phone, "week-phone")


def test_a_visit_in_the_grid_is_cancelled_after_asking_or_marked_arrived(portal, new_page, shot):
    day = _quiet_day(portal)
    priya = portal.patient_id(USERS["priya"])
    sick = next(t["visit_type_id"] for t in portal.call("GET", "/visit-types", as_user=DESK)["items"]
                if t["name"] == "Sick visit")
    chen = next(c["provider_id"] for c in portal.call("GET", f"/schedule/grid?date={day}", as_user=DESK)["clinicians"]
                if c["name"] == "Dr. Wei Chen")
    for hhmm in ("11:00", "11:30"):
        portal.call("POST", f"/patients/{priya}/appointments", {"visit_type_id": sick, "provider_id": chen,
                                                               "start": f"{day}T{hhmm}", "reason": "Grid marks"},
                    as_user=DESK)
    page = new_page()
    sign_in(page, "front_desk")
    page.goto(f"/#/staff/schedule?date={day.isoformat()}&provider={chen}")
    grid = page.get_by_role("region", name=re.compile("^Schedule grid"))
    # Arrow keys move between cells; a visit spans its rows.
    grid.get_by_role("button", name="Open: book 10:50 AM, Dr. Wei Chen").focus()
    page.keyboard.press("ArrowDown")
    expect(grid.get_by_role("button", name=re.compile("^Shah, Priya.*11:00 AM"))).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(grid.get_by_role("button", name="Open: book 11:20 AM, Dr. Wei Chen")).to_be_focused()
    page.keyboard.press("ArrowUp")
    first = grid.get_by_role("button", name=re.compile("^Shah, Priya.*11:00 AM"))
    expect(first).to_be_focused()
    first.click()
    details = page.get_by_role("dialog", name="Shah, Priya")
    details.get_by_role("button", name="Cancel the visit").click()
    expect(details.get_by_role("button", name="Yes, cancel the visit")).to_be_focused()
    expect(details).to_contain_text("The patient is told.")
    details.get_by_role("button", name="Keep it").click()
    expect(details.get_by_role("button", name="Move to another time")).to_be_focused()
    details.get_by_role("button", name="Cancel the visit").click()
    details.get_by_role("button", name="Yes, cancel the visit").click()
    expect(page.get_by_role("status").filter(has_text="Cancelled")).to_contain_text("Shah, Priya at 11:00 AM")
    expect(grid.get_by_role("button", name="Open: book 11:00 AM, Dr. Wei Chen")).to_be_visible()
    shot(page, "cancelled")

    grid.get_by_role("button", name=re.compile("^Shah, Priya.*11:30 AM")).click()
    page.get_by_role("dialog", name="Shah, Priya").get_by_role("button", name="Mark arrived").click()
    expect(page.get_by_role("status").filter(has_text="arrived")).to_contain_text("Shah, Priya")
    arrived = grid.get_by_role("button", name=re.compile("^Shah, Priya.*11:30 AM"))
    expect(arrived).to_contain_text("Arrived")
    arrived.click()
    expect(page.get_by_role("dialog", name="Shah, Priya").get_by_role("button")).to_have_text(["Close"])
    shot(page, "arrived")
