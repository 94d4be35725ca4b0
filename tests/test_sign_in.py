"""Sign-in, lockout and unlock, refresh, sign-out revocation, password reset."""
from __future__ import annotations

import re

from tests.helpers import make_patient_account


def sign_in(api, email, password):
    return api.post("/auth/sign-in", {"email": email, "password": password})


def test_wrong_password_is_401_naming_no_account_detail(api):
    user = make_patient_account(api)
    res = sign_in(api, user["email"], "Wrong-Password-1!")
    assert res.status == 401
    assert res.error["message"] == "Email or password is incorrect."
    unknown = sign_in(api, "nobody@example.org", "Wrong-Password-1!")
    assert unknown.status == 401
    assert unknown.error["message"] == res.error["message"]  # no account enumeration


def test_sign_in_returns_short_lived_tokens(api):
    user = make_patient_account(api)
    res = sign_in(api, user["email"].upper(), user["password"])  # email is case-insensitive
    assert res.status == 200, res
    assert res.json["token_type"] == "Bearer"
    assert res.json["expires_in"] <= 15 * 60
    assert res.json["refresh_token"]
    assert api.get("/me", token=res.json["access_token"]).json["email"] == user["email"]


def test_five_failures_lock_the_account_until_staff_unlock(api):
    user = make_patient_account(api)
    for _ in range(5):
        assert sign_in(api, user["email"], "Wrong-Password-1!").status == 401
    locked = sign_in(api, user["email"], user["password"])
    assert locked.status == 429
    assert locked.error["code"] == "account_locked"

    assert api.post(f"/patients/{user['patient_id']}/unlock", as_user="billing").status == 403
    assert api.post(f"/patients/{user['patient_id']}/unlock", as_user="alex").status == 404
    assert api.post(f"/patients/{user['patient_id']}/unlock", as_user="front_desk").status == 200
    assert sign_in(api, user["email"], user["password"]).status == 200


def test_a_success_resets_the_failure_count(api):
    user = make_patient_account(api)
    for _ in range(4):
        sign_in(api, user["email"], "Wrong-Password-1!")
    assert sign_in(api, user["email"], user["password"]).status == 200
    for _ in range(4):
        sign_in(api, user["email"], "Wrong-Password-1!")
    assert sign_in(api, user["email"], user["password"]).status == 200


def test_refresh_gives_a_new_working_access_token(api):
    user = make_patient_account(api)
    tokens = sign_in(api, user["email"], user["password"]).json
    res = api.post("/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert res.status == 200, res
    assert api.get("/me", token=res.json["access_token"]).status == 200


def test_sign_out_revokes_access_and_refresh_tokens(api):
    user = make_patient_account(api)
    tokens = sign_in(api, user["email"], user["password"]).json
    assert api.post("/auth/sign-out", token=tokens["access_token"]).status == 204
    assert api.get("/me", token=tokens["access_token"]).status in (401, 403)
    assert api.post("/auth/refresh", {"refresh_token": tokens["refresh_token"]}).status == 401
    again = sign_in(api, user["email"], user["password"]).json  # and they can sign in again at once
    assert api.get("/me", token=again["access_token"]).status == 200


def test_forgot_and_reset_password_by_emailed_code(api, mailbox):
    user = make_patient_account(api)
    assert api.post("/auth/forgot-password", {"email": user["email"]}).status == 202
    mail = next(m for m in mailbox.messages() if m["to"] == user["email"])
    assert "reset" in mail["subject"].lower()
    code = re.search(r"reset code: ([0-9A-Z]{4}-[0-9A-Z]{4})", mail["body_text"]).group(1)

    wrong = api.post("/auth/reset-password", {"email": user["email"], "code": "AAAA-AAAA",
                                              "new_password": "Another-Secret-2026!"})
    assert wrong.status == 422 and wrong.error["field"] == "code"
    weak = api.post("/auth/reset-password", {"email": user["email"], "code": code, "new_password": "short"})
    assert weak.status == 422 and weak.error["field"] == "password"
    ok = api.post("/auth/reset-password", {"email": user["email"], "code": code,
                                           "new_password": "Another-Secret-2026!"})
    assert ok.status == 200, ok
    assert sign_in(api, user["email"], user["password"]).status == 401
    assert sign_in(api, user["email"], "Another-Secret-2026!").status == 200
    reused = api.post("/auth/reset-password", {"email": user["email"], "code": code,
                                               "new_password": "Third-Secret-2026!!"})
    assert reused.status == 422
    notice = next(m for m in mailbox.messages() if m["to"] == user["email"])
    assert "changed" in notice["subject"]


def test_forgot_password_answers_the_same_for_unknown_email(api, mailbox):
    before = len(mailbox.messages())
    assert api.post("/auth/forgot-password", {"email": "nobody-at-all@example.org"}).status == 202
    assert len(mailbox.messages()) == before
