"""Consent for proxy access to an adult (issue 9): the patient approves or declines the
request in the portal, or staff record the patient's written consent (who, when, the
form's date and where it is kept). Until then the grant gives nothing.
"""
from __future__ import annotations

from datetime import date

from pynamodb.exceptions import TransactWriteError, UpdateError

from chalicelib import audit, clock
from chalicelib.auth import Caller, authorize_patient, grant_status
from chalicelib.errors import ConflictError, ForbiddenError, InvalidError, NotFoundError, UnprocessableError
from chalicelib.models._base import iso_now
from chalicelib.models.proxy_grant import ProxyGrant
from chalicelib.services.patients import load
from chalicelib.services.proxy import answered, as_dict, find, tell, user_or_none

ANSWERED = "This request was already answered, withdrawn or has lapsed."
FORM_GONE = "The scanned form was removed from the patient's documents. Upload it again."
# The category a scanned consent form is uploaded as (services/documents.py).
FORM_CATEGORY = "proxy_consent"


def _pending(patient_id: str, grantee_id: str) -> ProxyGrant:
    item = find(grantee_id, patient_id)
    if item is None:
        raise NotFoundError("There is no such request for access.")
    if grant_status(item) != "pending":
        raise ConflictError(ANSWERED)
    return item


def _set(item: ProxyGrant, actions: list, form=None) -> None:
    """Answer the request once: two answers at the same moment cannot both win. A scanned
    consent form (`form`) is linked and shared with the patient in the same transaction."""
    condition = (ProxyGrant.status == "pending") & ProxyGrant.revoked_at.does_not_exist()
    try:
        if form is None:
            item.update(actions=actions, condition=condition)
        else:
            from chalicelib.models.document import Document
            from chalicelib.models._base import transact_write

            form.shared_with_patient = True
            with transact_write() as tx:
                tx.update(item, actions=actions, condition=condition)
                tx.update(form, actions=[Document.shared_with_patient.set(True), *form.key_actions()],
                          condition=(Document.status == "available") & Document.deleted_at.does_not_exist())
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise ConflictError(ANSWERED) from None
        raise
    except TransactWriteError as exc:
        reasons = [r.code if r else None for r in (exc.cancellation_reasons or [])]
        if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
            raise UnprocessableError(FORM_GONE, field="document_id") from None
        raise ConflictError(ANSWERED) from None
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
    """Staff record the patient's signed consent form: its date, and where it is (the
    scanned form, uploaded to the patient's documents as a proxy consent form, or a
    reference such as a binder number). The scan is linked to the grant and shared with
    the patient, whose consent it records."""
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
    form = _consent_form(caller, patient_id, document_id) if document_id else None
    item = _pending(patient_id, grantee_id)
    values = {"status": "active", "consent": "written", "consented_by": caller.user_id, "consented_at": iso_now(),
              "consent_signed_on": signed_on, "consent_reference": reference,
              "consent_document_id": form.document_id if form is not None else None}
    values = {k: v for k, v in values.items() if v}
    _set(item, [getattr(ProxyGrant, k).set(v) for k, v in values.items()], form)
    for name, value in values.items():  # a transaction does not update the item it writes
        setattr(item, name, value)
    events = [(patient_id, "record-consent", "proxy-grant", grantee_id)]
    if form is not None:
        events.append((patient_id, "attach", "proxy-consent-form", form.document_id))
    audit.record_many(caller, events)
    grantee = user_or_none(grantee_id)
    tell(load(patient_id), grantee, "grant")
    return as_dict(item, grantee)


def _consent_form(caller: Caller, patient_id: str, document_id: str):
    """The scanned form: this patient's registered proxy consent form, not removed, that
    this caller may share (the front desk; the admin sees no documents)."""
    from chalicelib.auth import document_permission, may
    from chalicelib.services.documents import find

    if not may(caller, patient_id, document_permission(FORM_CATEGORY, "share")):
        raise ForbiddenError("Your role does not reach patients' documents: give where the signed form is kept "
                             "instead, or ask the front desk to attach the scan.", field="document_id")
    form = find(patient_id, document_id)
    if form is None:
        raise UnprocessableError("This patient has no such document.", field="document_id")
    if form.status != "available":
        raise UnprocessableError("The scanned form has not finished uploading. Upload it again.", field="document_id")
    if form.deleted_at:
        raise UnprocessableError(FORM_GONE, field="document_id")
    if form.category != FORM_CATEGORY:
        raise UnprocessableError("Upload the scan as a proxy consent form, not another kind of document.",
                                 field="document_id")
    return form
