"""A patient reads a visit summary, uploads a document and asks for a correction;
the nurse accepts it in the review queue; the patient sees the record changed."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_patient_reads_uploads_corrects_and_sees_the_nurses_acceptance(portal, new_page, shot, tmp_path):
    tag = uuid.uuid4().hex[:6]
    priya = portal.patient_id(USERS["priya"])
    # The practice's side, set up through the API: a visit summary and a medication.
    visit = portal.call("POST", f"/patients/{priya}/visit-summaries", {
        "visit_date": "2026-01-15", "provider_name": "Dr. Wei Chen", "reason": f"Knee pain {tag}",
        "assessment": "Mild strain of the left knee.", "instructions": "Ice twice a day and rest for a week."},
        as_user=USERS["provider"])
    medication = f"Naproxen {tag}"
    portal.call("POST", f"/patients/{priya}/health/medications",
                {"medication": medication, "dosage": "250 mg", "status": "active"}, as_user=USERS["nurse"])

    page = new_page(viewport=PHONE)
    sign_in(page, "priya")
    heading(page, "Hello, Priya")
    # The new summary is waiting on the home, one tap from it.
    expect(page.locator(f'a[href="#/visits/{visit["summary_id"]}"]')).to_have_text("Read it")
    shot(page, "home-with-new-visit-summary")

    # Open the visit summary from the menu, then read it.
    open_menu_item(page, "Visit summaries")
    heading(page, "Visit summaries")
    shot(page, "visit-summaries")
    page.get_by_role("link", name="Visit on January 15, 2026").first.click()
    heading(page, "Visit on January 15, 2026")
    expect(page.get_by_text(f"Knee pain {tag}")).to_be_visible()
    expect(page.get_by_text("Ice twice a day and rest for a week.")).to_be_visible()
    shot(page, "visit-summary-reader")
    assert visit["summary_id"] in page.url

    # Upload a document, with progress, and find it in the list.
    open_menu_item(page, "Documents")
    heading(page, "Documents")
    upload = tmp_path / f"insurance-{tag}.pdf"
    upload.write_bytes(PDF)
    page.get_by_label("What is it?").select_option("insurance_card")
    page.get_by_label("File").set_input_files(str(upload))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status").filter(has_text=f"insurance-{tag}.pdf was uploaded")).to_be_visible()
    listed = page.locator("li.doc").filter(has_text=f"insurance-{tag}.pdf")
    expect(listed).to_contain_text("Insurance card")
    expect(listed).to_contain_text("uploaded by you")
    shot(page, "documents-after-upload")
    with page.expect_download() as downloaded:
        page.get_by_role("button", name=f"Download insurance-{tag}.pdf").click()
    assert downloaded.value.suggested_filename == f"insurance-{tag}.pdf"

    # Ask for a correction: the dose is wrong.
    open_menu_item(page, "Health summary")
    heading(page, "Health summary")
    entry = page.locator("li.entry").filter(has_text=medication)
    entry.get_by_text("Ask for a correction").click()
    entry.get_by_label("Dose (optional)").fill("500 mg")
    entry.get_by_label("Anything the practice should know").fill("The pharmacy label says 500 mg.")
    shot(page, "correction-form")
    entry.get_by_role("button", name="Send correction").click()
    expect(page.get_by_role("status").filter(has_text="The practice will review your correction")).to_be_visible()
    requests = page.locator("section[aria-labelledby=requests-h]")
    expect(requests.get_by_text(f"Correct {medication}")).to_be_visible()
    expect(requests.get_by_text("Waiting for the practice").first).to_be_visible()
    shot(page, "health-summary-request-pending")

    # The nurse accepts it in the review queue, in one step.
    nurse = new_page()
    sign_in(nurse, "nurse")
    open_menu_item(nurse, "Review queue")
    heading(nurse, "Review queue")
    card = nurse.locator("li.review-item").filter(has_text=medication)
    expect(card.get_by_text("500 mg", exact=True)).to_be_visible()
    shot(nurse, "review-queue")
    card.get_by_role("button", name="Accept").click()
    expect(nurse.get_by_role("status").filter(has_text=f"Accepted: Correct medication: {medication}")).to_be_visible()
    expect(card).to_have_count(0)
    shot(nurse, "review-queue-after-accept")

    # The patient sees the corrected dose and the answer.
    page.reload()
    heading(page, "Health summary")
    entry = page.locator("li.entry").filter(has_text=medication)
    expect(entry.get_by_text("Dose: 500 mg")).to_be_visible()
    expect(requests.get_by_text("Accepted").first).to_be_visible()
    shot(page, "health-summary-after-acceptance")
