"""Accounts: sign-in with lockout, MFA, refresh, sign-out, password reset.

Invitations and activation live in services/invitations.py.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib import clock, cognito, throttle
from chalicelib.auth import Caller
from chalicelib.config import get_settings
from chalicelib.errors import (ConflictError, ForbiddenError, TooManyRequestsError, UnauthenticatedError,
                               UnprocessableError)
from chalicelib.models._base import iso, iso_now
from chalicelib.models.one_time_code import OneTimeCode
from chalicelib.models.user import User
from chalicelib.observability import count, logger
from chalicelib.services import codes, sessions

RESET_MINUTES = 30


def find_user(email: str) -> User | None:
    """The account for a sign-in email (one index query)."""
    for user in User.email_index.query(email.strip().lower(), limit=1):
        return user
    return None


def sign_in(email: str, password: str, source_ip: str | None = None) -> dict:
    """Known and unknown emails answer alike: the same 401 for a wrong password, and the
    same 429 once an email has failed MAX_FAILED_SIGN_INS times (counted per email as
    typed, in the throttle table, whether or not an account has it)."""
    email = email.strip().lower()
    throttle.check(throttle.SIGN_IN_ADDRESS, source_ip, "Too many sign-in attempts from this address.")
    user = find_user(email)
    _refuse_if_locked(user, email)
    try:
        result = cognito.password_sign_in(email, password)
    except UnauthenticatedError:
        _count_failure(user, email)
        count("SignInFailed")
        raise UnauthenticatedError("Email or password is incorrect.", field="password") from None
    if user is None or user.status != "active":
        raise UnauthenticatedError("Email or password is incorrect.", field="password")
    if result.get("challenge") != "mfa":  # with MFA, only a right code ends the failure count
        result = _after_sign_in(user, result)
    count("SignIns")
    logger.info("sign-in", extra={"user_id": user.user_id, "mfa": result.get("challenge") == "mfa"})
    return result


def answer_mfa(email: str, session: str, code: str, source_ip: str | None = None) -> dict:
    """A wrong code counts toward the same lockout as a wrong password."""
    email = email.strip().lower()
    throttle.check(throttle.MFA_ADDRESS, source_ip, "Too many sign-in attempts from this address.")
    user = find_user(email)
    _refuse_if_locked(user, email)
    if user is None:
        raise UnauthenticatedError("Sign in again.")
    try:
        tokens = cognito.answer_mfa(email, session, code)
    except UnprocessableError:  # a wrong code: a guess like a wrong password
        _count_failure(user, email)
        raise
    except UnauthenticatedError:
        _count_failure(user, email)
        raise UnauthenticatedError("The sign-in took too long. Sign in again.") from None
    return _after_sign_in(user, tokens)


def _refuse_if_locked(user: User | None, email: str) -> None:
    wait = throttle.over(throttle.sign_in_failures(), email)
    if user is not None and _locked(user):
        until = datetime.fromisoformat(user.locked_until.replace("Z", "+00:00"))
        wait = max(wait or 0, int((until - clock.now()).total_seconds()))
    if wait:
        throttle.refuse(wait, "This account is locked after too many failed sign-ins (the practice can "
                        "unlock it).", code="account_locked")


def _after_sign_in(user: User, tokens: dict) -> dict:
    from chalicelib.models._base import iso_now

    previous = user.last_sign_in_at
    actions = [User.last_sign_in_at.set(iso_now())]
    if user.failed_sign_ins or user.locked_until:
        actions += [User.failed_sign_ins.set(0), User.locked_until.remove()]
        throttle.forget(throttle.sign_in_failures(), user.email)
    user.update(actions=actions)
    sessions.admit(user, tokens["access_token"])  # a sign-in in the second of a sign-out
    from chalicelib.services.adoption import events

    events.signed_in(user, previous)
    roles = set(user.roles or [])
    needs_mfa = bool(roles - {"patient"}) and get_settings().staff_mfa_required
    tokens["mfa_setup_required"] = needs_mfa and user.mfa_enabled != "true"
    return tokens


def refresh(refresh_token: str) -> dict:
    return cognito.refresh(refresh_token)


def sign_out(caller: Caller) -> None:
    """Revoke every session of the caller: Cognito refresh tokens and, through
    tokens_valid_after, every access token issued until now."""
    sessions.end_everywhere(caller.user_id, caller.email)
    logger.info("sign-out", extra={"user_id": caller.user_id})


# forgot_password answers after at least this long, account or not, so timing tells nothing.
FORGOT_FLOOR_SECONDS = 0.4


def forgot_password(email: str, source_ip: str | None = None) -> None:
    """Email a reset code if the account exists. Answers the same either way, in the same
    time; a new code supersedes the earlier one. Throttled per address and per email."""
    import time as timer  # durations only: "now" comes from chalicelib.clock

    started = timer.perf_counter()
    email = email.strip().lower()
    throttle.check(throttle.RESET_ADDRESS, source_ip, "Too many reset requests from this address.")
    throttle.check(throttle.RESET_ACCOUNT, email, "Too many reset requests for this email.")
    try:
        _send_reset_code(email)
    finally:
        timer.sleep(max(0.0, FORGOT_FLOOR_SECONDS - (timer.perf_counter() - started)))


def _send_reset_code(email: str) -> None:
    from chalicelib import notify
    from chalicelib.models._base import transact_write

    user = find_user(email)
    if user is None or user.status != "active":
        logger.info("password reset for unknown email")
        return
    code, item = codes.build("password_reset", user.email, RESET_MINUTES * 60, user_id=user.user_id)
    with transact_write() as tx:  # the user row names the one code that works: earlier ones stop
        tx.save(item, condition=OneTimeCode.code_hash.does_not_exist())
        tx.update(user, actions=[User.reset_code_hash.set(item.code_hash)])
    notify.send("password_reset", email=user.email, user_id=user.user_id, patient_id=user.patient_id,
                values={"code": code, "minutes": str(RESET_MINUTES),
                        "link": f"/#/reset?email={user.email}"})


def reset_password(email: str, code: str, new_password: str) -> None:
    from chalicelib import notify

    email = email.strip().lower()
    item = codes.redeemable(code, "password_reset")
    if item.email != email:
        codes.count_failure(item)
        raise UnprocessableError("This code is not valid or has expired.", field="code")
    if User.get(item.user_id).reset_code_hash != item.code_hash:  # a newer code was sent since
        raise UnprocessableError("This code is not valid or has expired. Use the newest code we sent.",
                                 field="code")
    cognito.set_password(email, new_password)
    item.update(actions=[OneTimeCode.used_at.set(iso_now())],
                condition=OneTimeCode.used_at.does_not_exist())
    User(item.user_id).update(actions=[User.failed_sign_ins.set(0), User.locked_until.remove()])
    throttle.forget(throttle.sign_in_failures(), email)
    sessions.end_everywhere(item.user_id, email)  # whoever knew the old password is out
    notify.send("password_changed", email=email, user_id=item.user_id)


def change_password(caller: Caller, access_token: str, current: str, new: str) -> None:
    """A signed-in user changes their password, proving the current one. Wrong guesses count
    toward the sign-in lockout, so this is no side door for guessing."""
    from chalicelib import notify

    user = User.get(caller.user_id)
    if _locked(user):
        raise TooManyRequestsError("This account is locked after too many failed attempts. Try again later.",
                                   code="account_locked")
    if current == new:
        raise UnprocessableError("Choose a new password that is different from the current one.", field="new_password")
    try:
        cognito.change_password(access_token, current, new)
    except UnauthenticatedError:
        _count_failure(user)
        raise UnprocessableError("That is not your current password.", field="current_password") from None
    except UnprocessableError as exc:
        raise UnprocessableError(exc.message, field="new_password") from None
    if user.failed_sign_ins:
        user.update(actions=[User.failed_sign_ins.set(0)])
    notify.send("password_changed", email=user.email, user_id=user.user_id)
    logger.info("password changed", extra={"user_id": user.user_id})


def start_mfa(caller: Caller, access_token: str) -> dict:
    secret = cognito.start_totp(access_token)
    from urllib.parse import quote

    from chalicelib.services.practice import current_settings

    issuer = quote(current_settings().get("name", "Patient Portal"))
    uri = f"otpauth://totp/{issuer}:{quote(caller.email)}?secret={secret}&issuer={issuer}"
    return {"secret": secret, "otpauth_uri": uri}


def confirm_mfa(caller: Caller, access_token: str, code: str) -> dict:
    """Turn MFA on; every other session ends (they signed in without the code) and this
    device signs in again with the code when its access token ends."""
    cognito.confirm_totp(access_token, code)
    User(caller.user_id).update(actions=[User.mfa_enabled.set("true")])
    sessions.end_everywhere(caller.user_id, caller.email, keep_access_token=access_token)
    logger.info("mfa enabled", extra={"user_id": caller.user_id})
    _mfa_notice(caller)
    return {"mfa_enabled": True}


def refuse_if_mfa_required(caller: Caller) -> None:
    if caller.is_staff and get_settings().staff_mfa_required:
        raise ForbiddenError("Staff accounts must keep two-step sign-in on.")


def disable_mfa(caller: Caller, access_token: str, password: str, code: str) -> dict:
    """Turn MFA off: only with the password and a current code (a stolen token is not
    enough); wrong ones count toward the lockout; every other session ends."""
    refuse_if_mfa_required(caller)
    user = User.get(caller.user_id)
    _refuse_if_locked(user, user.email)
    try:
        challenge = cognito.password_sign_in(user.email, password)
    except UnauthenticatedError:
        _count_failure(user, user.email)
        raise UnprocessableError("That is not your current password.", field="password") from None
    if challenge.get("challenge") == "mfa":
        try:
            cognito.answer_mfa(user.email, challenge["session"], code)
        except (UnprocessableError, UnauthenticatedError):
            _count_failure(user, user.email)
            raise UnprocessableError("That code is not right. Try the newest code.", field="code") from None
    cognito.disable_totp(user.email)
    user.update(actions=[User.mfa_enabled.set("false")])
    sessions.end_everywhere(user.user_id, user.email, keep_access_token=access_token)
    _mfa_notice(caller)
    logger.info("mfa disabled", extra={"user_id": user.user_id})
    return {"mfa_enabled": False}


def _mfa_notice(caller: Caller) -> None:
    from chalicelib import notify
    from chalicelib.templates.catalog_account import SECURITY_CHANGES

    notify.send("security_notice", email=caller.email, user_id=caller.user_id, patient_id=caller.patient_id,
                values={"changed": SECURITY_CHANGES["mfa"], "link": "/#/account"})


def unlock_patient(caller: Caller, patient_id: str) -> dict:
    """Staff clear a patient's sign-in lockout (after they phone the practice)."""
    from chalicelib import audit
    from chalicelib.auth import authorize_patient
    from chalicelib.errors import ConflictError
    from chalicelib.services.patients import load

    authorize_patient(caller, patient_id, "account.unlock")
    patient = load(patient_id)
    if not patient.user_id:
        raise ConflictError("This patient has no portal account yet.")
    user = User(patient.user_id)
    user.update(actions=[User.failed_sign_ins.set(0), User.locked_until.remove()],
                condition=User.user_id.exists())
    throttle.forget(throttle.sign_in_failures(), user.email)
    audit.record(caller, patient_id, "update", "account")
    return {"patient_id": patient_id, "locked": False}


def _locked(user: User) -> bool:
    return bool(user.locked_until) and user.locked_until > iso_now()


def _count_failure(user: User | None, email: str | None = None) -> None:
    settings = get_settings()
    if email or user:
        throttle.hit(throttle.sign_in_failures(), email or user.email)
    if user is None:
        return
    user.update(actions=[User.failed_sign_ins.add(1)])
    if user.failed_sign_ins >= settings.max_failed_sign_ins:
        until = clock.now() + timedelta(minutes=settings.lockout_minutes)
        user.update(actions=[User.locked_until.set(iso(until))])
        count("AccountLocked")
        logger.info("account locked", extra={"user_id": user.user_id})


def create_account(email: str, password: str, display_name: str, roles: set[str],
                   patient_id: str | None = None) -> str:
    """Create a confirmed account (staff onboarding and the demo seed). Returns the user id.

    Patients normally get their account through an invitation instead.
    """
    from chalicelib.models.patient import Patient

    email = email.strip().lower()
    if find_user(email):
        raise ConflictError("An account with this email already exists.", field="email")
    sub = cognito.create_user(email, password, sorted(roles))
    user = User(sub, email=email, display_name=display_name, roles=set(roles), patient_id=patient_id,
                created_at=iso_now(), staff_list="staff" if set(roles) - {"patient"} else None)
    try:
        user.save(condition=User.user_id.does_not_exist())
        if patient_id:
            Patient(patient_id).update(actions=[Patient.account_status.set("active"), Patient.user_id.set(sub),
                                                Patient.invite_queue.remove()],
                                       condition=Patient.patient_id.exists())
    except Exception:
        cognito.delete_user(email)
        raise
    from chalicelib.services.scheduling import CLINICIAN_ROLES, register_clinician

    if CLINICIAN_ROLES & set(roles):
        register_clinician(sub, display_name)
    return sub
