"""Proxy access: a caregiver acts for a patient (a child, a parent) under a grant.

Grants have a scope (full, or limited: see docs/security.md), an optional expiry, and
who asked for them. Staff ask for a grant and revoke it. A grant to an adult patient
waits for that patient's consent (services/proxy_consent.py); a grant to a minor's
parent or guardian needs none and follows the age bands (auth.grant_scope, and the
daily job in services/proxy_bands.py).
"""
from __future__ import annotations

from datetime import date, timedelta

from chalicelib import audit, clock
from chalicelib.auth import ADULT_AGE, TEEN_AGE, Caller, authorize_patient, grant_scope, grant_status
from chalicelib.errors import ConflictError, InvalidError, NotFoundError, UnprocessableError
from chalicelib.models._base import iso_now
from chalicelib.models.patient import Patient
from chalicelib.models.proxy_grant import ProxyGrant
from chalicelib.models.user import User
from chalicelib.services.patients import load, summary

# A request for an adult's consent lapses after this many practice days.
CONSENT_REQUEST_DAYS = 14


def grant(caller: Caller | None, patient_id: str, grantee_email: str, scope: str,
          relationship: str | None = None, expires_at: str | None = None) -> dict:
    """Ask for a grant: active at once for a minor's parent or guardian, pending the
    patient's consent for an adult. caller None is the seed."""
    if caller is not None:
        authorize_patient(caller, patient_id, "proxy.manage")
    patient = load(patient_id)
    from chalicelib.services.accounts import find_user

    grantee = find_user(grantee_email)
    if grantee is None:
        raise UnprocessableError("No portal account uses this email. Invite the caregiver first.",
                                 field="grantee_email")
    if grantee.patient_id == patient_id:
        raise UnprocessableError("A patient does not need proxy access to their own record.",
                                 field="grantee_email")
    today = clock.today()
    if expires_at:
        try:
            if date.fromisoformat(expires_at) < today:
                raise ValueError
        except ValueError:
            raise InvalidError("expires_at must be a date in the future.", field="expires_at") from None
    existing = find(grantee.user_id, patient_id)
    if existing is not None and grant_status(existing, today) in ("active", "pending"):
        raise ConflictError("This person already has proxy access, or a request waiting for the patient's "
                            "answer. Revoke it first to change it.", field="grantee_email")
    now = iso_now()
    minor = clock.age(patient.birth_date, today) < ADULT_AGE
    fields = {"scope": scope, "relationship": relationship, "expires_at": expires_at,
              "granted_by": caller.user_id if caller else "system", "granted_at": now}
    if minor:  # a parent or guardian of a minor: no consent, age bands instead
        fields.update(status="active", consent="guardian", consented_at=now, minor_birth_date=patient.birth_date,
                      band_watch="minor", band_change_on=next_band_change(patient.birth_date, today).isoformat())
    else:
        fields.update(status="pending",
                      request_expires_on=(today + timedelta(days=CONSENT_REQUEST_DAYS)).isoformat())
    item = ProxyGrant(grantee.user_id, patient_id, **fields)
    item.save()  # replaces a revoked, declined, lapsed or ended grant
    if minor:
        audit.record(caller, patient_id, "grant", "proxy-grant", grantee.user_id)
        tell(patient, grantee, "grant")
    else:
        audit.record(caller, patient_id, "request", "proxy-grant", grantee.user_id)
        from chalicelib.services import home

        home.notice(patient_id, "proxy-request", grantee.user_id)
        _ask_consent(patient, grantee, item)
    return as_dict(item, grantee)


def birthday(birth_date: str, years: int) -> date:
    """The day someone born on `birth_date` turns `years` (a 29 February birthday: 1 March)."""
    born = date.fromisoformat(birth_date)
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def next_band_change(birth_date: str, today: date) -> date:
    twelfth = birthday(birth_date, TEEN_AGE)
    return twelfth if today < twelfth else birthday(birth_date, ADULT_AGE)


def find(grantee_id: str, patient_id: str) -> ProxyGrant | None:
    try:
        return ProxyGrant.get(grantee_id, patient_id)
    except ProxyGrant.DoesNotExist:
        return None


def _ask_consent(patient: Patient, grantee: User, item: ProxyGrant) -> None:
    """The patient hears that someone asked (no names: who it is shows in the portal), and
    the caregiver that nothing starts before the patient's consent."""
    from chalicelib import notify

    if patient.email:
        notify.send("proxy_consent_requested", email=patient.email, patient_id=patient.patient_id,
                    user_id=patient.user_id, values={"link": "/#/account",
                                                     "expires_on": clock.say_date(item.request_expires_on)})
    notify.send("proxy_request_waiting", email=grantee.email, user_id=grantee.user_id, values={"link": "/#/home"})


def tell(patient: Patient, grantee: User | None, change: str, patient_too: bool = True) -> None:
    """Grants and their changes are told to the patient and to the caregiver (no names)."""
    from chalicelib import notify
    from chalicelib.templates.catalog_account import PROXY_CHANGES

    words = {"change": PROXY_CHANGES[change], "link": "/#/account"}
    if patient_too and patient.email and (grantee is None or patient.email != grantee.email):
        notify.send("proxy_access_changed", email=patient.email, patient_id=patient.patient_id,
                    user_id=patient.user_id, values=words)
    if grantee is not None:
        notify.send("proxy_access_yours", email=grantee.email, user_id=grantee.user_id, values=words)


def answered(patient_id: str, grantee_id: str) -> None:
    """The request is no longer waiting: its card leaves the patient's home."""
    from chalicelib.services import home

    home.clear(patient_id, "proxy-request", grantee_id)


def user_or_none(user_id: str) -> User | None:
    try:
        return User.get(user_id)
    except User.DoesNotExist:
        return None


def revoke(caller: Caller, patient_id: str, grantee_id: str) -> dict:
    """End a grant, or withdraw a request still waiting for consent, at once."""
    authorize_patient(caller, patient_id, "proxy.manage")
    item = find(grantee_id, patient_id)
    if item is None or grant_status(item) not in ("active", "pending"):
        raise ConflictError("There is no active proxy access to revoke.")
    from pynamodb.exceptions import UpdateError

    try:
        item.update(actions=[ProxyGrant.revoked_at.set(iso_now()), ProxyGrant.revoked_by.set(caller.user_id),
                             ProxyGrant.band_watch.remove(), ProxyGrant.band_change_on.remove()],
                    condition=ProxyGrant.grantee_id.exists() & ProxyGrant.revoked_at.does_not_exist())
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise ConflictError("There is no active proxy access to revoke.") from None
        raise
    audit.record(caller, patient_id, "revoke", "proxy-grant", grantee_id)
    answered(patient_id, grantee_id)
    tell(load(patient_id), user_or_none(grantee_id), "revoke")
    return as_dict(item, None)


def list_for_patient(caller: Caller, patient_id: str) -> dict:
    """Who holds proxy access to this patient, who asked for it, and past grants."""
    authorize_patient(caller, patient_id, "proxy.read")
    grants = list(ProxyGrant.patient_grants_index.query(patient_id, limit=100))
    users = {u.user_id: u for u in User.batch_get([g.grantee_id for g in grants])} if grants else {}
    audit.record(caller, patient_id, "read", "proxy-grant")
    return {"items": [as_dict(g, users.get(g.grantee_id)) for g in grants]}


def patients_for(user_id: str) -> list[dict]:
    """The patients a user may act for through active grants (one Query, one BatchGet)."""
    today = clock.today()
    scopes = {g.patient_id: (g, s) for g in ProxyGrant.query(user_id, limit=100) if (s := grant_scope(g, today))}
    if not scopes:
        return []
    patients = {p.patient_id: p for p in Patient.batch_get(list(scopes))}
    result = []
    for pid, (g, scope) in scopes.items():
        if pid in patients:
            result.append({**summary(patients[pid]), "access": "proxy", "scope": scope,
                           "relationship": g.relationship, "expires_at": g.expires_at})
    return result


def age_band(item: ProxyGrant, today: date) -> str | None:
    """child (under 12) or teen (12 to 17) for a minor's parent or guardian; None otherwise."""
    if not item.minor_birth_date:
        return None
    years = clock.age(item.minor_birth_date, today)
    return "child" if years < TEEN_AGE else "teen" if years < ADULT_AGE else None


def as_dict(item: ProxyGrant, grantee: User | None) -> dict:
    today = clock.today()
    return {
        "grantee_id": item.grantee_id,
        "grantee_name": grantee.display_name if grantee else None,
        "grantee_email": grantee.email if grantee else None,
        "patient_id": item.patient_id,
        "scope": item.scope,
        "scope_now": grant_scope(item, today),  # what the grant gives today (age bands applied)
        "status": grant_status(item, today),
        "age_band": age_band(item, today),
        "relationship": item.relationship,
        "expires_at": item.expires_at,
        "granted_by": item.granted_by,
        "granted_at": item.granted_at,
        "request_expires_on": item.request_expires_on,
        "consent": item.consent,
        "consented_by": item.consented_by,
        "consented_at": item.consented_at,
        "consent_signed_on": item.consent_signed_on,
        "consent_reference": item.consent_reference,
        "consent_document_id": item.consent_document_id,
        "revoked_at": item.revoked_at,
        "ended_at": item.ended_at,
        "active": grant_status(item, today) == "active",
    }
