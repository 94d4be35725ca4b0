"""A flagged answer is followed up (issue 17): Dr. Chen sends the PHQ-9 to a new patient,
who answers "Several days" to item 9 (thoughts of self-harm) and sees, right away, where
to get help now; Dr. Chen gets an email without PHI, finds the answer on his Today, opens
the chart and marks it followed up, and it leaves Today.
Axe (0 serious) at 1280 and 375 px on the answered questionnaire, the chart and Today."""
from __future__ import annotations

import time
import uuid

from playwright.sync_api import expect

from tests.web.steps import USERS, heading, sign_in
from tests.web.test_accessibility import settle
from tests.web.test_checkin_walk import _accessible_at_both_widths

SUBJECT = "A questionnaire answer needs your follow-up"


def _new_patient(portal) -> tuple[str, str, str]:
    """(email, patient id, family name): a patient with an account (the demo password)."""
    from devserver.seed import DEMO_PASSWORD

    email, family = f"quinn.{uuid.uuid4().hex[:6]}@example.org", f"Follow{uuid.uuid4().hex[:4]}"
    patient = portal.call("POST", "/patients", {"given_name": "Quinn", "family_name": family, "birth_date": "1984-05-06",
                                                "sex": "unknown", "email": email}, as_user=USERS["front_desk"])
    portal.call("POST", f"/patients/{patient['patient_id']}/invitation", {}, as_user=USERS["front_desk"])
    import re

    code = re.search(r"activation code: (\S+)", portal.wait_for_message(email, "invitation")["body_text"]).group(1)
    portal.call("POST", "/auth/activate", {"code": code, "birth_date": "1984-05-06", "password": DEMO_PASSWORD})
    return email, patient["patient_id"], family


def _notice_for(portal, to: str, patient_id: str) -> dict:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [m for m in portal.messages() if m["to"] == to and m["subject"] == SUBJECT
                 and f"/#/staff/patients/{patient_id}#chart-questionnaires" in m["body_text"]]
        if found:
            assert len(found) == 1, found
            return found[0]
        time.sleep(0.2)
    raise AssertionError("no follow-up notice in the local mailbox")


def test_a_patient_reports_thoughts_of_self_harm_and_dr_chen_follows_up(new_page, portal, shot):
    email, pid, family = _new_patient(portal)
    phq9 = next(f for f in portal.call("GET", "/forms", as_user=USERS["provider"])["questionnaire"]
                if f["scored"] == "PHQ-9")
    ask = portal.call("POST", f"/patients/{pid}/questionnaire-requests", {"form_id": phq9["form_id"]},
                      as_user=USERS["provider"])

    page = new_page()
    sign_in(page, email)
    page.goto(f"/#/questionnaires/{ask['request_id']}")
    heading(page, phq9["title"])
    settle(page)
    for n in range(1, 10):
        item = page.locator("fieldset").filter(has=page.locator("legend", has_text=f"{n}. "))
        item.get_by_label("Several days" if n == 9 else "Not at all", exact=True).check()
    page.locator("fieldset").filter(has_text="how difficult").get_by_label("Somewhat difficult", exact=True).check()
    page.get_by_role("button", name="Send answers").click()
    crisis = page.get_by_role("region", name="If you need help now")
    expect(crisis).to_contain_text("call or text 988 (Suicide & Crisis Lifeline) or call 911 now")
    expect(crisis.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    _accessible_at_both_widths(page, shot, "answered-crisis")

    mail = _notice_for(portal, USERS["provider"], pid)
    for text in (mail["subject"], mail["body_text"], mail["body_html"]):
        for phi in ("Quinn", family, "1984", "PHQ", "Several days"):
            assert phi not in text, phi

    chen = new_page()
    sign_in(chen, "provider")
    chen.goto("/#/staff/today")
    settle(chen)
    card = chen.locator("[data-card=followups]")
    entry = card.get_by_role("link", name=f"{family}, Quinn")
    expect(entry).to_be_visible()
    expect(card.locator("li").filter(has_text=f"{family}, Quinn")).to_contain_text("Follow up")
    _accessible_at_both_widths(chen, shot, "today-followup")
    entry.click()
    section = chen.get_by_role("region", name="Questionnaires")
    expect(section.get_by_role("button", name="Mark followed up")).to_be_visible()
    _accessible_at_both_widths(chen, shot, "chart-followup")
    section.get_by_role("button", name="Mark followed up").click()
    expect(section.get_by_role("status")).to_contain_text("Marked followed up")
    expect(section).to_contain_text("Followed up by Dr. Wei Chen")
    expect(section.locator(".badge.ok")).to_have_text("Followed up")
    shot(chen, "chart-followed-up")

    chen.goto("/#/staff/today")
    settle(chen)
    expect(chen.locator("[data-card=followups]")).to_be_visible()
    expect(chen.locator("[data-card=followups]").get_by_role("link", name=f"{family}, Quinn")).to_have_count(0)


def test_the_check_in_shows_the_crisis_text_right_after_a_flagged_answer(new_page, portal, shot):
    email, pid, _ = _new_patient(portal)
    desk = USERS["front_desk"]
    physical = next(t for t in portal.call("GET", "/visit-types", as_user=desk)["items"] if t["name"] == "Annual physical")
    found = portal.call("GET", f"/availability?visit_type_id={physical['visit_type_id']}&days=6", as_user=desk)
    slot = next(s for d in found["dates"][2:] for s in d["slots"])  # inside the check-in window
    visit = portal.call("POST", f"/patients/{pid}/appointments",
                        {"visit_type_id": physical["visit_type_id"], "provider_id": slot["provider_id"],
                         "start": slot["start"], "reason": "Follow-up walk"}, as_user=desk)

    page = new_page()
    sign_in(page, email)
    page.goto(f"/#/appointments/{visit['appointment_id']}/checkin")
    heading(page, "Check in for Annual physical")
    settle(page)
    expect(page.get_by_role("region", name="If you need help now")).to_have_count(0)
    questions = page.locator("section.checkin-step").filter(has_text="5. Questionnaires")
    for n in range(1, 10):
        item = questions.locator("fieldset").filter(has=page.locator("legend", has_text=f"{n}. "))
        item.get_by_label("Nearly every day" if n == 9 else "Not at all", exact=True).check()
    questions.locator("fieldset").filter(has_text="how difficult").get_by_label("Very difficult", exact=True).check()
    questions.get_by_role("button", name="Send answers").click()
    expect(page.locator("main .notice-ok").first).to_contain_text("Answers sent to your clinician.")
    expect(page.get_by_role("region", name="If you need help now")).to_contain_text("988")
    _accessible_at_both_widths(page, shot, "checkin-crisis")

    # the visit's clinician is told once; a clinician follows up (the shared stack's Today as it was)
    deadline = time.monotonic() + 10
    while not (sent := [m for m in portal.messages() if m["subject"] == SUBJECT and pid in m["body_text"]]):
        assert time.monotonic() < deadline, "no follow-up notice"
        time.sleep(0.2)
    assert len(sent) == 1 and sent[0]["to"] in ("dr.chen@example.org", "amara.okafor@example.org"), sent
    listed = portal.call("GET", f"/patients/{pid}/questionnaire-responses", as_user=USERS["nurse"])["items"]
    follow_up = listed[0]["follow_up"]
    assert follow_up["open"]
    done = portal.call("POST", f"/patients/{pid}/questionnaire-responses/{follow_up['response_id']}/follow-up", {},
                       as_user=USERS["nurse"])
    assert done["followed_up_by_name"] == "Nina Patel, RN"


def test_the_admin_words_the_crisis_text_in_practice_information(new_page, portal, shot):
    from tests.web.steps import open_menu_item

    words = "Call or text 988, or call 911. Our on-call clinician: (312) 555-0100."
    page = new_page()
    sign_in(page, "admin")
    open_menu_item(page, "Practice information")
    box = page.get_by_label("Where to get help now (optional)")
    expect(box).to_have_value("")
    try:
        box.fill(words)
        page.get_by_role("button", name="Save practice information").click()
        expect(page.get_by_role("status").filter(has_text="Practice information saved")).to_be_visible()
        assert portal.call("GET", "/practice")["crisis_message"] == words
        _accessible_at_both_widths(page, shot, "practice-crisis")
    finally:
        portal.call("PATCH", "/practice", {"crisis_message": ""}, as_user=USERS["admin"])
