"""Sessions end when they should (security review, finding 3): a password reset or an MFA
change signs the user out everywhere (Cognito global sign-out and the portal's own
revocation), MFA comes off only with the password and a current code, a security notice
without PHI goes out, and a sign-in in the second of a sign-out does not revive old tokens."""
from __future__ import annotations

import re

import time_machine

from chalicelib import clock
from tests.helpers import make_patient_account
from tests.test_mfa import current_code


def sign_in(api, user, password=None):
    res = api.post("/auth/sign-in", {"email": user["email"], "password": password or user["password"]})
    assert res.status == 200, res
    return res.json


def works(api, tokens) -> tuple[bool, bool]:
    """(the access token still reaches /me, the refresh token still mints a token)"""
    access = api.get("/me", token=tokens["access_token"]).status == 200
    refresh = api.post("/auth/refresh", {"refresh_token": tokens["refresh_token"]}).status == 200
    return access, refresh


def notices_to(mailbox, email):
    return [m for m in mailbox.messages() if m["to"] == email]


def test_a_password_reset_ends_every_session(api, mailbox):
    user = make_patient_account(api)
    before = sign_in(api, user)
    assert api.post("/auth/forgot-password", {"email": user["email"]}).status == 202
    mail = notices_to(mailbox, user["email"])[0]
    code = re.search(r"reset code: ([0-9A-Z]{4}-[0-9A-Z]{4})", mail["body_text"]).group(1)
    assert api.post("/auth/reset-password", {"email": user["email"], "code": code,
                                             "new_password": "Brand-New-Horse-2027!"}).status == 200
    assert works(api, before) == (False, False)
    assert "changed" in notices_to(mailbox, user["email"])[0]["subject"]


def enrol(api, user) -> tuple[dict, str]:
    tokens = sign_in(api, user)
    secret = api.post("/auth/mfa/setup", token=tokens["access_token"]).json["secret"]
    return tokens, secret


def test_turning_mfa_on_ends_the_other_sessions_and_sends_a_notice(api, mailbox):
    user = make_patient_account(api)
    laptop = sign_in(api, user)
    phone, secret = enrol(api, user)
    ok = api.post("/auth/mfa/verify", {"code": current_code(secret)}, token=phone["access_token"])
    assert ok.status == 200, ok
    assert works(api, laptop) == (False, False)  # signed in without the code: out
    assert api.get("/me", token=phone["access_token"]).status == 200  # this device, until its token ends
    assert api.post("/auth/refresh", {"refresh_token": phone["refresh_token"]}).status == 401
    notice = notices_to(mailbox, user["email"])[0]
    assert "two-step sign-in setting" in notice["subject"]
    for phi in (user["given_name"], user["family_name"], user["birth_date"]):
        assert phi not in notice["subject"] + notice["body_text"]


def test_mfa_comes_off_only_with_the_password_and_a_current_code(api, mailbox):
    user = make_patient_account(api)
    tokens, secret = enrol(api, user)
    assert api.post("/auth/mfa/verify", {"code": current_code(secret)}, token=tokens["access_token"]).status == 200
    token = tokens["access_token"]

    bare = api.post("/auth/mfa/disable", {}, token=token)
    assert bare.status == 400 and bare.error["field"] in ("password", "code")
    wrong_code = api.post("/auth/mfa/disable", {"password": user["password"], "code": "000000"}, token=token)
    assert wrong_code.status == 422 and wrong_code.error["field"] == "code"
    wrong_password = api.post("/auth/mfa/disable", {"password": "Not-The-Password-1!",
                                                    "code": current_code(secret)}, token=token)
    assert wrong_password.status == 422 and wrong_password.error["field"] == "password"
    assert api.get("/me", token=token).json["mfa_enabled"] is True

    other = api.post("/auth/sign-in", {"email": user["email"], "password": user["password"]}).json
    other = api.post("/auth/mfa/challenge", {"email": user["email"], "session": other["session"],
                                             "code": current_code(secret)}).json
    off = api.post("/auth/mfa/disable", {"password": user["password"], "code": current_code(secret)}, token=token)
    assert off.status == 200 and off.json == {"mfa_enabled": False}
    assert works(api, other) == (False, False)
    assert "two-step sign-in setting" in notices_to(mailbox, user["email"])[0]["subject"]


def test_wrong_codes_to_turn_mfa_off_count_toward_the_lockout(api):
    user = make_patient_account(api)
    tokens, secret = enrol(api, user)
    assert api.post("/auth/mfa/verify", {"code": current_code(secret)}, token=tokens["access_token"]).status == 200
    for _ in range(5):
        api.post("/auth/mfa/disable", {"password": user["password"], "code": "000000"}, token=tokens["access_token"])
    locked = api.post("/auth/sign-in", {"email": user["email"], "password": user["password"]})
    assert locked.status == 429 and locked.error["code"] == "account_locked"


def test_a_sign_in_in_the_second_of_a_sign_out_does_not_revive_the_old_token(api):
    user = make_patient_account(api)
    with time_machine.travel(clock.now(), tick=False):
        old = sign_in(api, user)
        assert api.post("/auth/sign-out", {}, token=old["access_token"]).status == 204
        new = sign_in(api, user)
        assert api.get("/me", token=new["access_token"]).status == 200
        assert api.get("/me", token=old["access_token"]).status == 401
