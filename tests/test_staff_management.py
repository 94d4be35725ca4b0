"""Staff management: the admin invites staff by email (roles, NPI for providers), the
invitee activates with the code and a password, roles change at once, deactivation signs
the account out everywhere at once and its emailed reply addresses stop working; every
change is audited."""
from __future__ import annotations

import re

import pytest

from tests.helpers import unique_email

PASSWORD = "Staff-Portal-2026!"


def code_from(mailbox, email: str) -> str:
    mail = [m for m in mailbox.messages() if m["to"] == email and m["channel"] == "email"][0]  # newest
    assert "staff console" in mail["subject"]
    return re.search(r"Your activation code: (\S+)", mail["body_text"]).group(1)


def invite(api, roles=("nurse",), **extra) -> dict:
    email = unique_email("staff")
    res = api.post("/staff/invitations", {"email": email, "display_name": "Robin Lee, RN", "roles": list(roles),
                                          **extra}, as_user="admin")
    assert res.status == 201, res
    return res.json


def activated(api, mailbox, roles=("nurse",)) -> dict:
    made = invite(api, roles)
    res = api.post("/auth/staff-activate", {"code": code_from(mailbox, made["email"]), "password": PASSWORD})
    assert res.status == 200, res
    return {**made, "access_token": res.json["access_token"], "mfa_setup_required": res.json["mfa_setup_required"]}


def test_an_invited_nurse_activates_and_signs_in_then_appears_with_her_state(api, mailbox):
    made = invite(api)
    assert made["status"] == "invited" and made["roles"] == ["nurse"] and made["expires_on"]
    mail = [m for m in mailbox.messages() if m["to"] == made["email"]][0]
    assert "/#/staff-activate?code=" in mail["body_text"] and "Robin" not in mail["subject"]
    # not before activating
    assert api.post("/auth/sign-in", {"email": made["email"], "password": PASSWORD}).status == 401
    code = code_from(mailbox, made["email"])
    weak = api.post("/auth/staff-activate", {"code": code, "password": "short"})
    assert weak.status == 422 and weak.error["field"] == "password"
    res = api.post("/auth/staff-activate", {"code": code, "password": PASSWORD})
    assert res.status == 200, res
    me = api.get("/me", token=res.json["access_token"]).json
    assert me["roles"] == ["nurse"]
    assert api.post("/auth/staff-activate", {"code": code, "password": PASSWORD}).status == 422  # used

    listed = {s["email"]: s for s in api.get("/staff?limit=100", as_user="admin").json["items"]}
    assert listed[made["email"]]["status"] == "active" and listed[made["email"]]["mfa_enabled"] is False
    assert listed["dr.chen@example.org"]["roles"] == ["provider"]
    assert "alex.morgan@example.org" not in listed  # patients are not staff


def test_an_invitation_is_checked_and_only_the_admin_manages_staff(api, demo):
    for who in ("provider", "nurse", "front_desk", "billing", "alex"):
        assert api.get("/staff", as_user=who).status == 403
        assert api.post("/staff/invitations", {"email": unique_email(), "display_name": "X", "roles": ["nurse"]},
                        as_user=who).status == 403
    taken = api.post("/staff/invitations", {"email": "Frank.Ortiz@example.org", "display_name": "F",
                                            "roles": ["nurse"]}, as_user="admin")
    assert taken.status == 409 and taken.error["field"] == "email"
    bad = api.post("/staff/invitations", {"email": unique_email(), "display_name": "X", "roles": ["patient"]},
                   as_user="admin")
    assert bad.status == 400 and bad.error["field"].startswith("roles")


def test_a_provider_invite_keeps_the_npi_and_lists_the_clinician_for_scheduling(api, mailbox):
    made = invite(api, roles=("provider",), npi="1234567893")
    assert made["npi"] == "1234567893"
    api.post("/auth/staff-activate", {"code": code_from(mailbox, made["email"]), "password": PASSWORD})
    providers = {p["provider_id"] for p in api.get("/scheduling", as_user="admin").json["providers"]}
    assert made["user_id"] in providers


def test_a_role_change_takes_effect_on_the_next_request(api, mailbox):
    staff = activated(api, mailbox)
    token = staff["access_token"]
    assert api.get("/review-queue", token=token).status == 200
    assert api.get("/appointment-requests", token=token).status == 403
    changed = api.request("PUT", f"/staff/{staff['user_id']}/roles", {"roles": ["front_desk"]}, as_user="admin")
    assert changed.status == 200 and changed.json["roles"] == ["front_desk"]
    assert api.get("/review-queue", token=token).status == 403
    assert api.get("/appointment-requests", token=token).status == 200
    own = api.request("PUT", f"/staff/{api.get('/me', as_user='admin').json['user_id']}/roles",
                      {"roles": ["provider"]}, as_user="admin")
    assert own.status == 409


def test_deactivation_ends_the_open_session_sign_in_and_reply_addresses(api, mailbox):
    from chalicelib import clock
    from chalicelib.inbound import gate, tokens

    staff = activated(api, mailbox, roles=("front_desk",))
    token = staff["access_token"]
    assert api.get("/me", token=token).status == 200
    address = tokens.reply_address("appt", "a1b2c3d4", staff["user_id"], int(clock.epoch()) + 3600)
    assert gate.staff_member(staff["email"], None) is not None
    assert tokens.owner(address, frozenset({"front_desk"})).user_id == staff["user_id"]

    res = api.post(f"/staff/{staff['user_id']}/deactivate", {}, as_user="admin")
    assert res.status == 200 and res.json["status"] == "disabled" and res.json["deactivated_by_name"] == "Ada Admin"
    assert api.get("/me", token=token).status == 401  # the open session, at once
    assert api.post("/auth/sign-in", {"email": staff["email"], "password": PASSWORD}).status == 401
    assert gate.staff_member(staff["email"], None) is None  # their emailed reply addresses no longer act
    assert tokens.owner(address, frozenset({"front_desk"})) is None

    me = api.get("/me", as_user="admin").json["user_id"]
    assert api.post(f"/staff/{me}/deactivate", {}, as_user="admin").status == 409
    back = api.post(f"/staff/{staff['user_id']}/reactivate", {}, as_user="admin")
    assert back.status == 200 and back.json["status"] == "active"
    assert api.post("/auth/sign-in", {"email": staff["email"], "password": PASSWORD}).status == 200
    assert api.get(f"/staff/{staff['user_id']}", as_user="admin").status in (403, 404, 405)


def test_a_deactivated_invitees_code_no_longer_works(api, mailbox):
    made = invite(api)
    code = code_from(mailbox, made["email"])
    assert api.post(f"/staff/{made['user_id']}/deactivate", {}, as_user="admin").status == 200
    assert api.post("/auth/staff-activate", {"code": code, "password": PASSWORD}).status == 422


def test_a_resent_invitation_replaces_the_code(api, mailbox):
    made = invite(api)
    first = code_from(mailbox, made["email"])
    assert api.post(f"/staff/{made['user_id']}/invitation", {}, as_user="admin").status == 200
    second = code_from(mailbox, made["email"])
    assert first != second
    assert api.post("/auth/staff-activate", {"code": first, "password": PASSWORD}).status == 422
    assert api.post("/auth/staff-activate", {"code": second, "password": PASSWORD}).status == 200


def test_every_staff_change_is_in_the_staff_activity(api, mailbox):
    staff = activated(api, mailbox)
    api.request("PUT", f"/staff/{staff['user_id']}/roles", {"roles": ["nurse", "front_desk"]}, as_user="admin")
    api.post(f"/staff/{staff['user_id']}/deactivate", {}, as_user="admin")
    events = [e for e in api.get("/staff/activity?limit=100", as_user="admin").json["items"]
              if e["user_id"] == staff["user_id"]]
    assert [e["action"] for e in events] == ["deactivate", "change-roles", "activate", "invite"]
    assert events[0]["actor"] == "Ada Admin" and events[-2]["actor"] == "Robin Lee, RN"
    assert api.get("/staff/activity", as_user="front_desk").status == 403


def test_patients_and_unknown_ids_are_not_staff_accounts(api, demo):
    alex = api.get("/me", as_user="alex").json["user_id"]
    assert api.post(f"/staff/{alex}/deactivate", {}, as_user="admin").status == 404
    assert api.post("/staff/nobody-like-this/deactivate", {}, as_user="admin").status == 404


@pytest.mark.parametrize("path", ["/staff", "/staff/activity"])
def test_staff_lists_stay_within_budget(api, ddb_calls, path):
    api.token("admin")
    with ddb_calls() as calls:
        assert api.get(path, as_user="admin").status == 200
    assert "Scan" not in calls and len(calls) <= 2, calls
