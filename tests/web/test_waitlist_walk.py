"""Jordan takes an earlier time for Sam from a waitlist offer while a second waitlisted
patient is told it is gone (issue 17, item 4); the local mailbox shows both emails. Sam's
appointments page (where the SMS's link lands) lists the open offer first. On a phone,
Jordan says "No thanks" to an offer for his own visit: it leaves the page, the visit stays.

Their own visit types and a fresh second patient: no other walk's visits meet them; Jordan's
own visit is cancelled at the end."""
from __future__ import annotations

import re
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


def _run_jobs(portal) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{portal.url}/_dev/jobs/run", data=b"", method="POST",
                                                  headers={"Accept": "application/json"}), timeout=120).read()


def _chen(portal) -> str:
    return next(p["provider_id"] for t in portal.call("GET", "/visit-types", as_user=DESK)["items"]
                for p in t["providers"] if p["name"] == "Dr. Wei Chen")


def test_jordan_takes_an_earlier_time_for_sam_and_the_other_patient_hears_it_is_gone(portal, new_page, shot):
    chen = _chen(portal)
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
        _run_jobs(portal)
        offer = portal.wait_for_message(USERS["jordan"], OFFER)
        portal.wait_for_message(wren_email, OFFER)
        assert "Asthma" not in offer["body_text"] and "Sam" not in offer["body_text"]

        page = new_page()
        sign_in(page, "jordan")
        page.goto(portal.first_link(offer).split(portal.url, 1)[1])
        expect(page.get_by_role("heading", level=1)).to_have_text("An earlier time")
        expect(page.get_by_test_id("record-owner")).to_have_text("Sam Morgan")  # the link opened Sam's record
        expect(page.get_by_text("the first to accept gets it")).to_be_visible()
        expect(page.get_by_role("button", name="No thanks")).to_be_visible()
        shot(page, "offer")
        assert _serious(page) == []
        # Sam's appointments page (the SMS's link) shows the same open offer first.
        page.get_by_role("link", name="← Appointments").click()
        panel = page.get_by_role("region", name=re.compile("An earlier time for Follow-up"))
        expect(panel).to_be_visible()
        expect(panel.get_by_role("button", name="Take this time")).to_be_visible()
        expect(panel.get_by_role("button", name="No thanks")).to_be_visible()
        expect(panel.get_by_text("The offer ends at")).to_be_visible()
        shot(page, "appointments-offer")
        assert _serious(page) == []
        page.go_back()
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


def test_jordan_says_no_thanks_on_a_phone_and_keeps_his_visit(portal, new_page, shot):
    chen = _chen(portal)
    vt = portal.call("POST", "/scheduling/visit-types", {"name": f"Check-up {uuid.uuid4().hex[:4]}",
                                                          "duration_minutes": 20, "provider_ids": [chen],
                                                          "mode": "book"}, as_user=USERS["admin"])["visit_type_id"]
    jordan = portal.patient_id(USERS["jordan"])
    day = (_later_day(portal) + timedelta(days=7)).isoformat()
    visit = portal.call("POST", f"/patients/{jordan}/appointments", {
        "visit_type_id": vt, "provider_id": chen, "start": f"{day}T14:00", "reason": "Check-up",
        "waitlist": True}, as_user=USERS["jordan"])
    try:
        _run_jobs(portal)
        portal.wait_for_message(USERS["jordan"], OFFER)
        (offer,) = portal.call("GET", f"/patients/{jordan}/waitlist-offers", as_user=USERS["jordan"])["items"]

        phone = new_page(viewport=PHONE)
        sign_in(phone, "jordan")
        phone.goto("/#/appointments")
        panel = phone.get_by_role("region", name=re.compile("An earlier time for Check-up"))
        expect(panel).to_be_visible()
        expect(panel.get_by_text("The offer ends at")).to_be_visible()
        assert _serious(phone) == []
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(phone, "phone-offer")
        panel.get_by_role("button", name="No thanks").click()
        expect(phone.get_by_role("status").filter(has_text="No thanks: the earlier time goes to the next patient"))\
            .to_be_visible()
        expect(phone.get_by_role("region", name=re.compile("An earlier time for Check-up"))).to_have_count(0)
        shot(phone, "phone-declined")
        assert _serious(phone) == []

        declined = portal.call("GET", f"/patients/{jordan}/waitlist-offers/{offer['offer_id']}", as_user=USERS["jordan"])
        assert declined["status"] == "declined" and declined["current"]["waitlist"] is True
        kept = portal.call("GET", f"/patients/{jordan}/appointments/{visit['appointment_id']}", as_user=USERS["jordan"])
        assert kept["start"] == visit["start"]
    finally:
        portal.call("POST", f"/patients/{jordan}/appointments/{visit['appointment_id']}/cancel", {},
                    as_user=USERS["jordan"])
        portal.call("PATCH", f"/scheduling/visit-types/{vt}", {"active": False}, as_user=USERS["admin"])
