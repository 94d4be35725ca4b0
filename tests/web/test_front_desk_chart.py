"""Front desk acts for a patient from the chart (issue 14): Frank finds Alex as "Morgan, Alex",
books a visit for him in the booking dialog, cancels another, and Alex's notices arrive.
The chart shows the portal state; axe checks the chart and the open dialog at both widths."""
from __future__ import annotations

import random

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, sign_in
from tests.web.test_accessibility import serious

ALEX = USERS["alex"]


def sick_visit(portal) -> str:
    types = portal.call("GET", "/visit-types", as_user=USERS["front_desk"])["items"]
    return next(t["visit_type_id"] for t in types if t["name"] == "Sick visit")


def two_slots(portal, kind):
    """Two open times on different days, a few days out (other walks take the first ones)."""
    from datetime import timedelta

    first = (portal.today() + timedelta(days=4)).isoformat()
    found = portal.call("GET", f"/availability?visit_type_id={kind}&from={first}&days=14", as_user=USERS["front_desk"])
    days = random.sample([d for d in found["dates"] if d["slots"]], 2)
    return [random.choice(d["slots"]) | {"date": d["date"]} for d in days]


def alex_mail(portal, subject):
    return [m for m in portal.messages() if m["to"] == ALEX and subject in m["subject"]]


def test_frank_books_and_cancels_for_alex_from_the_chart(portal, new_page, shot):
    kind = sick_visit(portal)
    booked, other = two_slots(portal, kind)
    alex = portal.patient_id(ALEX)
    # The visit Frank will cancel: already on Alex's schedule (booked by phone last week).
    made = portal.call("POST", f"/patients/{alex}/appointments", {"visit_type_id": kind,
                       "provider_id": other["provider_id"], "start": other["start"], "reason": "Earache"},
                       as_user=USERS["front_desk"])
    cancelled_before = len(alex_mail(portal, "is cancelled"))
    booked_before = len(alex_mail(portal, "is booked"))

    page = new_page()
    sign_in(page, "front_desk")
    page.goto("/#/staff")
    page.get_by_label("Find a patient").fill("Morgan, Alex")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Morgan, Alex").click()
    heading(page, "Alex Morgan")
    state = page.get_by_test_id("portal-state")
    expect(state).to_contain_text("Uses the portal")
    expect(state).to_contain_text("Last sign-in")
    visits = page.locator("#chart-appointments")
    expect(visits.locator("li.chart-visit").first).to_be_visible()
    shot(page, "chart")

    # Book: the dialog offers the open times of the chosen day.
    visits.get_by_role("button", name="Book a visit").click()
    dialog = page.get_by_role("dialog", name="Book a visit for Alex Morgan")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Visit type").select_option(kind)
    dialog.get_by_label("Clinician").select_option(booked["provider_id"])
    dialog.get_by_label("Day").fill(booked["date"])
    dialog.get_by_label("Day").dispatch_event("change")
    time_label = _time_words(booked["time"])
    dialog.get_by_text(time_label, exact=True).click()
    dialog.get_by_label("What is the visit for?").fill("Sore throat for three days")
    axe_both_widths(page, "booking dialog")
    shot(page, "booking-dialog")
    dialog.get_by_role("button", name="Book the visit").click()
    expect(page.get_by_role("status").filter(has_text="Booked: Sick visit for Alex Morgan")).to_be_visible()
    expect(dialog).to_have_count(0)

    # Cancel the other one, asked first.
    row = visits.locator("li.chart-visit").filter(has_text=_day_words_fragment(other["date"])).filter(
        has_text=_time_words(other["time"]))
    row.get_by_role("button", name="Cancel visit").click()
    visits.get_by_role("button", name="Yes, cancel the visit").click()
    expect(page.get_by_role("status").filter(has_text="Cancelled: Sick visit")).to_be_visible()
    shot(page, "after-cancel")

    # Alex hears of both, as when he acts himself (the local mailbox).
    for _ in range(100):
        if len(alex_mail(portal, "is booked")) > booked_before and len(alex_mail(portal, "is cancelled")) > cancelled_before:
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("Alex's booked and cancelled notices did not arrive")
    page.goto("/_dev/mailbox")
    expect(page.get_by_text("Your visit with Maple Street Family Practice is cancelled").first).to_be_visible()
    shot(page, "mailbox")

    # Leave Alex's schedule as the other walks expect it.
    upcoming = portal.call("GET", f"/patients/{alex}/appointments?limit=100", as_user=USERS["front_desk"])["items"]
    for a in upcoming:
        if a["start"] == booked["start"] and a["appointment_id"] != made["appointment_id"]:
            portal.call("POST", f"/patients/{alex}/appointments/{a['appointment_id']}/cancel", {},
                        as_user=USERS["front_desk"])


def axe_both_widths(page, what):
    axe = Axe()
    for width in (1280, PHONE["width"]):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(100)
        found = serious(axe.run(page))
        assert not found, f"{what} at {width}px: {found}"
    page.set_viewport_size({"width": 1280, "height": 900})


def _time_words(hhmm: str) -> str:
    hh, mm = (int(x) for x in hhmm.split(":"))
    return f"{(hh + 11) % 12 + 1}:{mm:02d} {'PM' if hh >= 12 else 'AM'}"


def _day_words_fragment(iso: str) -> str:
    """'2026-12-07' -> 'December 7' (the chart says 'Monday, December 7 at ...')."""
    from datetime import date

    d = date.fromisoformat(iso)
    return f"{d.strftime('%B')} {d.day}"


def test_frank_corrects_a_name_and_the_directory_finds_the_new_one(portal, new_page, shot):
    import uuid

    old, new = f"Typo{uuid.uuid4().hex[:5]}", f"Right{uuid.uuid4().hex[:5]}"
    made = portal.call("POST", "/patients", {"given_name": "Jamie", "family_name": old, "birth_date": "1990-02-03",
                                             "sex": "unknown"}, as_user=USERS["front_desk"])
    page = new_page()
    sign_in(page, "front_desk")
    page.goto(f"/#/staff/patients/{made['patient_id']}")
    heading(page, f"Jamie {old}")
    page.get_by_text("Correct the name").click()
    page.get_by_label("Family name").fill(new)
    page.get_by_role("button", name="Save the name").click()
    heading(page, f"Jamie {new}")
    expect(page.get_by_role("status").filter(has_text="Name corrected")).to_be_visible()
    shot(page, "renamed")
    page.goto(f"/#/staff?q={new[:6]}, jam")
    page.get_by_role("link", name=f"{new}, Jamie").click()
    heading(page, f"Jamie {new}")
