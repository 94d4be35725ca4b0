"""Patients: create, read, update contact details and preferences (the directory: services/directory.py)."""
from __future__ import annotations

import uuid
from datetime import date

from chalicelib import clock
from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, require
from chalicelib.errors import ForbiddenError, InvalidError, NotFoundError
from chalicelib.models._base import iso_now
from chalicelib.models.counter import next_value
from chalicelib.models.patient import Patient, name_key

MRN_START = 100000


def load(patient_id: str) -> Patient:
    try:
        return Patient.get(patient_id)
    except Patient.DoesNotExist:
        raise NotFoundError("Patient not found.") from None


def create_patient(caller: Caller | None, data: dict) -> dict:
    """Register a patient and assign the next MRN. caller None = seeding."""
    if caller is not None:
        require(caller, "patients.create")
    birth_date = _past_date(data["birth_date"], "birth_date")
    now = iso_now()
    family, given = data["family_name"].strip(), data["given_name"].strip()
    patient = Patient(
        uuid.uuid4().hex,
        mrn=str(MRN_START + next_value("mrn")),
        given_name=given,
        family_name=family,
        birth_date=birth_date,
        sex=data["sex"],
        email=(data.get("email") or "").strip().lower() or None,
        phone=checked_phone(data.get("phone")),
        address=data.get("address") or None,
        preferences={"email": True, "sms": bool(data.get("phone"))},
        invite_queue="waiting",  # until the first invitation (the front desk's Today)
        name_key=name_key(family, given),
        created_at=now,
        updated_at=now,
    )
    from chalicelib.services import directory

    directory.save_new(patient)  # with its name index, in one transaction
    audit.record(caller, patient.patient_id, "create", "demographics")
    return to_dict(patient)


def get_patient(caller: Caller, patient_id: str) -> dict:
    authorize_patient(caller, patient_id, "demographics.read")
    patient = load(patient_id)
    audit.record(caller, patient_id, "read", "demographics")
    shown = to_dict(patient)
    if caller.is_staff:
        shown["portal"] = portal_state(patient)
    return shown


def portal_state(patient: Patient) -> dict:
    """What the front desk needs when the patient phones about the portal: invited when,
    active, last sign-in, two-step sign-in (one GetItem of the account, if there is one)."""
    from chalicelib.models.user import User

    user = None
    if patient.user_id:
        try:
            user = User.get(patient.user_id)
        except User.DoesNotExist:
            user = None
    return {
        "status": patient.account_status, "invited_at": patient.invited_at,
        "last_sign_in_at": user.last_sign_in_at if user else None,
        "mfa": bool(user and user.mfa_enabled == "true"),
        "disabled": bool(user and user.status != "active"),
    }


CONTACT_FIELDS = ("email", "phone", "address")


def update_contact(caller: Caller, patient_id: str, changes: dict) -> dict:
    how = authorize_patient(caller, patient_id, "demographics.update")
    if how == "proxy" and "email" in changes:
        # The email is where the patient's own invitation and account mail go: a caregiver
        # who could set it could invite themselves into the record as the patient.
        raise ForbiddenError("A caregiver cannot change the patient's email address. Ask the practice.")
    patient = load(patient_id)
    if not any(name in changes for name in CONTACT_FIELDS):
        return to_dict(patient)  # an empty change writes nothing and audits nothing
    actions = contact_actions(changes)
    before = (patient.email, patient.phone)
    patient.update(actions=actions, condition=Patient.patient_id.exists())
    audit.record(caller, patient_id, "update", "demographics")
    security_notices(patient, before)
    return to_dict(patient)


def contact_actions(changes: dict) -> list:
    """The update actions for a contact change (also applied when the front desk accepts
    one proposed at eCheck-in, services/change_requests.py)."""
    actions = []
    for name in CONTACT_FIELDS:
        if name in changes:
            value = changes[name]
            if name == "email" and value:
                value = value.strip().lower()
            if name == "phone":
                value = checked_phone(value)
            attr = getattr(Patient, name)
            actions.append(attr.set(value) if value else attr.remove())
    actions.append(Patient.updated_at.set(iso_now()))
    return actions


def security_notices(patient: Patient, before: tuple) -> None:
    """An email or phone change is told to the person, at the old address too (a takeover
    changes the email first)."""
    from chalicelib import notify
    from chalicelib.templates.catalog_account import SECURITY_CHANGES

    old_email, old_phone = before
    changed = [("email", old_email, patient.email), ("phone", old_phone, patient.phone)]
    for what, old, new in changed:
        if old == new:
            continue
        words = SECURITY_CHANGES[what]
        for address in dict.fromkeys(a for a in (old_email, patient.email) if a):
            notify.send("security_notice", email=address, patient_id=patient.patient_id,
                        user_id=patient.user_id, values={"changed": words, "link": "/#/account"})


def checked_phone(value: str | None) -> str | None:
    """A number that can really be dialled (phonenumbers' metadata), stored as E.164.
    The schema checks the shape; this catches "+10005550100" and friends."""
    if not value:
        return None
    import phonenumbers

    try:
        parsed = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise InvalidError("Enter a phone number that can receive calls, like (312) 555-0100.", field="phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def update_preferences(caller: Caller, patient_id: str, prefs: dict) -> dict:
    authorize_patient(caller, patient_id, "preferences.update")
    patient = load(patient_id)
    current = patient.preferences.as_dict() if patient.preferences else {}
    merged = {**current, **prefs}
    if not prefs:
        return to_dict(patient)["preferences"]  # an empty change writes nothing and audits nothing
    if merged.get("sms") and not patient.phone:
        raise InvalidError("Add a mobile phone number before choosing text messages.", field="sms")
    patient.update(actions=[Patient.preferences.set(merged), Patient.updated_at.set(iso_now())])
    audit.record(caller, patient_id, "update", "preferences")
    return to_dict(patient)["preferences"]


def _past_date(value: str, field: str) -> str:
    try:
        parsed = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidError(f"{field} must be a date like 1980-04-23.", field=field) from None
    if parsed > clock.today():
        raise InvalidError(f"{field} cannot be in the future.", field=field)
    return parsed.isoformat()


def age(birth_date: str, today: date | None = None) -> int:
    return clock.age(birth_date, today)


def summary(patient: Patient) -> dict:
    return {
        "patient_id": patient.patient_id,
        "mrn": patient.mrn,
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "birth_date": patient.birth_date,
        "account_status": patient.account_status,
    }


def to_dict(patient: Patient) -> dict:
    return {
        **summary(patient),
        "sex": patient.sex,
        "age": age(patient.birth_date),
        "email": patient.email,
        "phone": patient.phone,
        "address": patient.address.as_dict() if patient.address else None,
        "preferences": patient.preferences.as_dict() if patient.preferences else {},
        "created_at": patient.created_at,
        "updated_at": patient.updated_at,
    }
