"""Actions that are hard to take back ask first: removing a document ("Keep it" changes
nothing) and revoking a caregiver's access."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_removing_a_document_asks_first(new_page, shot, tmp_path):
    name = f"school-form-{uuid.uuid4().hex[:6]}.pdf"
    (tmp_path / name).write_bytes(PDF)
    page = new_page(viewport=PHONE)
    sign_in(page, "priya")
    open_menu_item(page, "Documents")
    heading(page, "Documents")
    page.get_by_label("What is it?").select_option("form")
    page.get_by_label("File").set_input_files(str(tmp_path / name))
    page.get_by_role("button", name="Upload").click()
    listed = page.locator("li.doc").filter(has_text=name)
    expect(listed).to_contain_text("uploaded by you")

    listed.get_by_role("button", name=f"Remove {name}").click()
    expect(listed).to_contain_text(f'Remove "{name}"?')
    expect(listed.get_by_role("button", name="Yes, remove it")).to_be_focused()
    shot(page, "remove-asks")
    listed.get_by_role("button", name="Keep it").click()
    expect(listed.get_by_role("button", name=f"Remove {name}")).to_be_focused()
    page.reload()
    expect(page.locator("li.doc").filter(has_text=name)).to_have_count(1)  # nothing removed

    listed = page.locator("li.doc").filter(has_text=name)
    listed.get_by_role("button", name=f"Remove {name}").click()
    listed.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_role("status").filter(has_text=f"{name} was removed")).to_be_visible()
    expect(page.locator("li.doc").filter(has_text=name)).to_have_count(0)


def test_revoking_a_caregivers_access_asks_first(new_page, portal):
    sam = next(p["patient_id"] for p in portal.call("GET", "/me", as_user=USERS["jordan"])["patients"]
               if p["given_name"] == "Sam")
    portal.call("POST", f"/patients/{sam}/proxies", {"grantee_email": USERS["alex"], "scope": "limited",
                                                      "relationship": "uncle"}, as_user=USERS["front_desk"])
    page = new_page()
    sign_in(page, "front_desk")
    page.goto(f"/#/staff/patients/{sam}")
    heading(page, "Sam Morgan")
    proxies = page.locator("section").filter(has=page.get_by_role("heading", name="Proxy access"))
    proxies.get_by_role("button", name="Revoke access for Alex Morgan").click()
    expect(proxies).to_contain_text("Revoke the access of Alex Morgan to this patient's record?")
    proxies.get_by_role("button", name="Keep access").click()
    expect(proxies.get_by_text("Alex Morgan", exact=True)).to_be_visible()
    proxies.get_by_role("button", name="Revoke access for Alex Morgan").click()
    proxies.get_by_role("button", name="Yes, revoke access").click()
    expect(page.get_by_role("status").filter(has_text="Proxy access for Alex Morgan was revoked")).to_be_visible()
