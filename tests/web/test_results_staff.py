"""Issue 12, the practice's side in the browser: the admin connects a lab (credential shown
once, rotated, turned off); the front desk uploads a lab's file whose patient does not
match and files it under the right patient; a nurse enters a point-of-care strep test."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.results_helpers import message
from tests.web.conftest import DESKTOP
from tests.web.steps import USERS, heading, open_menu_item, sign_in

MORE_THAN_A_PAGE = 51  # the results pages ask for 50 at a time (issue 16)


def _as(portal, email: str):
    """The API as one user, signed in once (the page tests make 51 results)."""
    import json
    import urllib.request

    token = portal.token(email)

    def call(method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(f"{portal.url}/api{path}", method=method, data=json.dumps(body).encode()
                                         if body is not None else None,
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=15) as res:
            return json.load(res)
    return call


def test_the_admin_connects_a_lab_and_rotates_and_turns_off_its_credential(portal, new_page, shot):
    ada = new_page(viewport=DESKTOP)
    sign_in(ada, "admin")
    open_menu_item(ada, "Connected systems")
    heading(ada, "Connected systems")
    expect(ada.get_by_role("row").filter(has_text="Midwest Reference Lab interface")).to_be_visible()
    ada.get_by_label("Name").fill("Springfield Memorial lab")
    ada.get_by_role("button", name="Create credential").click()
    expect(ada.locator("code.credential")).to_have_text(re.compile(r"^results-[0-9a-f]+\.\S{20,}$"))
    shot(ada, "credential-shown-once")
    ada.reload()
    heading(ada, "Connected systems")
    row = ada.get_by_role("row").filter(has_text="Springfield Memorial lab")
    expect(ada.locator("code.credential")).to_have_count(0)  # never shown again
    row.get_by_role("button", name="New credential").click()
    expect(ada.get_by_text("the old one works for 24 more hours")).to_be_visible()
    row.get_by_role("button", name="Turn off").click()
    expect(row.get_by_text("Turned off")).to_be_visible()


def test_front_desk_files_an_unmatched_result_under_the_right_patient(portal, new_page, tmp_path, shot):
    alex_id = portal.patient_id(USERS["alex"])
    alex = portal.call("GET", f"/patients/{alex_id}", as_user=USERS["front_desk"])
    sent = tmp_path / "strep.hl7"
    sent.write_bytes(message("lri_strep_cwe_251.hl7", {**alex, "birth_date": "1984-03-21"}))  # a typo at the lab

    frank = new_page(viewport=DESKTOP)
    sign_in(frank, "front_desk")
    open_menu_item(frank, "Unmatched results")
    heading(frank, "Unmatched results")
    frank.get_by_label("HL7 v2 result file (ORU^R01)").set_input_files(str(sent))
    frank.get_by_role("button", name="Upload").click()
    expect(frank.get_by_text(re.compile("Held for patient matching at the practice: the birth date differs"))).to_be_visible()
    frank.reload()
    heading(frank, "Unmatched results")
    card = frank.locator("li.card").filter(has_text="Strep throat test (rapid)").filter(has_text="March 21, 1984")
    expect(card).to_be_visible()
    shot(frank, "unmatched")
    card.get_by_role("button", name="Find").click()
    card.get_by_role("button", name="File under Alex Morgan").click()
    expect(frank.get_by_role("status").filter(has_text="Filed under Alex Morgan.")).to_be_visible()


def test_a_nurse_enters_a_point_of_care_strep_test_in_the_chart(portal, new_page, shot):
    sam = portal.call("GET", "/patients?name=morgan", as_user=USERS["nurse"])["items"]
    sam_id = next(p["patient_id"] for p in sam if p["given_name"] == "Sam")
    nina = new_page(viewport=DESKTOP)
    sign_in(nina, "nurse")
    nina.goto(f"/#/staff/patients/{sam_id}")
    section = nina.locator("#chart-results")
    listed = section.locator("ul.list > li").filter(has_text="Strep A antigen, rapid")
    expect(listed).to_have_count(1)  # the seeded one
    section.get_by_text("Enter a point-of-care result").click()
    section.get_by_label("Test", exact=True).select_option("strep")
    section.get_by_label("Strep A antigen, rapid").select_option("Detected")
    section.get_by_role("button", name="Save result").click()
    expect(section.get_by_text("Saved. The patient can see the result.")).to_be_visible()
    expect(listed).to_have_count(2)
    shot(nina, "chart-results")


def test_the_unmatched_results_page_shows_more_than_a_page(portal, new_page, shot):
    """Issue 16: the queue answers a page at a time (50); "Show more unmatched results" goes on
    from the last one shown, each message once. Fresh not-our-patient messages, dismissed after."""
    from tests.web.test_front_desk_chart import axe_both_widths

    call = _as(portal, USERS["front_desk"])
    count = MORE_THAN_A_PAGE
    for i in range(count):
        raw = message("lri_a1c_251.hl7", {"mrn": f"98770{i:04d}", "family_name": "Flatpage",
                                           "given_name": f"Ann{i:02d}", "birth_date": "1970-02-02"})
        call("POST", "/results/upload", {"message": raw.decode()})
    try:
        frank = new_page(viewport=DESKTOP)
        sign_in(frank, "front_desk")
        open_menu_item(frank, "Unmatched results")
        heading(frank, "Unmatched results")
        ours = frank.locator("li.card").filter(has_text="FLATPAGE")
        more = frank.get_by_role("button", name="Show more unmatched results")
        expect(more).to_be_visible()
        shown = ours.count()
        assert shown < count  # the newest are not on the first page
        more.click()
        expect(frank.get_by_role("status").filter(has_text="more shown")).to_be_visible()
        expect(ours).to_have_count(count)  # each exactly once across the pages
        expect(ours.last).to_contain_text(f"ANN{count - 1:02d}")  # oldest first: the last sent is last
        shot(frank, "unmatched-more")
        axe_both_widths(frank, "unmatched results, second page")
    finally:
        cursor = None
        while True:
            page = call("GET", "/results-match-queue?limit=100" + (f"&cursor={cursor}" if cursor else ""))
            for item in page["items"]:
                if item["patient_in_message"]["family_name"].upper() == "FLATPAGE":
                    call("POST", f"/results-match-queue/{item['message_id']}/dismiss",
                         {"note": "Not our patient (test)."})
            cursor = page["cursor"]
            if not cursor:
                break


def test_the_results_inbox_shows_more_than_a_page(portal, new_page, shot):
    """Issue 16: Dr. Chen with more than 50 results waiting: "Show more results" brings the rest,
    each once, in the inbox's order. A fresh patient's 51 point-of-care results, reviewed after."""
    import uuid

    from tests.web.test_front_desk_chart import axe_both_widths

    chen_api = _as(portal, USERS["provider"])
    family = f"Flatinbox{uuid.uuid4().hex[:5]}"
    patient = portal.call("POST", "/patients", {"given_name": "Page", "family_name": family, "birth_date": "1980-02-03",
                                                "sex": "unknown"}, as_user=USERS["front_desk"])
    pid = patient["patient_id"]
    ids = [chen_api("POST", f"/patients/{pid}/results", {"test": "glucose", "values": {"2345-7": "92"}})["report_id"]
           for _ in range(MORE_THAN_A_PAGE)]
    try:
        chen = new_page(viewport=DESKTOP)
        sign_in(chen, "provider")
        open_menu_item(chen, "Results inbox")
        heading(chen, "Results inbox")
        ours = chen.locator("li.result-card").filter(has_text=family)
        more = chen.get_by_role("button", name="Show more results")
        expect(more).to_be_visible()
        assert ours.count() < MORE_THAN_A_PAGE  # the newest are not on the first page
        while more.is_visible():
            more.click()
            expect(chen.get_by_role("status").filter(has_text=re.compile("more shown|No more"))).to_be_visible()
        expect(ours).to_have_count(MORE_THAN_A_PAGE)  # each exactly once across the pages
        shot(chen, "results-inbox-more")
        # reviewing one of the second page works like on the first
        ours.last.get_by_role("button", name="Mark reviewed").click()
        expect(ours).to_have_count(MORE_THAN_A_PAGE - 1)
        axe_both_widths(chen, "results inbox, more than a page")
    finally:
        for rid in ids:  # out of Dr. Chen's inbox again (one was reviewed in the page: again is harmless)
            chen_api("POST", f"/patients/{pid}/results/{rid}/review", {})
