"""Delegation with consent in the browser (issue 9): the front desk asks for a grant to
an adult patient, the patient approves it on their Account page (reached from the
email), and only then does the caregiver see the chart; or the front desk records the
patient's signed form. The pages with a waiting request have no serious axe findings at
phone and desktop widths."""
from __future__ import annotations

import re
import urllib.error
import uuid

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from devserver.seed import DEMO_PASSWORD
from tests.web.conftest import DESKTOP, PHONE
from tests.web.steps import USERS, heading, sign_in
from tests.web.test_accessibility import serious, settle


SIGNED_FORM = b"%PDF-1.4\n% a scanned, signed proxy consent form\n" + b"0" * 300


def _account(portal, given: str, family: str, birth_date: str = "1980-05-05") -> dict:
    """A fresh adult with a portal account: registered, invited and activated as a patient would."""
    email = f"{given.lower()}.{uuid.uuid4().hex[:8]}@example.org"
    patient = portal.call("POST", "/patients", {"given_name": given, "family_name": family, "birth_date": birth_date,
                                                "sex": "female", "email": email}, as_user=USERS["front_desk"])
    portal.call("POST", f"/patients/{patient['patient_id']}/invitation", {}, as_user=USERS["front_desk"])
    mail = portal.wait_for_message(email, "invitation")
    code = re.search(r"activation code: ([0-9A-Z]{4}-[0-9A-Z]{4})", mail["body_text"]).group(1)
    portal.call("POST", "/auth/activate", {"code": code, "birth_date": birth_date, "password": DEMO_PASSWORD})
    return {**patient, "email": email, "name": f"{given} {family}"}


def _axe_clean(page, label: str) -> None:
    settle(page)
    found = serious(Axe().run(page))
    assert not found, f"{label}: " + "\n".join(found)


def _chart(page, patient):
    page.goto(f"/#/staff/patients/{patient['patient_id']}")
    heading(page, patient["name"])
    return page.locator("section").filter(has=page.get_by_role("heading", name="Proxy access"))


def test_the_patient_approves_in_the_portal_and_then_the_caregiver_sees_the_chart(portal, new_page, shot):
    patient = _account(portal, "Consenting", "Adult")
    helper = _account(portal, "Helping", "Daughter")

    desk = new_page()
    sign_in(desk, "front_desk")
    proxies = _chart(desk, patient)
    proxies.get_by_label("Caregiver's portal email").fill(helper["email"])
    proxies.get_by_label("Relationship").fill("daughter")
    proxies.get_by_label("Access", exact=True).select_option("full")
    proxies.get_by_role("button", name="Grant access").click()
    expect(desk.get_by_role("status").filter(has_text="The patient was asked to approve")).to_be_visible()
    row = proxies.locator("li.proxy-grant").filter(has_text=helper["name"])
    expect(row).to_contain_text("Waiting for the patient's consent")
    shot(desk, "chart-request-waiting")
    _axe_clean(desk, "chart with a waiting request (desktop)")

    # Before the patient answers, the caregiver has nothing.
    assert all(p["patient_id"] != patient["patient_id"]
               for p in portal.call("GET", "/me", as_user=helper["email"])["patients"])

    mail = portal.wait_for_message(patient["email"], "asked for access")
    link = portal.first_link(mail)
    assert link.endswith("/#/account"), link
    for viewport, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page = new_page(viewport=viewport)
        sign_in(page, patient["email"])
        if viewport is PHONE:  # the home says a request waits, and leads to it
            card = page.locator("li.card.attention").filter(has_text="Someone asked for access to your record")
            card.get_by_role("link", name="Approve or decline").click()
            heading(page, "Account")
        else:
            page.goto("/#/account")
        card = page.locator("article.consent-request")
        expect(card.get_by_role("heading", name=f"{helper['name']} asked for access to your record")).to_be_visible()
        expect(card).to_contain_text("full access: everything you can see and do in the portal, as your daughter")
        shot(page, f"account-request-{label}")
        _axe_clean(page, f"account with a request ({label})")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], width
    card.get_by_role("button", name=f"Approve access for {helper['name']}").click()
    expect(card).to_contain_text(f"Give {helper['name']} full access to your record?")
    card.get_by_role("button", name="Yes, approve").click()
    expect(page.get_by_role("status").filter(has_text=f"{helper['name']} can now act for you")).to_be_visible()
    people = page.locator("#access")
    expect(people).to_contain_text("Full access")
    expect(page.locator("article.consent-request")).to_have_count(0)
    shot(page, "account-approved")

    caregiver = new_page(viewport=PHONE)
    sign_in(caregiver, helper["email"])
    caregiver.get_by_label("Switch record").select_option(label=patient["name"])
    expect(caregiver.get_by_test_id("record-owner")).to_have_text(patient["name"])
    caregiver.goto("/#/health")
    heading(caregiver, "Health summary")
    shot(caregiver, "caregiver-sees-health")

    desk.reload()
    proxies = desk.locator("section").filter(has=desk.get_by_role("heading", name="Proxy access"))
    expect(proxies.locator("li.proxy-grant").filter(has_text=helper["name"])).to_contain_text(
        "Approved by the patient in the portal")


def test_the_front_desk_records_written_consent(portal, new_page, shot):
    patient = _account(portal, f"Paper{uuid.uuid4().hex[:4]}", "Signer", birth_date="1950-02-02")
    helper = _account(portal, "Paper", "Son")
    asked = portal.call("POST", f"/patients/{patient['patient_id']}/proxies",
                        {"grantee_email": helper["email"], "scope": "full", "relationship": "son"},
                        as_user=USERS["front_desk"])
    assert asked["status"] == "pending"

    for viewport, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        desk = new_page(viewport=viewport)
        sign_in(desk, "front_desk")
        proxies = _chart(desk, patient)
        expect(proxies.get_by_role("form", name=f"Record written consent for {helper['name']}")).to_be_visible()
        shot(desk, f"chart-written-consent-form-{label}")
        _axe_clean(desk, f"chart with the written consent form ({label})")
    form = proxies.get_by_role("form", name=f"Record written consent for {helper['name']}")
    form.get_by_label("Date the patient signed the form").fill(portal.today().isoformat())
    form.get_by_role("button", name="Record written consent").click()
    expect(form.get_by_text("Attach the scanned form or say where the paper is kept")).to_be_visible()
    # The scan goes through the document flow (registered and checked), then is linked to the grant.
    form.get_by_label("Scanned signed form").set_input_files(
        {"name": "consent-signed.pdf", "mimeType": "application/pdf", "buffer": SIGNED_FORM})
    form.get_by_label("Where the signed form is kept").fill("Consent binder, page 4")
    form.get_by_role("button", name="Record written consent").click()
    expect(desk.get_by_role("status").filter(has_text="Written consent recorded")).to_be_visible()
    row = proxies.locator("li.proxy-grant").filter(has_text=helper["name"])
    expect(row).to_contain_text("Active")
    expect(row).to_contain_text("(Consent binder, page 4)")
    expect(row).to_contain_text("the scanned form is in Documents")
    expect(row.get_by_role("button", name=f"Open the signed form for {helper['name']}")).to_be_visible()
    documents = desk.locator("#chart-documents")
    expect(documents.locator("li.row").filter(has_text="consent-signed.pdf")).to_contain_text(
        "Proxy consent form")
    expect(documents.locator("li.row").filter(has_text="consent-signed.pdf")).to_contain_text("shared with the patient")
    shot(desk, "chart-written-consent-recorded")
    _axe_clean(desk, "chart with written consent and its scan (desktop)")
    assert portal.call("GET", f"/patients/{patient['patient_id']}", as_user=helper["email"])["patient_id"] \
        == patient["patient_id"]
    grant = portal.call("GET", f"/patients/{patient['patient_id']}/proxies", as_user=USERS["front_desk"])["items"][0]
    assert grant["consent_document_id"] and grant["consent"] == "written"

    # The patient sees who acts for them on the strength of the form, and the form itself.
    own = new_page(viewport=PHONE)
    sign_in(own, patient["email"])
    own.goto("/#/account")
    people = own.locator("#access")
    expect(people).to_contain_text(f"You signed a consent form on {portal.today().strftime('%B')}")
    expect(people.get_by_role("button", name=f"Your signed form for {helper['name']}")).to_be_visible()
    people.scroll_into_view_if_needed()
    shot(own, "account-signed-form-phone")
    _axe_clean(own, "account with a written consent (phone)")
    own.goto("/#/documents")
    expect(own.locator("main")).to_contain_text("Proxy consent form")


def test_the_admin_sets_the_young_patients_rules(portal, new_page, shot):
    """The minimum age for an account and parents' access for 12 to 17, on the practice
    settings; the shared devserver's defaults are restored whatever happens."""
    born = portal.today().replace(year=portal.today().year - 14).isoformat()
    teen = portal.call("POST", "/patients", {"given_name": f"Young{uuid.uuid4().hex[:4]}", "family_name": "Fourteen",
                                             "birth_date": born, "sex": "female",
                                             "email": f"young.{uuid.uuid4().hex[:8]}@example.org"},
                       as_user=USERS["front_desk"])
    try:
        for viewport, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
            page = new_page(viewport=viewport)
            sign_in(page, "admin")
            page.goto("/#/staff/practice")
            young = page.get_by_role("group", name="Young patients")
            choice = young.get_by_label("Parents' and guardians' access for patients aged 12 to 17")
            expect(choice).to_have_value("limited")
            minimum = young.get_by_label("Minimum age for a portal account")
            expect(minimum).to_have_value("13")
            young.scroll_into_view_if_needed()
            shot(page, f"practice-young-patients-{label}")
            _axe_clean(page, f"practice settings ({label})")
        minimum.fill("11")
        page.get_by_role("button", name="Save practice information").click()
        expect(young.get_by_text("a whole number of years from 12 to 18")).to_be_visible()
        assert portal.call("GET", "/practice")["min_account_age"] == 13
        minimum.fill("15")
        choice.select_option("full")
        page.get_by_role("button", name="Save practice information").click()
        expect(page.get_by_role("status").filter(has_text="Practice information saved")).to_be_visible()
        saved = portal.call("GET", "/practice")
        assert saved["teen_proxy_access"] == "full" and saved["min_account_age"] == 15
        shot(page, "practice-young-patients-saved")
        # The change is in the audit trail of the practice settings, by name, under the admin's.
        page.goto("/#/staff/audit")
        page.get_by_role("link", name="Changes to the practice settings").click()
        heading(page, "Audit: practice settings")
        expect(page.locator("ol.access-log li").first).to_contain_text(
            "changed practice settings: minimum age for a portal account, parents' access for patients aged 12 to 17")
        shot(page, "practice-settings-audit")
        _axe_clean(page, "practice settings audit (desktop)")
        # A 14-year-old may not get an account now.
        try:
            portal.call("POST", f"/patients/{teen['patient_id']}/invitation", {}, as_user=USERS["front_desk"])
            raise AssertionError("a 14-year-old was invited under a minimum age of 15")
        except urllib.error.HTTPError as refused:
            assert refused.code == 422 and b"too_young" in refused.read()
    finally:
        portal.call("PATCH", "/practice", {"teen_proxy_access": "limited", "min_account_age": 13},
                    as_user=USERS["admin"])
