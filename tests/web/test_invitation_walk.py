"""Staff create a patient and invite them; the patient activates from the email and lands home."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import open_menu_item, heading, sign_in

NEW_PASSWORD = "Robin-Portal-2026!"


def test_staff_invite_and_patient_activates_from_the_email_link(portal, new_page, shot):
    family = f"Lee{uuid.uuid4().hex[:6]}"
    email = f"robin.{family.lower()}@example.org"

    staff = new_page()
    sign_in(staff, "front_desk")
    heading(staff, "Today")  # the staff landing page (issue 14)
    open_menu_item(staff, "Patients")
    heading(staff, "Patients")
    shot(staff, "staff-directory")
    staff.get_by_role("link", name="New patient").click()
    heading(staff, "New patient")
    staff.get_by_label("Given name").fill("Robin")
    staff.get_by_label("Family name").fill(family)
    staff.get_by_label("Date of birth").fill("1990-05-06")
    staff.get_by_label("Sex").select_option("female")
    staff.get_by_label("Email", exact=True).fill(email)
    staff.get_by_label("Mobile phone").fill("(312) 555-0199")
    expect(staff.get_by_label("Send the portal invitation by email now")).to_be_checked()
    shot(staff, "new-patient-form")
    staff.get_by_role("button", name="Create patient").click()

    heading(staff, f"Robin {family}")
    expect(staff.get_by_role("status").filter(has_text="invitation email was sent")).to_be_visible()
    expect(staff.get_by_text("Invited", exact=True)).to_be_visible()
    shot(staff, "chart-after-invite")

    message = portal.wait_for_message(email, "invitation")
    assert family not in message["body_text"] and "Robin" not in message["body_text"], "no names in email"
    link = portal.first_link(message)
    assert link.startswith(f"{portal.url}/#/activate?code="), link

    patient = new_page(viewport=PHONE)
    patient.goto(link)
    heading(patient, "Activate your account")
    code = re.search(r"code=([^&\s]+)", link).group(1)
    expect(patient.get_by_label("Activation code")).to_have_value(code)
    shot(patient, "activate")

    # A wrong date of birth is refused, with the message next to that field.
    patient.get_by_label("Date of birth").fill("1990-05-07")
    patient.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    patient.get_by_label("Type the new password again").fill(NEW_PASSWORD)
    patient.get_by_role("button", name="Activate my account").click()
    dob_error = patient.locator("[data-field=birth_date] .error")
    expect(dob_error).to_have_text("The date of birth does not match our records.")
    expect(patient.get_by_label("Date of birth")).to_be_focused()
    shot(patient, "activate-wrong-birth-date")

    patient.get_by_label("Date of birth").fill("1990-05-06")
    patient.get_by_role("button", name="Activate my account").click()
    heading(patient, "Hello, Robin")
    expect(patient.get_by_test_id("record-owner")).to_have_text(f"Robin {family}")
    expect(patient.get_by_text("For emergencies call 911.").first).to_be_visible()
    shot(patient, "home-after-activation")

    # The chart now shows the patient as active.
    staff.reload()
    expect(staff.get_by_text("Active", exact=True)).to_be_visible()
