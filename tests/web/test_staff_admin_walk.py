"""Ada (admin) invites a new nurse, who activates from the emailed link with a password and
two-step sign-in; Ada deactivates Frank, whose open session stops working at his next
click. (Frank is reactivated afterwards: the browser stack is shared by every web test.)"""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in
from tests.web.test_keyboard_and_mfa import totp
from tests.web.test_summary_walk import no_serious_violations

PASSWORD = "Nurse-Portal-2026!"


def staff_row(page, name: str):
    return page.locator("li.card").filter(has=page.get_by_text(name, exact=True))


def test_ada_invites_a_nurse_who_activates_with_mfa_and_deactivates_frank(portal, new_page, shot):
    tag = uuid.uuid4().hex[:6]
    email = f"robin.{tag}@example.org"
    name = f"Robin Lee {tag}, RN"
    ada = new_page()
    sign_in(ada, "admin")
    open_menu_item(ada, "Staff")
    heading(ada, "Staff")
    invite = ada.get_by_role("form", name="Invite a staff member")
    invite.get_by_label("Email").fill(email)
    invite.get_by_label("Name").fill(name)
    invite.get_by_label("Role").select_option("nurse")
    invite.get_by_role("button", name="Send invitation").click()
    expect(ada.get_by_role("status")).to_contain_text(f"Invitation sent to {email}")
    expect(staff_row(ada, name)).to_contain_text("Invited")
    no_serious_violations(ada)
    shot(ada, "staff-invited")

    # The nurse, from the emailed link: a password, then the authenticator app.
    mail = portal.wait_for_message(email, "staff console")
    nurse = new_page(viewport=PHONE)
    nurse.goto(portal.first_link(mail))
    heading(nurse, "Activate your staff account")
    no_serious_violations(nurse)
    nurse.get_by_label("New password", exact=True).fill(PASSWORD)
    nurse.get_by_label("Type the new password again").fill(PASSWORD)
    nurse.get_by_role("button", name="Activate my staff account").click()
    heading(nurse, "Turn on two-step sign-in")
    secret = nurse.get_by_test_id("mfa-secret").inner_text()
    nurse.get_by_label("6-digit code").fill(totp(secret))
    nurse.get_by_role("button", name="Turn on two-step sign-in").click()
    heading(nurse, "Today")  # the staff landing page
    shot(nurse, "nurse-signed-in")

    ada.reload()
    row = staff_row(ada, name)
    expect(row).to_contain_text("Active")
    expect(row.locator("dd").nth(1)).to_have_text("On")  # two-step sign-in
    expect(row.locator("dd").nth(2)).not_to_have_text("Never")  # last sign-in

    # Frank is working; Ada deactivates him; his next click finds his session over.
    frank = new_page()
    sign_in(frank, "front_desk")
    heading(frank, "Today")
    try:
        frank_row = staff_row(ada, "Frank Ortiz")
        frank_row.get_by_role("button", name="Deactivate Frank Ortiz").click()
        ada.get_by_role("button", name="Deactivate Frank Ortiz").last.click()
        expect(ada.get_by_role("status")).to_contain_text("Frank Ortiz is deactivated and was signed out everywhere.")
        expect(staff_row(ada, "Frank Ortiz")).to_contain_text("Deactivated")
        expect(ada.get_by_role("region", name="Recent changes")).to_contain_text("Ada Admin deactivated Frank Ortiz")
        no_serious_violations(ada)
        shot(ada, "frank-deactivated")

        with frank.expect_response(lambda r: "/api/" in r.url and r.status == 401):
            open_menu_item(frank, "Inbox")
        heading(frank, "Sign in")
        shot(frank, "frank-signed-out")
        frank.get_by_label("Email", exact=True).fill(USERS["front_desk"])
        frank.get_by_label("Password", exact=True).fill("Demo-Portal-2026!")
        frank.get_by_role("button", name="Sign in").click()
        expect(frank.get_by_text("Email or password is incorrect.")).to_be_visible()
    finally:
        ada_token = portal.token(USERS["admin"])
        frank_id = next(s["user_id"] for s in _staff(portal, ada_token) if s["email"] == USERS["front_desk"])
        _post(portal, f"/staff/{frank_id}/reactivate", ada_token)


def test_the_staff_page_at_phone_width(new_page):
    ada = new_page(viewport=PHONE)
    sign_in(ada, "admin")
    ada.goto("/#/staff/team")
    heading(ada, "Staff")
    no_serious_violations(ada)


def _staff(portal, token):
    import json
    import urllib.request

    request = urllib.request.Request(f"{portal.url}/api/staff?limit=100", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=15) as res:
        return json.load(res)["items"]


def _post(portal, path, token):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"{portal.url}/api{path}", method="POST", data=b"{}",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        urllib.request.urlopen(request, timeout=15).close()
    except urllib.error.HTTPError as error:  # 409: he was not deactivated (the walk failed earlier)
        assert error.code == 409, error
