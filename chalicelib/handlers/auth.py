"""/auth/...: sign-in, MFA, refresh, sign-out, password reset, invitation activation."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.handlers._http import (DATE, EMAIL, PASSWORD, access_token, body, caller, obj, route, source_ip,
                                      text)
from chalicelib.services import accounts, invitations

bp = Blueprint(__name__)

# Patients fill these in: each field says what it is, so a message reads "Enter your password."
YOUR_PASSWORD = {**PASSWORD, "title": "your password"}
NEW_PASSWORD = {**PASSWORD, "title": "a new password"}
SIX_DIGITS = text(6, 6, pattern="^[0-9]{6}$", **{"x-message": "Enter the 6-digit code your authenticator app shows."})
SIGN_IN = obj({"email": EMAIL, "password": YOUR_PASSWORD}, ("email", "password"))
MFA_ANSWER = obj({"email": EMAIL, "session": text(4096, 20), "code": SIX_DIGITS}, ("email", "session", "code"))
REFRESH = obj({"refresh_token": text(8192)}, ("refresh_token",))
FORGOT = obj({"email": EMAIL}, ("email",))
RESET = obj({"email": EMAIL, "code": text(16, title="the code from the email"), "new_password": NEW_PASSWORD},
            ("email", "code", "new_password"))
ACTIVATE = obj({"code": text(16, title="the activation code"), "birth_date": {**DATE, "title": "your date of birth"},
                "password": NEW_PASSWORD}, ("code", "birth_date", "password"))
CHANGE = obj({"current_password": {**PASSWORD, "title": "your current password"}, "new_password": NEW_PASSWORD},
             ("current_password", "new_password"))
CODE = obj({"code": SIX_DIGITS}, ("code",))
EMPTY = obj({})
MFA_OFF = obj({"password": {**PASSWORD, "title": "your password"},
               "code": text(6, 6, pattern="^[0-9]{6}$", title="the 6-digit code from your app")},
              ("password", "code"))


@route(bp, "/auth/sign-in", "POST", public=True, body=SIGN_IN, tag="auth",
       summary="Sign in with email and password: tokens, or an MFA challenge")
def sign_in():
    data = body(bp, SIGN_IN)
    return accounts.sign_in(data["email"], data["password"], source_ip(bp))


@route(bp, "/auth/mfa/challenge", "POST", public=True, body=MFA_ANSWER, tag="auth",
       summary="Answer the MFA challenge with an authenticator code")
def mfa_challenge():
    data = body(bp, MFA_ANSWER)
    return accounts.answer_mfa(data["email"], data["session"], data["code"], source_ip(bp))


@route(bp, "/auth/refresh", "POST", public=True, body=REFRESH, tag="auth",
       summary="Exchange a refresh token for new access and id tokens")
def refresh():
    return accounts.refresh(body(bp, REFRESH)["refresh_token"])


@route(bp, "/auth/sign-out", "POST", body=EMPTY, tag="auth",
       summary="Sign out everywhere: revokes refresh tokens and current access tokens")
def sign_out():
    body(bp, EMPTY)
    accounts.sign_out(caller(bp))
    return Response(status_code=204, body="")


@route(bp, "/auth/forgot-password", "POST", public=True, body=FORGOT, tag="auth",
       summary="Email a password reset code (answers the same whether or not the account exists)")
def forgot_password():
    accounts.forgot_password(body(bp, FORGOT)["email"], source_ip(bp))
    return Response(status_code=202, body={"status": "sent if the account exists"})


@route(bp, "/auth/reset-password", "POST", public=True, body=RESET, tag="auth",
       summary="Set a new password with the emailed reset code")
def reset_password():
    data = body(bp, RESET)
    accounts.reset_password(data["email"], data["code"], data["new_password"])
    return {"status": "password changed"}


@route(bp, "/auth/activate", "POST", public=True, body=ACTIVATE, tag="auth",
       summary="Activate an invitation with the code, date of birth and a new password")
def activate():
    data = body(bp, ACTIVATE)
    return invitations.activate(data["code"], data["birth_date"], data["password"], source_ip(bp))


@route(bp, "/auth/password", "POST", body=CHANGE, tag="auth",
       summary="Change the password, with the current one (emails a notice that it changed)")
def change_password():
    data = body(bp, CHANGE)
    accounts.change_password(caller(bp), access_token(bp), data["current_password"], data["new_password"])
    return {"status": "password changed"}


@route(bp, "/auth/mfa/setup", "POST", body=EMPTY, tag="auth",
       summary="Start TOTP enrolment: returns the secret and an otpauth URI")
def mfa_setup():
    body(bp, EMPTY)
    return accounts.start_mfa(caller(bp), access_token(bp))


@route(bp, "/auth/mfa/verify", "POST", body=CODE, tag="auth",
       summary="Finish TOTP enrolment with a code from the authenticator app")
def mfa_verify():
    code = body(bp, CODE)["code"]
    return accounts.confirm_mfa(caller(bp), access_token(bp), code)


@route(bp, "/auth/mfa/disable", "POST", body=MFA_OFF, tag="auth",
       summary="Turn two-step sign-in off with the password and a current code (patients; staff in production "
               "keep it); ends every other session")
def mfa_disable():
    who = caller(bp)
    accounts.refuse_if_mfa_required(who)  # before the body: staff are told why, not what to type
    data = body(bp, MFA_OFF)
    return accounts.disable_mfa(who, access_token(bp), data["password"], data["code"])
