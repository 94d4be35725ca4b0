"""Proxy access: a caregiver acts for a patient (a child, a parent) under a grant.

Grants have a scope (full, or limited: no clinical notes or record export),
an optional expiry, and who granted them. Staff grant and revoke.
"""
from __future__ import annotations

from datetime import date

from chalicelib import clock
from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, grant_is_active
from chalicelib.errors import ConflictError, InvalidError, UnprocessableError
from chalicelib.models._base import iso_now
from chalicelib.models.patient import Patient
from chalicelib.models.proxy_grant import ProxyGrant
from chalicelib.models.user import User
from chalicelib.services.patients import load, summary


def grant(caller: Caller | None, patient_id: str, grantee_email: str, scope: str,
          relationship: str | None = None, expires_at: str | None = None) -> dict:
    if caller is not None:
        authorize_patient(caller, patient_id, "proxy.manage")
    load(patient_id)
    from chalicelib.services.accounts import find_user

    grantee = find_user(grantee_email)
    if grantee is None:
        raise UnprocessableError("No portal account uses this email. Invite the caregiver first.",
                                 field="grantee_email")
    if grantee.patient_id == patient_id:
        raise UnprocessableError("A patient does not need proxy access to their own record.",
                                 field="grantee_email")
    if expires_at:
        try:
            if date.fromisoformat(expires_at) < clock.today():
                raise ValueError
        except ValueError:
            raise InvalidError("expires_at must be a date in the future.", field="expires_at") from None
    item = ProxyGrant(grantee.user_id, patient_id, scope=scope, relationship=relationship,
                      expires_at=expires_at, granted_by=caller.user_id if caller else "system",
                      granted_at=iso_now())
    item.save()  # re-granting replaces a revoked or expired grant
    audit.record(caller, patient_id, "grant", "proxy-grant", grantee.user_id)
    _tell(patient_id, grantee, "grant")
    return _as_dict(item, grantee)


def _tell(patient_id: str, grantee: User | None, change: str) -> None:
    """Every grant and revocation is told to the patient and to the caregiver (no names)."""
    from chalicelib import notify
    from chalicelib.templates.catalog_account import PROXY_CHANGES

    words = {"change": PROXY_CHANGES[change], "link": "/#/account"}
    patient = load(patient_id)
    if patient.email and (grantee is None or patient.email != grantee.email):
        notify.send("proxy_access_changed", email=patient.email, patient_id=patient_id,
                    user_id=patient.user_id, values=words)
    if grantee is not None:
        notify.send("proxy_access_yours", email=grantee.email, user_id=grantee.user_id, values=words)


def revoke(caller: Caller, patient_id: str, grantee_id: str) -> dict:
    authorize_patient(caller, patient_id, "proxy.manage")
    item = ProxyGrant(grantee_id, patient_id)
    from pynamodb.exceptions import UpdateError

    try:
        item.update(actions=[ProxyGrant.revoked_at.set(iso_now()), ProxyGrant.revoked_by.set(caller.user_id)],
                    condition=ProxyGrant.grantee_id.exists() & ProxyGrant.revoked_at.does_not_exist())
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise ConflictError("There is no active proxy access to revoke.") from None
        raise
    audit.record(caller, patient_id, "revoke", "proxy-grant", grantee_id)
    try:
        grantee = User.get(grantee_id)
    except User.DoesNotExist:
        grantee = None
    _tell(patient_id, grantee, "revoke")
    return _as_dict(item, None)


def list_for_patient(caller: Caller, patient_id: str) -> dict:
    """Who holds proxy access to this patient (active and past)."""
    authorize_patient(caller, patient_id, "proxy.read")
    grants = list(ProxyGrant.patient_grants_index.query(patient_id, limit=100))
    users = {u.user_id: u for u in User.batch_get([g.grantee_id for g in grants])} if grants else {}
    audit.record(caller, patient_id, "read", "proxy-grant")
    return {"items": [_as_dict(g, users.get(g.grantee_id)) for g in grants]}


def patients_for(user_id: str) -> list[dict]:
    """The patients a user may act for through active grants (one Query, one BatchGet)."""
    grants = [g for g in ProxyGrant.query(user_id, limit=100) if grant_is_active(g)]
    if not grants:
        return []
    patients = {p.patient_id: p for p in Patient.batch_get([g.patient_id for g in grants])}
    result = []
    for g in grants:
        if g.patient_id in patients:
            result.append({**summary(patients[g.patient_id]), "access": "proxy", "scope": g.scope,
                           "relationship": g.relationship, "expires_at": g.expires_at})
    return result


def _as_dict(item: ProxyGrant, grantee: User | None) -> dict:
    return {
        "grantee_id": item.grantee_id,
        "grantee_name": grantee.display_name if grantee else None,
        "grantee_email": grantee.email if grantee else None,
        "patient_id": item.patient_id,
        "scope": item.scope,
        "relationship": item.relationship,
        "expires_at": item.expires_at,
        "granted_by": item.granted_by,
        "granted_at": item.granted_at,
        "revoked_at": item.revoked_at,
        "active": grant_is_active(item),
    }

