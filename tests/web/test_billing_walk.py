"""Statements and payments in the browser: Alex sees a new statement, pays it on the
(local) hosted payment page and the balance is 0 with a receipt; a guest pays Priya's
statement from the code on the paper; Bea imports a CSV (a bad file first) and exports
the reconciliation file. axe checks the pages on the way."""
from __future__ import annotations

import re
from datetime import date, timedelta

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.web.conftest import DESKTOP, PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in


def no_serious_violations(page) -> None:
    expect(page.locator("main[aria-busy]")).to_have_count(0)
    page.wait_for_timeout(150)
    found = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert found == [], found


def statement_of(portal, number: str) -> dict:
    items = portal.call("GET", f"/statements?number={number}", as_user=USERS["billing"])["items"]
    found = items[0]
    return portal.call("GET", f"/patients/{found['patient_id']}/statements/{found['statement_id']}",
                       as_user=USERS["billing"])


def test_alex_pays_his_new_statement_and_the_balance_is_zero_with_a_receipt(portal, new_page, shot):
    page = new_page(viewport=PHONE)
    sign_in(page, "alex")
    heading(page, re.compile("Hello, Alex"))
    balance = page.get_by_role("region", name="Balance due")
    expect(balance).to_contain_text("$85.00")
    shot(page, "home-with-balance-due")
    # From the balance to the open statement (the home's "new statement" card may already be
    # gone: other walks open Alex's billing pages first).
    balance.get_by_role("link", name="See and pay").click()
    heading(page, "Billing")
    page.get_by_role("link", name="Statement S-1002").click()
    heading(page, "Statement S-1002")
    expect(page.get_by_role("cell", name="$75.00")).to_be_visible()
    no_serious_violations(page)
    shot(page, "statement")
    # "Ask about this bill" opens a billing message about this statement.
    page.get_by_role("link", name="Ask about this bill").click()
    heading(page, "Write a message")
    expect(page.get_by_label("Topic")).to_have_value("billing")
    expect(page.get_by_text("About your statement.")).to_be_visible()
    page.go_back()
    heading(page, "Statement S-1002")
    page.get_by_role("button", name="Continue to secure payment").click()

    # The provider's hosted page (the local stand-in): the card field is theirs, not the portal's.
    expect(page.get_by_role("heading", name="Pay your statement")).to_be_visible()
    expect(page.get_by_text("$85.00")).to_be_visible()
    shot(page, "hosted-payment-page")
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Pay", exact=True).click()

    heading(page, "Billing")
    expect(page.get_by_role("status").filter(has_text="Thank you")).to_be_visible()
    expect(page.get_by_role("region", name="Balance due")).to_contain_text("$0.00")
    receipts = page.get_by_role("region", name="Payments and receipts")
    expect(receipts).to_contain_text("Payment $85.00")
    expect(receipts.get_by_text(re.compile(r"Receipt R-"))).to_be_visible()
    no_serious_violations(page)
    shot(page, "billing-paid-with-receipt")
    mail = portal.wait_for_message(USERS["alex"], "Payment received")
    assert "85" not in mail["body_text"] and "Office visit" not in mail["body_text"]
    assert statement_of(portal, "S-1002")["balance_cents"] == 0


def test_a_guest_pays_priyas_statement_with_the_code_from_the_paper(portal, new_page, shot):
    code = statement_of(portal, "S-2001")["guest_code"]
    page = new_page(viewport=PHONE)
    page.goto("/#/guest-pay")
    heading(page, "Pay a bill")
    no_serious_violations(page)
    page.get_by_label("Statement code").fill(code.lower())
    page.get_by_label("Patient's date of birth").fill("1991-07-28")
    page.get_by_role("button", name="Find my statement").click()
    found = page.get_by_role("region", name="Statement S-2001")
    expect(found).to_contain_text("$65.00")
    expect(page.get_by_text("Priya")).to_have_count(0)
    shot(page, "guest-found-statement")
    page.get_by_role("button", name="Continue to secure payment").click()
    expect(page.get_by_role("heading", name="Pay your statement")).to_be_visible()
    page.get_by_role("button", name="Pay", exact=True).click()
    heading(page, "Pay a bill")
    expect(page.get_by_role("status").filter(has_text="Thank you")).to_be_visible()
    shot(page, "guest-paid")
    assert statement_of(portal, "S-2001")["balance_cents"] == 0


def test_bea_imports_a_csv_and_exports_the_reconciliation_file(portal, new_page, shot, tmp_path):
    from devserver.seed_billing import HEADER

    alex_mrn = portal.call("GET", "/patients?name=morgan", as_user=USERS["billing"])["items"]
    mrn = next(p["mrn"] for p in alex_mrn if p["given_name"] == "Alex")
    today = date.fromisoformat(statement_of(portal, "S-1002")["statement_date"])  # the demo's "two days ago"
    good = tmp_path / "statements.csv"
    good.write_text("\n".join([HEADER, f"S-3001,{mrn},{today - timedelta(days=1)},{today + timedelta(days=29)},"
                                       f"{today - timedelta(days=8)},Flu shot,90686,40.00,20.00,0,20.00"]) + "\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, f"S-3002,{mrn},{today},{today},{today},Visit,99213,abc,0,0,10.00"]) + "\n")

    page = new_page(viewport=DESKTOP)
    sign_in(page, "billing")
    open_menu_item(page, "Billing")
    heading(page, "Billing")
    no_serious_violations(page)
    importer = page.get_by_role("form", name="Import statements")
    importer.get_by_label("CSV file").set_input_files(str(bad))
    importer.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert").filter(has_text="Row 2")).to_contain_text("charge must be an amount")
    importer.get_by_label("CSV file").set_input_files(str(good))
    importer.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("The file is good. Importing it would make 1 new")).to_be_visible()
    importer.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Imported: 1 new")).to_be_visible()
    shot(page, "imported")
    page.get_by_label("Statement number").fill("S-3001")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("button", name="S-3001")).to_be_visible()

    exporter = page.get_by_role("form", name="Reconciliation file")
    exporter.get_by_label("Since").fill((today - timedelta(days=2)).isoformat())
    with page.expect_download() as download:
        exporter.get_by_role("button", name="Download CSV").click()
    text = download.value.path().read_text()
    assert text.startswith("recorded_date,recorded_at_utc,kind,amount,statement_number")
    shot(page, "exported")
