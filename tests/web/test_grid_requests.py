"""A requested time in the schedule grid (issue 14, "approve from the grid"): a fresh patient
asks for a visit; Frank (front desk) opens the day in the grid, presses the requested cell,
approves in its dialog and the cell is the booked visit; the patient's mailbox has the
booking notice; the dialog has no serious axe violations at 1280 and 375 px."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, sign_in
from tests.web.test_accessibility import settle
from tests.web.test_password_reset import FIRST, activated_patient
from tests.web.test_schedule_grid import _no_serious, _quiet_day

DESK = USERS["front_desk"]
CHEN = "Dr. Wei Chen"


def _as_patient(portal, email: str, method: str, path: str, body: dict | None = None) -> dict:
    token = portal.call("POST", "/auth/sign-in", {"email": email, "password": FIRST})["access_token"]
    request = urllib.request.Request(f"{portal.url}/api{path}", method=method,
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request, timeout=15) as res:
            return json.load(res)
    except urllib.error.HTTPError as error:
        raise AssertionError(error.read().decode()) from None


def test_front_desk_approves_a_request_from_the_grid(portal, new_page, shot):
    email = activated_patient(portal)
    patient_id = _as_patient(portal, email, "GET", "/me")["patient_id"]
    types = portal.call("GET", "/visit-types", as_user=DESK)["items"]
    concern = next(t for t in types if t["mode"] == "request" and any(p["name"] == CHEN for p in t["providers"]))
    chen = next(p["provider_id"] for p in concern["providers"] if p["name"] == CHEN)
    day = _quiet_day(portal, ahead=36)  # the other grid walk books about 4 weeks ahead
    frame = portal.call("GET", f"/schedule/grid?date={day.isoformat()}&provider_id={chen}", as_user=DESK)
    cell = next(c for c in frame["columns"][0]["cells"] if c["state"] == "open" and c["time"] >= "10:00")
    _as_patient(portal, email, "POST", f"/patients/{patient_id}/appointments", {
        "visit_type_id": concern["visit_type_id"], "provider_id": chen, "start": f"{day.isoformat()}T{cell['time']}",
        "reason": "A rash on my arm"})

    page = new_page()
    sign_in(page, "front_desk")
    page.goto(f"/#/staff/schedule?date={day.isoformat()}&provider={chen}")
    heading(page, "Schedule")
    grid = page.get_by_role("region", name=re.compile("^Schedule grid"))
    asked = grid.get_by_role("button", name=re.compile(f"^Requested.*, {re.escape(CHEN)}: approve or decline$"))
    expect(asked).to_have_count(1)
    asked.click()
    dialog = page.get_by_role("dialog", name=re.compile("^Requested: "))
    expect(dialog).to_contain_text("Stone, River")
    expect(dialog).to_contain_text(concern["name"])
    expect(dialog.get_by_role("link", name="Open Visit requests")).to_be_visible()
    expect(dialog.get_by_role("button", name="Approve this time")).to_be_focused()
    settle(page)
    _no_serious(page)
    shot(page, "request-dialog")

    # Decline asks first (and wants a reason); "Keep it" puts the buttons back.
    dialog.get_by_role("button", name="Decline").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Tell the patient why")
    dialog.get_by_label("Reason, if declining").fill("Not needed")
    dialog.get_by_role("button", name="Decline").click()
    expect(dialog.get_by_role("group", name=re.compile("^Decline the request of Stone, River"))).to_be_visible()
    dialog.get_by_role("button", name="Keep it").click()
    expect(dialog.get_by_role("button", name="Decline")).to_be_focused()

    dialog.get_by_role("button", name="Approve this time").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Booked Stone, River")).to_be_visible()
    visit = grid.get_by_role("button", name=re.compile(f"^Stone, River.*, {re.escape(CHEN)}$"))
    expect(visit).to_contain_text("Booked")
    expect(grid.get_by_role("button", name=re.compile("^Requested"))).to_have_count(0)
    shot(page, "request-approved")
    notice = portal.wait_for_message(email, "is booked")
    assert "rash" not in notice["body_text"].lower()

    # The dialog at 375 px: another fresh patient's request that day, opened on a phone, then closed.
    email = activated_patient(portal)
    patient_id = _as_patient(portal, email, "GET", "/me")["patient_id"]
    frame = portal.call("GET", f"/schedule/grid?date={day.isoformat()}&provider_id={chen}", as_user=DESK)
    later = f"{int(cell['time'][:2]) + 1:02d}{cell['time'][2:]}"  # clear of the visit just booked
    second = next(c for c in frame["columns"][0]["cells"] if c["state"] == "open" and c["time"] >= later)
    _as_patient(portal, email, "POST", f"/patients/{patient_id}/appointments", {
        "visit_type_id": concern["visit_type_id"], "provider_id": chen, "start": f"{day.isoformat()}T{second['time']}",
        "reason": "Another question"})
    phone = new_page(viewport=PHONE)
    sign_in(phone, "front_desk")
    phone.goto(f"/#/staff/schedule?date={day.isoformat()}&provider={chen}")
    heading(phone, "Schedule")
    phone.get_by_role("button", name=re.compile("^Requested")).click()
    small = phone.get_by_role("dialog", name=re.compile("^Requested: "))
    expect(small).to_contain_text("Stone, River")
    settle(phone)
    _no_serious(phone)
    shot(phone, "request-dialog-phone")
    small.get_by_role("button", name="Close").click()
    expect(phone.get_by_role("dialog")).to_have_count(0)
