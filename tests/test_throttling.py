"""Enumeration and throttling (security review, finding 6): known and unknown emails
answer alike (status, body, timing); sign-in, MFA, activation, reset and inbound mail are
throttled per account and per address with a 429 that says when; only the newest reset
code works."""
from __future__ import annotations

import json
import re
import time

import pytest

from chalicelib import throttle
from tests.helpers import make_patient_account, unique_email
from tests.test_mfa import current_code

ADDRESS = "203.0.113.7"  # API Gateway gives the client's address; locally everything is 127.0.0.1


def sign_in(api, email, password="Wrong-Password-1!"):
    return api.post("/auth/sign-in", {"email": email, "password": password})


def assert_says_when(res):
    assert res.status == 429, res
    assert int(res.headers["Retry-After"]) > 0
    assert re.search(r"Try again in \d+ minutes? \(at \d{1,2}:\d\d [AP]M\)\.", res.error["message"]), res


def test_a_locked_account_and_an_unknown_email_answer_alike(api):
    user = make_patient_account(api)
    unknown = unique_email("nobody")
    for email in (user["email"], unknown):
        for _ in range(5):
            assert sign_in(api, email).status == 401
    known, other = sign_in(api, user["email"]), sign_in(api, unknown)
    for res in (known, other):
        assert_says_when(res)
        assert res.error["code"] == "account_locked"
    assert re.sub(r"\d", "#", known.error["message"]) == re.sub(r"\d", "#", other.error["message"])
    # Even the right password waits for the window (the practice can unlock it sooner).
    assert sign_in(api, user["email"], user["password"]).status == 429


def test_wrong_mfa_codes_count_toward_the_lockout(api):
    user = make_patient_account(api)
    token = sign_in(api, user["email"], user["password"]).json["access_token"]
    secret = api.post("/auth/mfa/setup", token=token).json["secret"]
    assert api.post("/auth/mfa/verify", {"code": current_code(secret)}, token=token).status == 200
    for _ in range(5):
        challenge = sign_in(api, user["email"], user["password"]).json
        wrong = api.post("/auth/mfa/challenge", {"email": user["email"], "session": challenge["session"],
                                                 "code": "000000"})
        assert wrong.status == 422
    assert_says_when(sign_in(api, user["email"], user["password"]))


def test_forgot_password_takes_as_long_for_an_unknown_email(api):
    user = make_patient_account(api)
    timings = {}
    for name, email in (("known", user["email"]), ("unknown", unique_email("ghost"))):
        started = time.perf_counter()
        res = api.post("/auth/forgot-password", {"email": email})
        timings[name] = time.perf_counter() - started
        assert res.status == 202 and res.json == {"status": "sent if the account exists"}
    from chalicelib.services.accounts import FORGOT_FLOOR_SECONDS

    assert min(timings.values()) >= FORGOT_FLOOR_SECONDS
    assert abs(timings["known"] - timings["unknown"]) < 0.15, timings


def test_reset_mail_to_one_inbox_is_throttled_and_only_the_newest_code_works(api, mailbox):
    user = make_patient_account(api)

    def codes_sent():
        mails = [m for m in mailbox.messages() if m["to"] == user["email"]]
        return [re.search(r"reset code: ([0-9A-Z]{4}-[0-9A-Z]{4})", m["body_text"]).group(1) for m in mails
                if re.search(r"reset code: ([0-9A-Z]{4}-[0-9A-Z]{4})", m["body_text"])]

    for _ in range(throttle.RESET_ACCOUNT.hits):
        assert api.post("/auth/forgot-password", {"email": user["email"]}).status == 202
    assert_says_when(api.post("/auth/forgot-password", {"email": user["email"]}))
    sent = codes_sent()
    assert len(sent) == throttle.RESET_ACCOUNT.hits  # newest first
    newest, older = sent[0], sent[-1]
    stale = api.post("/auth/reset-password", {"email": user["email"], "code": older,
                                              "new_password": "Another-Horse-2027!"})
    assert stale.status == 422 and stale.error["field"] == "code"
    fresh = api.post("/auth/reset-password", {"email": user["email"], "code": newest,
                                              "new_password": "Another-Horse-2027!"})
    assert fresh.status == 200, fresh


def test_activation_attempts_from_one_address_are_throttled(demo):
    from chalicelib.errors import TooManyRequestsError, UnprocessableError
    from chalicelib.services import invitations

    address = "198.51.100.23"
    for _ in range(throttle.ACTIVATE_ADDRESS.hits):
        with pytest.raises(UnprocessableError):
            invitations.activate("ABCD-EFGH", "2000-01-01", "Correct-Horse-2026!", address)
    with pytest.raises(TooManyRequestsError) as refused:
        invitations.activate("ABCD-EFGH", "2000-01-01", "Correct-Horse-2026!", address)
    assert refused.value.retry_after > 0


def test_sign_in_attempts_from_one_address_are_throttled(demo):
    from chalicelib.errors import TooManyRequestsError, UnauthenticatedError
    from chalicelib.services import accounts

    for _ in range(throttle.SIGN_IN_ADDRESS.hits):
        with pytest.raises(UnauthenticatedError):
            accounts.sign_in(unique_email("spray"), "Wrong-Password-1!", ADDRESS)
    with pytest.raises(TooManyRequestsError):
        accounts.sign_in(unique_email("spray"), "Wrong-Password-1!", ADDRESS)


def test_a_flood_of_inbound_mail_from_one_address_is_dropped_unread(demo):
    from chalicelib.inbound import router

    note = json.dumps({"notificationType": "Received", "receipt": {"spamVerdict": {"status": "FAIL"}},
                       "mail": {"source": "flood@example.net", "headers": []}})
    outcomes = [router.handle_notification(note) for _ in range(throttle.INBOUND_SENDER.hits + 1)]
    assert outcomes[0].startswith("rejected") and outcomes[-1] == "ignored: throttled"
