"""Jordan takes an earlier time for Sam from a waitlist offer while a second waitlisted
patient is told it is gone (issue 17, item 4); the local mailbox shows both emails.

Its own visit type and a fresh second patient: no other walk's visits meet them."""
from __future__ import annotations

import urllib.request
import uuid
from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, sign_in

OFFER = "An earlier visit time is available"
GONE = "The earlier visit time was taken"
DESK = USERS["front_desk"]


def _serious(page) -> list[str]:
    return [f"{v['id']}: {v['help']}" for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")]


def _later_day(portal):
    day = portal.today() + timedelta(days=20)
    while day.weekday() >= 4:
        day += timedelta(days=1)
    return day


def test_jordan_takes_an_earlier_time_for_sam_and_the_other_patient_hears_it_is_gone(portal, new_page, shot):
    chen = next(p["provider_id"] for t in portal.call("GET", "/visit-types", as_user=DESK)["items"]
                for p in t["providers"] if p["name"] == "Dr. Wei Chen")
    vt = portal.call("POST", "/scheduling/visit-types", {"name": f"Follow-up {uuid.uuid4().hex[:4]}",
                                                          "duration_minutes": 20, "provider_ids": [chen],
                                                          "mode": "book"}, as_user=USERS["admin"])["visit_type_id"]
    jordan_me = portal.call("GET", "/me", as_user=USERS["jordan"])
    sam = next(p["patient_id"] for p in jordan_me["patients"] if p["given_name"] == "Sam")
    day = _later_day(portal).isoformat()
    sams = portal.call("POST", f"/patients/{sam}/appointments", {
        "visit_type_id": vt, "provider_id": chen, "start": f"{day}T10:00", "reason": "Asthma check",
        "waitlist": True}, as_user=USERS["jordan"])
    wren_email = f"wren.{uuid.uuid4().hex[:8]}@example.org"
    wren = portal.call("POST", "/patients", {"given_name": "Wren", "family_name": "Waits", "birth_date": "1980-02-02",
                                             "sex": "female", "email": wren_email}, as_user=DESK)
    portal.call("POST", f"/patients/{wren['patient_id']}/appointments", {
        "visit_type_id": vt, "provider_id": chen, "start": f"{day}T11:00", "reason": "Back pain",
        "waitlist": True}, as_user=DESK)
    try:
        urllib.request.urlopen(urllib.request.Request(f"{portal.url}/_dev/jobs/run", data=b"", method="POST",
                                                      headers={"Accept": "application/json"}), timeout=120).read()
        offer = portal.wait_for_message(USERS["jordan"], OFFER)
        portal.wait_for_message(wren_email, OFFER)
        assert "Asthma" not in offer["body_text"] and "Sam" not in offer["body_text"]

        page = new_page()
        sign_in(page, "jordan")
        page.goto(portal.first_link(offer).split(portal.url, 1)[1])
        expect(page.get_by_role("heading", level=1)).to_have_text("An earlier time")
        expect(page.get_by_test_id("record-owner")).to_have_text("Sam Morgan")  # the link opened Sam's record
        expect(page.get_by_text("the first to accept gets it")).to_be_visible()
        shot(page, "offer")
        assert _serious(page) == []
        page.get_by_role("button", name="Take this earlier time").click()
        expect(page.get_by_role("status").filter(has_text="Sam's visit is moved to")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Follow-up")
        shot(page, "moved")

        gone = portal.wait_for_message(wren_email, GONE)
        assert "Back pain" not in gone["body_text"] and "Wren" not in gone["body_text"]
        moved = portal.call("GET", f"/patients/{sam}/appointments/{sams['appointment_id']}", as_user=USERS["jordan"])
        assert moved["start"] < sams["start"] and "waitlist" not in moved

        phone = new_page(viewport=PHONE)
        sign_in(phone, "jordan")
        phone.goto(portal.first_link(offer).split(portal.url, 1)[1])
        expect(phone.get_by_text("You took this time")).to_be_visible()
        assert _serious(phone) == []
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        mailbox = new_page()
        mailbox.goto("/_dev/mailbox")
        expect(mailbox.get_by_text(GONE).first).to_be_visible()
        expect(mailbox.get_by_text(OFFER).first).to_be_visible()
        shot(mailbox, "mailbox")
    finally:
        portal.call("PATCH", f"/scheduling/visit-types/{vt}", {"active": False}, as_user=USERS["admin"])
