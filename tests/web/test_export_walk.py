"""Exports in the browser (issue 16): a patient asks for their record, the page says
"Preparing your file...", the export worker makes it, the link appears and the email
arrives (without PHI); the link downloads a PDF pypdf reads and a FHIR Bundle. A
statement PDF goes the same way. The account page with a ready link passes axe."""
from __future__ import annotations

import io
import json
import re

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.web.conftest import DESKTOP, PHONE
from tests.web.steps import heading, sign_in
from tests.web.test_accessibility import serious
from tests.web.test_password_reset import FIRST, activated_patient


def test_a_patient_exports_their_record_and_the_email_and_link_arrive(portal, new_page, shot):
    from pypdf import PdfReader

    email = activated_patient(portal)
    page = new_page(viewport=PHONE)
    sign_in(page, email, FIRST)
    page.goto("/#/account")
    heading(page, "Account")
    section = page.locator("section[aria-labelledby=export-h]")
    section.get_by_role("button", name="Download PDF (to read or print)").click()
    expect(section.get_by_role("status")).to_have_text("Preparing your file...")
    shot(page, "preparing")
    link = section.get_by_role("link", name=re.compile(r"^Save health-record-\d{4}-\d\d-\d\d\.pdf$"))
    expect(link).to_be_visible()
    expect(section.get_by_role("status")).to_contain_text("Your PDF is ready. We also emailed you.")
    shot(page, "pdf-ready")

    message = portal.wait_for_message(email, "Your record export is ready")
    assert "River" not in message["body_text"] and "Stone" not in message["body_text"]
    assert portal.first_link(message) == f"{portal.url}/#/account"

    fetched = requests.get(link.get_attribute("href"), timeout=30)
    assert fetched.headers["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(fetched.content)).pages)
    assert "Health record of River Stone" in text

    section.get_by_role("button", name="Download FHIR file (for health apps)").click()
    fhir = section.get_by_role("link", name=re.compile(r"^Save health-record-.*\.json$"))
    with page.expect_download() as download:
        fhir.click()
    bundle = json.loads(open(download.value.path()).read())
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    assert [e["resource"]["name"][0]["family"] for e in bundle["entry"]
            if e["resource"]["resourceType"] == "Patient"] == ["Stone"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_the_account_page_with_a_ready_export_has_no_serious_accessibility_violations(viewport, portal, new_page,
                                                                                       shot):
    page = new_page(viewport=viewport)
    sign_in(page, "alex")
    page.goto("/#/account")
    heading(page, "Account")
    section = page.locator("section[aria-labelledby=export-h]")
    section.get_by_role("button", name="Download FHIR file (for health apps)").click()
    expect(section.get_by_role("link", name=re.compile(r"^Save health-record-"))).to_be_visible()
    shot(page, f"export-ready-{viewport['width']}")
    found = serious(Axe().run(page))
    assert not found, found


def test_a_statement_pdf_is_prepared_and_linked(portal, new_page, shot):
    from pypdf import PdfReader

    page = new_page()
    sign_in(page, "alex")
    page.goto("/#/billing")
    page.get_by_role("link", name=re.compile(r"S-1002")).first.click()
    heading(page, "Statement S-1002")
    page.get_by_role("button", name="Download PDF").click()
    link = page.get_by_role("link", name="Save statement-S-1002.pdf")
    expect(link).to_be_visible()
    shot(page, "statement-pdf-ready")
    fetched = requests.get(link.get_attribute("href"), timeout=30)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(fetched.content)).pages)
    assert "Statement S-1002 for Alex Morgan" in text
