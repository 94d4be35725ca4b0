""""It's in the portal" (issue 15, item 2): when a patient calls, whoever answers opens the
chart and sees at a glance what the portal already holds for them, then sends one short,
PHI-free pointer ("The information you asked about is in your portal") by the patient's
own channels, and the call counts as deflected.

The glance reads kinds and counts only (never contents: the front desk does not read
results or summaries), in three calls: the patient (GetItem), the patient's attention
items (one Query: what is new and not yet seen) and the next visit (one Query).
A patient without an account gets the invitation re-sent instead (services/invitations).
"""
from __future__ import annotations

import functools

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import UnprocessableError

# What the desk may say is waiting, from the home's attention kinds (PHI-free words).
WAITING = {
    "visit-summary": "New visit summary",
    "result": "Released test result",
    "statement": "New statement",
    "message": "Unread message",
    "message-care": "Unread message",
    "document-shared": "New document",
    "questionnaire": "Questionnaire to fill in",
    "request-decided": "Answered request",
}
MAX_ITEMS = 100
LINK = "/#/home"


def glance(caller: Caller, patient_id: str) -> dict:
    from chalicelib.models.attention import AttentionItem
    from chalicelib.services.appointments import next_for_home
    from chalicelib.services.patients import load

    authorize_patient(caller, patient_id, "portal.nudge")
    patient = load(patient_id)
    counts: dict[str, int] = {}
    for item in AttentionItem.query(patient_id, limit=MAX_ITEMS, attributes_to_get=["kind"]):
        label = WAITING.get(item.kind)
        if label:
            counts[label] = counts.get(label, 0) + 1
    upcoming = next_for_home(caller, patient_id)
    audit.record(caller, patient_id, "read", "portal-glance")
    return {
        "patient_id": patient_id,
        "account_status": patient.account_status or "none",
        "channels": _channels(patient),
        "waiting": [{"label": label, "count": n} for label, n in sorted(counts.items())],
        "next_visit": {"start": upcoming["start"]} if upcoming else None,
    }


def _channels(patient) -> list[str]:
    prefs = patient.preferences.as_dict() if patient.preferences else {"email": True}
    channels = []
    if patient.email and prefs.get("email", True):
        channels.append("email")
    if patient.phone and prefs.get("sms"):
        channels.append("sms")
    return channels


def send(caller: Caller, patient_id: str) -> dict:
    """Send the pointer (active account) and count a deflected call; audited."""
    from chalicelib import notify
    from chalicelib.services import adoption
    from chalicelib.services.patients import load

    authorize_patient(caller, patient_id, "portal.nudge")
    patient = load(patient_id)
    if patient.account_status != "active":
        raise UnprocessableError("This patient has no portal account yet: send the invitation instead.",
                                 field="patient_id", code="no_account")
    if not _channels(patient):
        raise UnprocessableError("The patient turned portal notices off: tell them to sign in to the portal.",
                                 field="patient_id", code="no_channel")
    used = notify.send("in_portal", email=patient.email, phone=patient.phone,
                       preferences=patient.preferences.as_dict() if patient.preferences else None,
                       values={"link": LINK}, patient_id=patient_id, user_id=patient.user_id)
    adoption.count("calls_deflected")
    audit.record(caller, patient_id, "send", "portal-pointer")
    return {"patient_id": patient_id, "sent": "pointer", "channels": used}


def send_once(caller: Caller, patient_id: str, key: str | None, lambda_context=None) -> dict:
    """One click, one email and one count: a retried click with the same Idempotency-Key
    gives the first answer."""
    if not key:
        return send(caller, patient_id)
    from chalicelib.idempotency import run_once

    request = {"user": caller.user_id, "patient_id": patient_id, "key": key, "body": {}}
    return run_once(_runner, caller, request, lambda_context, what="pointer",
                    doing="This message is already being sent")


@functools.cache
def _runner():
    from chalicelib.idempotency import runner

    return runner("in_portal_send", "[user, patient_id, key]",
                  lambda caller, request: send(caller, request["patient_id"]))
