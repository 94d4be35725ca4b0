"""A signed-in patient changes their password on the account page: the current one first,
the new one against the policy; a wrong current password counts toward the lockout; the
account's email hears that the password changed."""
from __future__ import annotations

from tests.helpers import make_patient_account

NEW = "Another-Long-Passw0rd!"


def test_a_patient_changes_the_password_with_the_current_one(api, mailbox):
    user = make_patient_account(api)
    token = api.post("/auth/sign-in", {"email": user["email"], "password": user["password"]}).json["access_token"]

    missing = api.post("/auth/password", {}, token=token)
    assert missing.status == 400 and [e["message"] for e in missing.error["errors"]] == [
        "Enter your current password.", "Enter a new password."]
    wrong = api.post("/auth/password", {"current_password": "not-it", "new_password": NEW}, token=token)
    assert wrong.status == 422 and wrong.error["field"] == "current_password"
    weak = api.post("/auth/password", {"current_password": user["password"], "new_password": "short"}, token=token)
    assert weak.status == 422 and weak.error["field"] == "new_password" and "12 characters" in weak.error["message"]
    same = api.post("/auth/password", {"current_password": user["password"], "new_password": user["password"]},
                    token=token)
    assert same.status == 422 and same.error["field"] == "new_password"

    done = api.post("/auth/password", {"current_password": user["password"], "new_password": NEW}, token=token)
    assert done.status == 200, done
    assert api.post("/auth/sign-in", {"email": user["email"], "password": user["password"]}).status == 401
    assert api.post("/auth/sign-in", {"email": user["email"], "password": NEW}).status == 200
    sent = [m for m in mailbox.messages() if m["to"] == user["email"] and "password was changed" in m["subject"]]
    assert len(sent) == 1


def test_guessing_the_current_password_locks_the_account_like_sign_in_does(api):
    user = make_patient_account(api)
    token = api.post("/auth/sign-in", {"email": user["email"], "password": user["password"]}).json["access_token"]
    for _ in range(10):
        res = api.post("/auth/password", {"current_password": "guess", "new_password": NEW}, token=token)
        if res.status == 429:
            break
    assert res.status == 429 and res.error["code"] == "account_locked"
    right = api.post("/auth/password", {"current_password": user["password"], "new_password": NEW}, token=token)
    assert right.status == 429
