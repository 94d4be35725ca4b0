"""The front desk marks a visit on the day schedule (the list): every mark asks first ("Not now" changes
nothing), and a visit that has not started offers only "Arrived", never completed or no-show."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.steps import USERS, heading, sign_in

DESK = USERS["front_desk"]


def _booked_for_priya(portal) -> dict:
    """A sick visit booked by the front desk for Priya at the first open time after the cutoff."""
    types = portal.call("GET", "/visit-types", as_user=DESK)["items"]
    sick = next(t for t in types if t["name"] == "Sick visit")
    found = portal.call("GET", f"/availability?visit_type_id={sick['visit_type_id']}&days=14", as_user=DESK)
    slot = next(s for d in found["dates"][2:] for s in d["slots"])
    return portal.call("POST", f"/patients/{portal.patient_id(USERS['priya'])}/appointments",
                       {"visit_type_id": sick["visit_type_id"], "provider_id": slot["provider_id"],
                        "start": slot["start"], "reason": "Marks walk"}, as_user=DESK)


def time_words(hhmm: str) -> str:
    """"08:10" -> "8:10 AM", as the schedule shows it (other walks book Priya too)."""
    hh, mm = (int(x) for x in hhmm.split(":"))
    return f"{(hh + 11) % 12 + 1}:{mm:02d} {'PM' if hh >= 12 else 'AM'}"


def test_marking_a_visit_asks_first_and_waits_for_the_visit_to_start(new_page, portal, shot):
    visit = _booked_for_priya(portal)
    page = new_page()
    sign_in(page, "front_desk")
    page.goto(f"/#/staff/schedule?date={visit['date']}&layout=list")
    heading(page, "Schedule")
    row = page.locator("tr").filter(has_text="Shah, Priya").filter(has_text=time_words(visit["time"]))
    expect(row.get_by_role("button", name="Arrived")).to_be_visible()
    expect(row.get_by_role("button", name="Completed")).to_have_count(0)  # it has not started
    expect(row.get_by_role("button", name="No-show")).to_have_count(0)

    row.get_by_role("button", name="Arrived").click()
    expect(row).to_contain_text("Mark Shah, Priya")
    expect(row.get_by_role("button", name="Yes, mark arrived")).to_be_focused()
    shot(page, "asks-first")
    row.get_by_role("button", name="Not now").click()
    expect(row.get_by_text("Booked", exact=True)).to_be_visible()
    expect(row.get_by_role("button", name="Arrived")).to_be_focused()

    row.get_by_role("button", name="Arrived").click()
    row.get_by_role("button", name="Yes, mark arrived").click()
    row = page.locator("tr").filter(has_text="Shah, Priya").filter(has_text=time_words(visit["time"]))
    expect(row.get_by_text("Arrived", exact=True)).to_be_visible()
    expect(row.get_by_role("button")).to_have_count(0)  # completed and no-show wait for the visit's time
    shot(page, "arrived")
