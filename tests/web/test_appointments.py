"""A patient books a visit (type -> clinician -> day -> time -> confirm), gets the calendar
file, reschedules it and cancels it; the front desk sees it on the day schedule."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import heading, open_menu_item, sign_in


def test_patient_books_reschedules_and_cancels_a_visit(new_page, shot):
    page = new_page(viewport=PHONE)
    sign_in(page, "priya")
    open_menu_item(page, "Appointments")
    heading(page, "Appointments")
    page.get_by_role("link", name="Book a visit").click()
    heading(page, "Book a visit")
    expect(page.get_by_role("radio", name="Minor procedure")).to_be_disabled()  # call the practice for it
    page.get_by_text("Sick visit", exact=True).click()
    # The second day offered: its visits are beyond the 24-hour change cutoff at any hour
    # (the first day's morning is inside it in the evening), so the visit can be moved.
    page.locator("fieldset.choices").filter(has_text="Which day?").locator("label").nth(1).click()
    times = page.locator("fieldset.choices").filter(has_text="What time?").locator("label")
    chosen_time = times.first.inner_text()
    times.first.click()
    expect(page.get_by_role("heading", name="Confirm your visit")).to_be_focused()
    shot(page, "book-confirm")
    page.get_by_role("button", name="Book visit").click()
    expect(page.locator("[data-field=reason] .error")).to_have_text("Say in a few words what the visit is for.")
    page.get_by_label("What is the visit for?").fill("Sore throat for three days")
    page.get_by_role("button", name="Book visit").click()
    heading(page, "Appointments")
    expect(page.get_by_role("status")).to_contain_text(f"Booked: Sick visit")
    visit = page.locator("li.appointment").filter(has_text="Sick visit")
    expect(visit.get_by_text("Booked", exact=True)).to_be_visible()
    expect(visit).to_contain_text(chosen_time)
    shot(page, "appointments-booked")

    with page.expect_download() as ics:
        visit.get_by_role("button", name="Add to calendar").click()
    assert ics.value.suggested_filename == "appointment.ics"
    assert "BEGIN:VCALENDAR" in open(ics.value.path()).read()

    visit.get_by_role("link", name="Reschedule").click()
    heading(page, "Reschedule a visit")
    page.locator("fieldset.choices").filter(has_text="Which day?").locator("label").nth(2).click()
    page.locator("fieldset.choices").filter(has_text="What time?").locator("label").last.click()
    shot(page, "reschedule-confirm")
    page.get_by_role("button", name="Move my visit").click()
    heading(page, "Appointments")
    expect(page.get_by_role("status")).to_contain_text("Your visit is moved to")

    visit = page.locator("li.appointment").filter(has_text="Sick visit")
    visit.get_by_role("button", name="Cancel visit").click()
    visit.get_by_role("button", name="Yes, cancel it").click()
    expect(page.get_by_role("status")).to_contain_text("is cancelled")
    expect(page.locator("li.appointment").filter(has_text="Sick visit")).to_have_count(0)
    shot(page, "appointments-after-cancel")


def test_a_visit_request_is_approved_by_the_front_desk_and_shows_on_the_schedule(new_page, shot):
    page = new_page()
    sign_in(page, "alex")
    page.goto("/#/appointments/book")
    heading(page, "Book a visit")
    page.get_by_text("New concern — request", exact=True).click()
    day = page.locator("fieldset.choices").filter(has_text="Which day?").locator("input").first.get_attribute("value")
    page.locator("fieldset.choices").filter(has_text="Which day?").locator("label").first.click()
    page.locator("fieldset.choices").filter(has_text="What time?").locator("label").first.click()
    expect(page.get_by_role("heading", name="Ask for this visit")).to_be_visible()
    page.get_by_label("What is the visit for?").fill("A rash on my arm")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("status")).to_contain_text("Request sent")
    request = page.locator("li.appointment").filter(has_text="New concern")
    expect(request.get_by_text("Requested: waiting for the practice")).to_be_visible()

    desk = new_page()
    sign_in(desk, "front_desk")
    open_menu_item(desk, "Visit requests")
    heading(desk, "Visit requests")
    card = desk.locator("li.review-item").filter(has_text="Morgan, Alex").filter(has_text="A rash on my arm")
    shot(desk, "visit-requests")
    card.get_by_role("button", name="Approve this time").click()
    expect(desk.get_by_role("status")).to_contain_text("Booked Morgan, Alex")

    open_menu_item(desk, "Schedule")
    heading(desk, "Schedule")
    desk.get_by_role("navigation", name="Grid or list").get_by_role("link", name="List").click()
    expect(desk.locator("main .page-head p")).to_be_visible()
    desk.get_by_label("Show the day").fill(day)
    row = desk.locator("tr").filter(has_text="Morgan, Alex").filter(has_text="New concern")
    expect(row.get_by_text("Booked", exact=True)).to_be_visible()
    shot(desk, "schedule")
    row.get_by_role("button", name="Arrived").click()
    row.get_by_role("button", name="Yes, mark arrived").click()
    expect(desk.locator("tr").filter(has_text="Morgan, Alex").filter(has_text="New concern")
           .get_by_text("Arrived", exact=True)).to_be_visible()

    page.reload()
    expect(page.locator("li.appointment").filter(has_text="New concern")).to_contain_text("Arrived")


def test_front_desk_keeps_the_scheduling_setup(new_page, shot):
    page = new_page()
    sign_in(page, "front_desk")
    open_menu_item(page, "Scheduling setup")
    heading(page, "Scheduling setup")
    page.get_by_role("link", name="Hours").click()
    chen = page.get_by_role("form", name="Weekly hours of Dr. Wei Chen")  # every clinician has a form
    chen.get_by_label("Saturday first period from").fill("12:00")
    chen.get_by_label("Saturday first period to").fill("09:00")
    chen.get_by_role("button", name="Save hours of Dr. Wei Chen").click()
    expect(chen.locator("[data-field='weekly.sat'] .error")).to_have_text("Saturday: each period needs a start before its end.")
    shot(page, "hours-error")

    page.get_by_role("link", name="Holidays").click()
    page.get_by_label("Date").fill("2027-07-05")
    page.get_by_label("Name").fill("Independence Day (observed)")
    page.get_by_role("button", name="Add holiday").click()
    expect(page.get_by_role("status")).to_contain_text("The practice is closed on Monday, July 5")
    expect(page.locator("li").filter(has_text="Independence Day (observed)")).to_be_visible()
    shot(page, "holidays")
