"""Alex keeps his pharmacy on file and asks for a refill; Nina accepts it saying how it
was sent; Alex reads where to pick it up. The email only says a request was answered."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in
from tests.web.test_summary_walk import no_serious_violations


def test_alex_refill_goes_to_his_pharmacy_and_he_reads_where_to_pick_it_up(portal, new_page, shot):
    tag = uuid.uuid4().hex[:6]
    alex_id = portal.patient_id(USERS["alex"])
    medication = f"Metformin {tag}"
    portal.call("POST", f"/patients/{alex_id}/health/medications", {"medication": medication, "dosage": "500 mg"},
                as_user=USERS["nurse"])

    alex = new_page(viewport=PHONE)
    sign_in(alex, "alex")
    open_menu_item(alex, "Health summary")
    heading(alex, "Health summary")
    pharmacy = alex.get_by_role("region", name="Your pharmacy")
    expect(pharmacy).to_contain_text("Walgreens, Main Street")  # seeded
    pharmacy.get_by_text("Change the pharmacy").click()
    pharmacy.get_by_label("Pharmacy name").fill(f"Elm Street Pharmacy {tag}")
    pharmacy.get_by_label("Pharmacy phone").fill("(312) 555-0188")
    pharmacy.get_by_label("Street address (optional)").fill("300 Elm Street")
    pharmacy.get_by_role("button", name="Save pharmacy").click()
    expect(pharmacy.get_by_role("status")).to_contain_text(f"Saved: refills go to Elm Street Pharmacy {tag}.")

    entry = alex.locator("li.entry").filter(has_text=medication)
    entry.get_by_text("Request a refill").click()
    entry.get_by_role("button", name="Send refill request").click()
    expect(alex.get_by_role("status").filter(has_text=f"Refill of {medication} requested")).to_be_visible()
    no_serious_violations(alex)
    shot(alex, "health-pharmacy")

    nina = new_page()
    sign_in(nina, "nurse")
    open_menu_item(nina, "Review queue")
    heading(nina, "Review queue")
    card = nina.locator("li.review-item").filter(has_text=medication)
    expect(card).to_contain_text(f"Elm Street Pharmacy {tag}")
    card.get_by_role("button", name="Accept").click()
    expect(card.locator("[data-field=sent_by] .error")).to_contain_text("Say how the refill was sent")
    card.get_by_label("How was it sent?").select_option("eprescribed")
    no_serious_violations(nina)
    shot(nina, "review-refill")
    card.get_by_role("button", name="Accept").click()
    expect(nina.get_by_role("status").filter(has_text=f"Accepted: Refill: {medication}")).to_be_visible()

    mail = portal.wait_for_message(USERS["alex"], "has an answer")
    assert medication.lower() not in (mail["subject"] + mail["body_text"]).lower()
    assert "elm street" not in (mail["subject"] + mail["body_text"]).lower()

    alex.reload()
    heading(alex, "Health summary")
    request = alex.locator("section[aria-labelledby=requests-h] li").filter(has_text=f"Refill of {medication}")
    expect(request.locator(".pickup")).to_contain_text(
        f"Sent electronically (e-prescription) to Elm Street Pharmacy {tag}. Pick it up there: 300 Elm Street")
    expect(request.locator(".pickup")).to_contain_text("(312) 555-0188")
    shot(alex, "refill-pickup")

    # Staff see it in the chart too.
    nina.goto(f"/#/staff/patients/{alex_id}")
    expect(nina.get_by_role("region", name="Pharmacy")).to_contain_text(f"Elm Street Pharmacy {tag}")
    no_serious_violations(nina)
