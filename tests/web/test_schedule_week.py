"""The front desk reads Dr. Chen's week as a list (a heading per day), filters by clinician, and
blocks time in the scheduling setup: the blocked slot is no longer offered to patients."""
from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlencode

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in

DESK = USERS["front_desk"]


def _chen(portal) -> str:
    for t in portal.call("GET", "/visit-types", as_user=DESK)["items"]:
        for p in t["providers"]:
            if p["name"] == "Dr. Wei Chen":
                return p["provider_id"]
    raise AssertionError("Dr. Chen sees no visit type")


def _busy_week(portal, chen: str) -> tuple[date, set[str]]:
    """A Monday whose week holds seeded visits of Dr. Chen on two days or more."""
    today = portal.today()  # the seed's video visit for Priya is today (issue 17)
    found = set()
    for start in (today, today + timedelta(days=7)):
        query = urlencode({"date": start.isoformat(), "days": 7, "provider_id": chen})
        found |= {a["date"] for a in portal.call("GET", f"/schedule?{query}", as_user=DESK)["items"]
                  if a["status"] != "cancelled"}
    for day in sorted(found):
        monday = date.fromisoformat(day) - timedelta(days=date.fromisoformat(day).weekday())
        week = {d for d in found if monday <= date.fromisoformat(d) < monday + timedelta(days=7)}
        if len(week) >= 2:
            return monday, week
    raise AssertionError(f"no week with visits on two days: {found}")


def test_front_desk_reads_the_week_of_one_clinician(portal, new_page, shot):
    chen = _chen(portal)
    monday, busy = _busy_week(portal, chen)
    page = new_page()
    sign_in(page, "front_desk")
    open_menu_item(page, "Schedule")
    heading(page, "Schedule")
    page.get_by_role("navigation", name="Grid or list").get_by_role("link", name="List").click()
    expect(page.get_by_role("navigation", name="Grid or list").get_by_role("link", name="List")).to_have_attribute(
        "aria-current", "page")
    page.get_by_role("navigation", name="Day or week").get_by_role("link", name="Week").click()
    expect(page.get_by_label("Show the week of")).to_be_visible()
    page.get_by_label("Show the week of").fill((monday + timedelta(days=2)).isoformat())
    expect(page.locator("main .page-head p")).to_contain_text("Week of")
    page.get_by_label("Clinician").select_option(label="Dr. Wei Chen")
    page.get_by_role("button", name="Show schedule", exact=True).click()
    expect(page.locator("main .page-head p")).to_contain_text("Dr. Wei Chen")
    assert "view=week" in page.url and f"provider={chen}" in page.url
    days = page.locator("section.schedule-day")
    expect(days).to_have_count(7)
    expect(days.first.get_by_role("heading", level=2)).to_contain_text("Monday")
    with_visits = days.filter(has=page.locator("li.schedule-visit"))
    expect(with_visits).to_have_count(len(busy))
    expect(page.locator("li.schedule-visit").filter(has_text="Dr. Wei Chen").first).to_be_visible()
    # Booked visits offer the day's actions (other walks may already have marked some arrived).
    booked = page.locator("li.schedule-visit").filter(has_text="Booked").first
    expect(booked.locator("button", has_text="Arrived")).to_be_visible()
    shot(page, "week-dr-chen")

    page.get_by_label("Clinician").select_option(label="All clinicians")
    page.get_by_role("button", name="Show schedule", exact=True).click()
    expect(page.locator("main .page-head p")).to_contain_text("All clinicians")
    assert "provider=" not in page.url
    expect(page.locator("section.schedule-day").filter(has=page.locator("li.schedule-visit"))).to_have_count(len(busy))

    page.get_by_role("navigation", name="Day or week").get_by_role("link", name="Day").click()
    expect(page.get_by_label("Show the day")).to_be_visible()

    phone = new_page(viewport=PHONE)
    sign_in(phone, "front_desk")
    phone.goto(f"/#/staff/schedule?date={monday.isoformat()}&view=week&provider={chen}&layout=list")
    expect(phone.locator("section.schedule-day")).to_have_count(7)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "week-phone")


def test_blocked_time_is_listed_and_no_longer_offered_to_patients(portal, new_page, shot):
    chen = _chen(portal)
    sick = next(t["visit_type_id"] for t in portal.call("GET", "/visit-types", as_user=DESK)["items"]
                if t["name"] == "Sick visit")
    alex = USERS["alex"]

    def open_slots():
        query = urlencode({"visit_type_id": sick, "days": 14, "provider_id": chen})
        return portal.call("GET", f"/availability?{query}", as_user=alex)["dates"]

    day = open_slots()[-1]  # the last day offered: no other walk books that far ahead
    slot = day["slots"][0]
    start = f"{day['date']}T{slot['time']}"

    page = new_page()
    sign_in(page, "front_desk")
    open_menu_item(page, "Scheduling setup")
    page.get_by_role("link", name="Blocked time").click()
    expect(page.get_by_role("heading", name="Block time")).to_be_visible()
    page.get_by_label("Clinician").select_option(label="Dr. Wei Chen")
    page.get_by_label("From").fill(start)
    page.get_by_label("Until").fill(f"{day['date']}T00:00")
    page.get_by_role("button", name="Block this time").click()
    expect(page.locator("[data-field=end] .error")).to_have_text("end must be after start.")
    expect(page.get_by_label("Until")).to_be_focused()
    shot(page, "block-error")

    page.get_by_label("Until").fill(f"{day['date']}T23:00")
    page.get_by_label("Label (optional)").fill("Training day")
    page.get_by_role("button", name="Block this time").click()
    expect(page.get_by_role("status")).to_contain_text("Blocked: Dr. Wei Chen")
    listed = page.locator("main li").filter(has_text="Training day")
    expect(listed).to_contain_text("Dr. Wei Chen")
    shot(page, "blocked-time")

    offered = {(d["date"], s["time"]) for d in open_slots() for s in d["slots"]}
    assert (day["date"], slot["time"]) not in offered
    assert not any(d == day["date"] for d, _ in offered)

    listed.get_by_role("button", name=re.compile("^Remove")).click()
    expect(page.get_by_role("status")).to_contain_text("Training day removed")
    expect(page.locator("main li").filter(has_text="Training day")).to_have_count(0)
    assert (day["date"], slot["time"]) in {(d["date"], s["time"]) for d in open_slots() for s in d["slots"]}
