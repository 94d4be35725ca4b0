"""Invitations: staff invite a patient; the patient activates with code + date of birth.

Nothing binds an account on email alone: activation needs the single-use code
from the invitation email and the patient's date of birth.
"""
from __future__ import annotations

from datetime import timedelta

from pynamodb.exceptions import TransactWriteError

from chalicelib import clock
from chalicelib import audit, cognito
from chalicelib.auth import Caller, authorize_patient
from chalicelib.config import get_settings
from chalicelib.errors import ConflictError, InvalidError, UnprocessableError
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.one_time_code import OneTimeCode
from chalicelib.models.patient import Patient
from chalicelib.models.user import User
from chalicelib.observability import count, logger
from chalicelib.services import codes
from chalicelib.services.patients import load


def invite(caller: Caller | None, patient_id: str, channel: str = "email", claim: str | None = None) -> dict:
    """Send (or re-send) the invitation. A re-invite cancels the previous code. channel
    "sms": also by text message (batch invitations, issue 15), if the patient has a phone.
    `claim`: a batch run's claim (services/rollout): the invitation is written only while the
    claim is still that run's, so a run whose stale claim was taken back sends nothing."""
    if caller is not None:
        authorize_patient(caller, patient_id, "invitation.send")
    patient = load(patient_id)
    if patient.account_status == "active":
        raise ConflictError("This patient already has an active portal account.")
    if not patient.email:
        raise InvalidError("Add the patient's email address before inviting them.", field="email")
    check_age(patient)
    days = get_settings().invitation_days
    code, item = codes.build("invitation", patient.email, days * 86400, patient_id=patient_id,
                             created_by=caller.user_id if caller else "system")
    previous = patient.invitation_code_hash
    condition = Patient.account_status != "active"
    if claim is not None:
        condition &= (Patient.invite_queue == "sending") & (Patient.invite_claimed_at == claim)
    try:
        with transact_write() as tx:
            tx.save(item, condition=OneTimeCode.code_hash.does_not_exist())
            tx.update(patient, actions=[Patient.invitation_code_hash.set(item.code_hash),
                                        Patient.account_status.set("invited"),
                                        Patient.invited_at.set(iso_now()), Patient.invite_queue.remove(),
                                        Patient.invite_claimed_at.remove(), Patient.updated_at.set(iso_now())],
                      condition=condition)
            if previous:
                tx.update(OneTimeCode(previous), actions=[OneTimeCode.used_at.set("superseded")],
                          condition=OneTimeCode.used_at.does_not_exist())
    except TransactWriteError:
        if claim is None:
            raise
        raise ConflictError("Another run took this invitation over.", code="claim_lost") from None
    expires_on = (clock.today() + timedelta(days=days)).isoformat()  # the practice's day
    _send_invitation(patient, code, expires_on, channel)
    audit.record(caller, patient_id, "invite", "invitation")
    count("InvitationsSent")
    from chalicelib.services.adoption import events

    events.invited()
    _first_invitation()
    return {"patient_id": patient_id, "account_status": "invited", "expires_on": expires_on}


def _first_invitation() -> None:
    """The admin's setup checklist ticks "First patients invited" (services/today/office.py):
    a conditional PutItem that succeeds once, never failing the invitation."""
    from chalicelib.services import adoption

    try:
        adoption.once("setup", "first-invitation")
    except Exception:  # noqa: BLE001 - a checklist mark never breaks an invitation
        logger.exception("first-invitation marker failed")


# Younger patients reach the portal through a parent's or guardian's proxy access. The
# admin sets the practice's own minimum (12 to 18) on the Practice information page.
MIN_ACCOUNT_AGE = 13


def check_age(patient: Patient) -> None:
    """No account for a patient under the practice's minimum age (practice setting
    `min_account_age`, default 13)."""
    from chalicelib.services.patients import age
    from chalicelib.services.practice import current_settings

    minimum = int(current_settings().get("min_account_age") or MIN_ACCOUNT_AGE)
    if patient.birth_date and age(patient.birth_date) < minimum:
        raise UnprocessableError(f"Patients under {minimum} do not get their own portal account; a parent or "
                                 "guardian gets proxy access instead.", field="birth_date", code="too_young")


def _send_invitation(patient: Patient, code: str, expires_on: str, channel: str = "email") -> None:
    from urllib.parse import quote

    from chalicelib import notify

    by_text = channel == "sms" and patient.phone
    notify.send("invitation", email=patient.email, patient_id=patient.patient_id,
                phone=patient.phone if by_text else None, preferences={"email": True, "sms": bool(by_text)},
                values={"code": code, "link": f"/#/activate?code={quote(code)}",
                        "expires_on": clock.say_date(expires_on, weekday=False)})


def activate(code: str, birth_date: str, password: str, source_ip: str | None = None) -> dict:
    """Create the patient's account. Returns sign-in tokens, so they land signed in."""
    from chalicelib import throttle

    throttle.check(throttle.ACTIVATE_ADDRESS, source_ip, "Too many activation attempts from this address.")
    item = codes.redeemable(code, "invitation")
    patient = load(item.patient_id)
    check_age(patient)  # an invitation sent before the rule, or before a birth date was corrected
    if patient.birth_date != birth_date.strip():
        codes.count_failure(item)
        raise UnprocessableError("The date of birth does not match our records.", field="birth_date")
    if patient.invitation_code_hash != item.code_hash or patient.account_status == "active":
        raise UnprocessableError("This code is not valid or has expired.", field="code")
    email = item.email
    from chalicelib.services.accounts import find_user

    if find_user(email):
        raise ConflictError("An account with this email already exists. Sign in instead.", field="email")
    sub = cognito.create_user(email, password, ["patient"])
    now = iso_now()
    user = User(sub, email=email, display_name=f"{patient.given_name} {patient.family_name}",
                roles={"patient"}, patient_id=patient.patient_id, created_at=now)
    try:
        with transact_write() as tx:
            tx.update(item, actions=[OneTimeCode.used_at.set(now)],
                      condition=OneTimeCode.used_at.does_not_exist())
            tx.save(user, condition=User.user_id.does_not_exist())
            tx.update(patient, actions=[Patient.account_status.set("active"), Patient.user_id.set(sub),
                                        Patient.invite_queue.remove(),
                                        Patient.invitation_code_hash.remove(),
                                        Patient.updated_at.set(now)],
                      condition=Patient.invitation_code_hash == item.code_hash)
    except Exception:
        cognito.delete_user(email)  # nothing half written
        logger.exception("activation transaction failed", extra={"patient_id": patient.patient_id})
        raise ConflictError("This invitation was just used or replaced. Ask the practice for a new one.",
                            field="code") from None
    from chalicelib.auth import Caller as _Caller

    audit.record(_Caller(user_id=sub, email=email, display_name=user.display_name,
                         roles=frozenset({"patient"}), patient_id=patient.patient_id),
                 patient.patient_id, "activate", "account")
    count("InvitationsActivated")
    from chalicelib.services.adoption import events

    events.activated(patient.patient_id, email)
    from chalicelib.services.accounts import sign_in

    return sign_in(email, password)
