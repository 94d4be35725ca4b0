"""The chart (clinicians write, hold, release, share) as the patient then sees it, and the
patient's account (contact details, notifications, access log, record download)."""
from __future__ import annotations

import json
import re
import uuid

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in
from tests.web.test_patient_walk import PDF


def open_chart(page, family: str, given: str) -> None:
    page.goto("/#/staff")
    page.get_by_label("Find a patient").fill(family)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=f"{family}, {given}").click()
    heading(page, f"{given} {family}")


def test_provider_holds_a_summary_releases_it_and_shares_a_document(portal, new_page, shot, tmp_path):
    tag = uuid.uuid4().hex[:6]
    doctor = new_page()
    sign_in(doctor, "provider")
    open_chart(doctor, "Morgan", "Alex")
    summaries = doctor.locator("#chart-visits")
    summaries.get_by_text("Write a visit summary").click()
    summaries.get_by_label("Reason for the visit").fill(f"Biopsy results {tag}")
    summaries.get_by_label("Assessment").fill("Discussed the findings.")
    summaries.get_by_label("Hold from the patient for now").fill("Discuss in person first")
    summaries.get_by_role("button", name="Save visit summary").click()
    expect(summaries.get_by_role("status")).to_contain_text("Saved and held")
    held = summaries.locator("li").filter(has_text=f"Biopsy results {tag}")
    expect(held).to_contain_text("Held by Dr. Wei Chen: Discuss in person first")
    shot(doctor, "chart-summary-held")

    patient = new_page(viewport=PHONE)
    sign_in(patient, "alex")
    open_menu_item(patient, "Visit summaries")
    expect(patient.get_by_text("Your clinician is reviewing this visit summary").first).to_be_visible()
    expect(patient.get_by_text(f"Biopsy results {tag}")).to_have_count(0)  # nothing of it shows while held

    held.get_by_role("button", name="Release to the patient").click()
    expect(summaries.get_by_role("status")).to_contain_text("The hold was lifted")
    patient.reload()
    expect(patient.get_by_text(f"Biopsy results {tag}")).to_be_visible()

    # A document from the practice, shared with the patient.
    upload = tmp_path / f"lab-letter-{tag}.pdf"
    upload.write_bytes(PDF)
    documents = doctor.locator("#chart-documents")
    documents.get_by_label("What is it?").select_option("letter")
    documents.get_by_label("File").set_input_files(str(upload))
    documents.get_by_role("button", name="Upload").click()
    row = documents.locator("li").filter(has_text=f"lab-letter-{tag}.pdf")
    expect(row).to_contain_text("not shared")
    row.get_by_role("button", name=f"Share with patient lab-letter-{tag}.pdf").click()
    expect(documents.locator("li").filter(has_text=f"lab-letter-{tag}.pdf")).to_contain_text("shared with the patient")
    shot(doctor, "chart-document-shared")
    open_menu_item(patient, "Documents")
    expect(patient.locator("li.doc").filter(has_text=f"lab-letter-{tag}.pdf")).to_contain_text("from Dr. Wei Chen")

    # The admin's holds report lists the hold, lifted.
    admin = new_page()
    sign_in(admin, "admin")
    open_menu_item(admin, "Holds report")
    expect(admin.locator("tr").filter(has_text="Discuss in person first").first).to_contain_text("Dr. Wei Chen")


def test_patient_account_contact_notifications_access_log_and_record_download(portal, new_page, shot):
    page = new_page()
    sign_in(page, "jordan")
    page.goto("/#/account")
    heading(page, "Account")
    contact = page.locator("form[aria-labelledby=contact-h]")
    contact.get_by_label("Mobile phone").fill("12")
    contact.get_by_role("button", name="Save contact details").click()
    expect(contact.locator("[data-field=phone] .error")).to_have_text(
        "Enter a phone number with its area code, for example (312) 555-0101.")
    contact.get_by_label("Mobile phone").fill("(312) 555-0177")
    contact.get_by_role("button", name="Save contact details").click()
    expect(contact.get_by_role("status")).to_have_text("Contact details saved.")

    prefs = page.locator("form[aria-labelledby=prefs-h]")
    prefs.get_by_label("Text me").check()
    prefs.get_by_role("button", name="Save notification choices").click()
    expect(prefs.get_by_role("status")).to_have_text("Notification choices saved.")
    page.reload()
    expect(page.locator("form[aria-labelledby=contact-h]").get_by_label("Mobile phone")).to_have_value("(312) 555-0177")
    expect(page.locator("form[aria-labelledby=prefs-h]").get_by_label("Text me")).to_be_checked()

    log = page.locator(".access-log")
    expect(log.locator("li").filter(has_text="Jordan Morgan (patient) changed contact details").first).to_be_visible()
    shot(page, "account")

    # Issue 16: the export worker makes the file; the page says so, then offers the link.
    page.get_by_role("button", name="Download FHIR file (for health apps)").click()
    expect(page.get_by_text("Preparing your file...")).to_be_visible()
    with page.expect_download() as fhir:
        page.get_by_role("link", name=re.compile(r"^Save health-record-.*\.json$")).click()
    bundle = json.loads(open(fhir.value.path()).read())
    assert bundle["resourceType"] == "Bundle"
    assert any(e["resource"]["resourceType"] == "Patient" for e in bundle["entry"])
    page.get_by_role("button", name="Download PDF (to read or print)").click()
    with page.expect_download() as pdf:
        page.get_by_role("link", name=re.compile(r"^Save health-record-.*\.pdf$")).click()
    assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"
