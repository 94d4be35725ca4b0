"""Issue 12, the practice's side in the browser: the admin connects a lab (credential shown
once, rotated, turned off); the front desk uploads a lab's file whose patient does not
match and files it under the right patient; a nurse enters a point-of-care strep test."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.results_helpers import message
from tests.web.conftest import DESKTOP
from tests.web.steps import USERS, heading, open_menu_item, sign_in


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
