"""Dr. Chen writes the summary of a completed visit from one of his templates, previews it
exactly as the patient will see it, saves a draft, publishes, then amends it; Alex reads
the amended version with its mark. Axe finds nothing serious on the new pages."""
from __future__ import annotations

import re
import uuid

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import heading, open_menu_item, sign_in
from tests.web.test_accessibility import serious, settle
from tests.web.test_chart_and_account import open_chart


def no_serious_violations(page, axe=Axe()):
    settle(page)
    found = serious(axe.run(page))
    assert not found, found
    if page.viewport_size["width"] <= PHONE["width"]:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_chen_writes_previews_publishes_and_amends_a_summary_alex_reads(portal, new_page, shot):
    tag = uuid.uuid4().hex[:6]
    doctor = new_page()
    sign_in(doctor, "provider")

    # A template of his own, from the menu.
    open_menu_item(doctor, "Summary templates")
    heading(doctor, "My summary templates")
    new = doctor.get_by_role("form", name="Add a template")
    new.get_by_label("Template name").fill(f"Knee pain {tag}")
    new.get_by_label("Instructions for the patient (optional)").fill("Ice after running; knee exercises daily.")
    new.get_by_label("Follow-up (optional)").fill("Return in 6 weeks if not better.")
    new.get_by_role("button", name="Add template").click()
    expect(doctor.get_by_role("status")).to_contain_text(f"Template “Knee pain {tag}” added.")
    no_serious_violations(doctor)
    shot(doctor, "templates")

    # From the chart, start from the completed visit: date, clinician and reason prefilled.
    open_chart(doctor, "Morgan", "Alex")
    doctor.get_by_role("link", name="Write from a visit or template").click()
    heading(doctor, "Write a visit summary")
    picker = doctor.get_by_role("form", name="Start from a visit")
    choose = picker.get_by_label("Start from a visit (optional)")
    choose.select_option(choose.locator("option", has_text="Annual physical").first.get_attribute("value"))
    picker.get_by_role("button", name="Use this visit").click()
    expect(doctor.get_by_text(re.compile(r"^For the visit on .* with Dr\. Wei Chen"))).to_be_visible()
    summary = doctor.get_by_role("form", name="Visit summary")
    expect(summary.get_by_label("Reason for the visit")).to_have_value("Yearly check-up")
    expect(summary.get_by_label("Clinician")).to_have_value("Dr. Wei Chen")

    templates = doctor.get_by_role("form", name="Start from a template")
    templates.get_by_label("Start from one of my templates").select_option(label=f"Knee pain {tag}")
    templates.get_by_role("button", name="Use template").click()
    expect(summary.get_by_label("Instructions for the patient")).to_have_value("Ice after running; knee exercises daily.")
    summary.get_by_label("Assessment").fill(f"Patellofemoral pain {tag}")

    summary.get_by_role("button", name="Preview").click()
    preview = doctor.get_by_role("region", name="Preview: what the patient will see")
    expect(preview.get_by_role("heading", name="What we found")).to_be_visible()
    expect(preview).to_contain_text(f"Patellofemoral pain {tag}")
    expect(preview).to_contain_text("Return in 6 weeks if not better.")
    no_serious_violations(doctor)
    shot(doctor, "preview")

    summary.get_by_role("button", name="Save draft").click()
    expect(doctor.get_by_role("status")).to_contain_text("Draft saved")
    sid = doctor.url.rsplit("/", 1)[1]
    alex = new_page(viewport=PHONE)
    sign_in(alex, "alex")
    alex.goto(f"/#/visits/{sid}")
    expect(alex.get_by_role("heading", level=1)).to_have_text(re.compile("not found|could not be loaded|Not available",
                                                                         re.I))

    summary.get_by_role("button", name="Publish to the patient").click()
    heading(doctor, "Amend a visit summary")
    expect(doctor.get_by_role("status")).to_contain_text("Published. The patient can read it now")
    alex.goto("/#/home")
    alex.goto(f"/#/visits/{sid}")
    expect(alex.get_by_text(f"Patellofemoral pain {tag}")).to_be_visible()
    expect(alex.get_by_text("Amended", exact=True)).to_have_count(0)

    # The amendment: a reason, the earlier version kept.
    amend = doctor.get_by_role("form", name="Amend the visit summary")
    amend.get_by_label("Assessment").fill(f"Patellofemoral pain, both knees {tag}")
    amend.get_by_label("Reason for the amendment").fill("The left knee was examined too")
    amend.get_by_role("button", name="Amend and tell the patient").click()
    expect(doctor.get_by_role("status")).to_contain_text("Amended.")
    versions = doctor.get_by_role("region", name="Earlier versions")
    expect(versions).to_contain_text(f"Patellofemoral pain {tag}")
    expect(versions).to_contain_text("The left knee was examined too")
    no_serious_violations(doctor)
    shot(doctor, "amended-staff")

    alex.reload()
    expect(alex.get_by_text(f"Patellofemoral pain, both knees {tag}")).to_be_visible()
    mark = alex.locator("p.amended")
    expect(mark).to_contain_text("Amended")
    expect(mark).to_contain_text("The left knee was examined too")
    no_serious_violations(alex)
    shot(alex, "patient-amended")
    open_menu_item(alex, "Visit summaries")
    expect(alex.locator("li").filter(has=alex.locator(f"a[href='#/visits/{sid}']")).get_by_text("Amended")).to_be_visible()


def test_summary_pages_at_phone_width(portal, new_page, shot):
    doctor = new_page(viewport=PHONE)
    sign_in(doctor, "provider")
    alex_id = portal.patient_id("alex.morgan@example.org")
    doctor.goto(f"/#/staff/patients/{alex_id}/summaries/new")
    heading(doctor, "Write a visit summary")
    doctor.get_by_role("form", name="Visit summary").get_by_label("Assessment").fill("Phone check")
    doctor.get_by_role("button", name="Preview").click()
    no_serious_violations(doctor)
    shot(doctor, "editor-phone")
    doctor.goto("/#/staff/summary-templates")
    heading(doctor, "My summary templates")
    no_serious_violations(doctor)
