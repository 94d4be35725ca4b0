"""Consent for proxy access to an adult (issue 9): the patient approves or declines the
request in the portal, or staff record the patient's written consent (who, when, the
form's date and where it is kept). Until then the grant gives nothing.
"""
from __future__ import annotations

from datetime import date

from pynamodb.exceptions import UpdateError

from chalicelib import audit, clock
from chalicelib.auth import Caller, authorize_patient, grant_status
from chalicelib.errors import ConflictError, ForbiddenError, InvalidError, NotFoundError, UnprocessableError
from chalicelib.models._base import iso_now
from chalicelib.models.proxy_grant import ProxyGrant
from chalicelib.services.patients import load
from chalicelib.services.proxy import answered, as_dict, find, tell, user_or_none

ANSWERED = "This request was already answered, withdrawn or has lapsed."


def _pending(patient_id: str, grantee_id: str) -> ProxyGrant:
    item = find(grantee_id, patient_id)
    if item is None:
        raise NotFoundError("There is no such request for access.")
    if grant_status(item) != "pending":
        raise ConflictError(ANSWERED)
    return item


def _set(item: ProxyGrant, actions: list) -> None:
    """Answer the request once: two answers at the same moment cannot both win."""
    try:
        item.update(actions=actions, condition=(ProxyGrant.status == "pending")
                    & ProxyGrant.revoked_at.does_not_exist())
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise ConflictError(ANSWERED) from None
        raise
    answered(item.patient_id, item.grantee_id)


def answer(caller: Caller, patient_id: str, grantee_id: str, decision: str) -> dict:
    """The patient (never a proxy, never staff) approves or declines a request."""
    authorize_patient(caller, patient_id, "proxy.consent")
    item = _pending(patient_id, grantee_id)
    now = iso_now()
    grantee = user_or_none(grantee_id)
    if decision == "approve":
        _set(item, [ProxyGrant.status.set("active"), ProxyGrant.consent.set("patient"),
                    ProxyGrant.consented_by.set(caller.user_id), ProxyGrant.consented_at.set(now)])
        audit.record(caller, patient_id, "consent", "proxy-grant", grantee_id)
        tell(load(patient_id), grantee, "grant")
    else:
        _set(item, [ProxyGrant.status.set("declined"), ProxyGrant.declined_at.set(now)])
        audit.record(caller, patient_id, "decline", "proxy-grant", grantee_id)
        tell(load(patient_id), grantee, "decline", patient_too=False)
    return as_dict(item, grantee)


def record_written(caller: Caller, patient_id: str, grantee_id: str, signed_on: str,
                   reference: str | None = None, document_id: str | None = None) -> dict:
    """Staff record the patient's signed consent form: its date, and where it is (a
    scanned form in the chart's documents, or a reference such as a binder number)."""
    authorize_patient(caller, patient_id, "proxy.manage")
    if caller.user_id == grantee_id:
        raise ForbiddenError("You cannot record consent for your own access.")
    if not (reference or document_id):
        raise InvalidError("Name the signed form: pick the scanned form or give its reference.", field="reference")
    try:
        if date.fromisoformat(signed_on) > clock.today():
            raise ValueError
    except ValueError:
        raise InvalidError("The form's date cannot be in the future.", field="signed_on") from None
    if document_id:
        from chalicelib.models.document import Document

        try:
            Document.get(patient_id, document_id)
        except Document.DoesNotExist:
            raise UnprocessableError("This patient has no such document.", field="document_id") from None
    item = _pending(patient_id, grantee_id)
    actions = [ProxyGrant.status.set("active"), ProxyGrant.consent.set("written"),
               ProxyGrant.consented_by.set(caller.user_id), ProxyGrant.consented_at.set(iso_now()),
               ProxyGrant.consent_signed_on.set(signed_on)]
    if reference:
        actions.append(ProxyGrant.consent_reference.set(reference))
    if document_id:
        actions.append(ProxyGrant.consent_document_id.set(document_id))
    _set(item, actions)
    audit.record(caller, patient_id, "record-consent", "proxy-grant", grantee_id)
    grantee = user_or_none(grantee_id)
    tell(load(patient_id), grantee, "grant")
    return as_dict(item, grantee)
