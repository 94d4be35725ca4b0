"""The audit trail: one call per read or change of a patient's data.

Append only: `record` writes with a condition that the item is new; nothing
in the code updates or deletes an AuditEvent (and the IAM policy denies it).
"""
from __future__ import annotations

import uuid

from chalicelib.auth import Caller
from chalicelib.models._base import iso_now
from chalicelib.models.audit import AuditEvent
from chalicelib.pagination import decode_cursor, encode_cursor

ROLE_LABELS = {
    "patient": "patient",
    "proxy": "proxy",  # a caregiver acting on someone else's record
    "provider": "provider",
    "nurse": "nurse",
    "front_desk": "front desk",
    "billing": "billing",
    "admin": "practice administrator",
    "system": "the portal",
    "interface": "connected system",  # a lab interface or billing system (machine credential)
    "guest": "guest payer",  # guest pay without signing in (issue 13)
}

VERBS = {
    "read": "viewed",
    "create": "created",
    "update": "changed",
    "delete": "removed",
    "export": "downloaded",
    "invite": "sent an invitation for",
    "grant": "granted",
    "revoke": "revoked",
    # proxy consent and age bands (issue 9)
    "request": "asked for",
    "consent": "approved",
    "decline": "declined",
    "record-consent": "recorded written consent to",
    "attach": "attached",  # a scanned proxy consent form to the grant it records
    "narrow": "narrowed (age 12)",
    "end": "ended (age 18)",
    "search": "found",
    "activate": "activated",
    "start": "started",
    "pay": "started a payment for",
    "attempt": "tried to open",
    # batch invitations (issue 15)
    "queue": "queued the",
    "unqueue": "took back the queued",
    "retry": "queued again the",  # a failed invitation, "Try again"
}

RESOURCES = {
    "demographics": "contact details and demographics",
    "pharmacy": "preferred pharmacy",  # issue 14
    "preferences": "notification preferences",
    "access-log": "record access log",
    "proxy-grant": "proxy access",
    "practice-settings": "practice settings",
    "proxy-consent-form": "the scanned consent form to proxy access",
    "account": "portal account",
    "invitation": "portal invitation",
    "patient-directory": "record in the patient directory",
    "appointment": "appointments",  # issue 5
    "health-summary": "health summary",
    "health-entry": "health summary entry",
    "change-request": "correction or refill request",
    "visit-summary": "visit summary",
    "hold": "hold on a visit summary",
    "document": "document",
    "document-upload": "a document upload",
    "record-export": "whole health record (export)",
    "home": "portal home page",
    # statements and payments (issue 13)
    "statement": "billing statement",
    "statement-pdf": "billing statement (PDF)",
    "payment": "payment",
    "guest-pay": "statement (guest pay)",
    "lab-result": "test result",  # issue 12
    "result-hold": "hold on a test result",
    "result-comment": "comment on a test result",
    "result-trend": "trend of a test",
    "message-thread": "messages with the care team",  # issue 11
    "message": "a message to or from the care team",
    "checkin": "online check-in",  # issue 17
    "questionnaire-response": "questionnaire answers",
    "questionnaire-request": "questionnaire request",
    "consent": "signed consent form",
}

# The practice settings an admin changes (services/practice.py), in words for the audit trail.
SETTING_WORDS = {
    "name": "name", "timezone": "time zone", "phone": "phone", "email": "email", "address": "address",
    "hours": "opening hours", "statement_reminder_days": "statement reminders",
    "teen_proxy_access": "parents' access for patients aged 12 to 17",
    "min_account_age": "minimum age for a portal account", "checkin_opens_days": "check-in window",
    "checkin_closes_minutes": "check-in window", "crisis_message": "where to get help now",
    "weekly_email_recipients": "weekly email recipients",
}


def _event(caller: Caller | None, patient_id: str, action: str, resource: str,
           resource_id: str | None, at: str) -> AuditEvent:
    """One event; `caller` None means the portal itself (a job, the seed)."""
    return AuditEvent(
        patient_id,
        f"{at}#{uuid.uuid4().hex}",
        at=at,
        actor_id=caller.user_id if caller else "system",
        actor_name=caller.display_name if caller else "Patient Portal",
        actor_role=_role(caller, patient_id),
        action=action,
        resource=resource,
        resource_id=resource_id,
        request_id=caller.request_id if caller else None,
        source_ip=caller.source_ip if caller else None,
    )


def _role(caller: Caller | None, patient_id: str) -> str:
    """A patient reading or changing another patient's record does it as that record's proxy:
    the access log says so ("Jordan Morgan (proxy) viewed ..."), not "(patient)"."""
    if caller is None:
        return "system"
    role = caller.primary_role
    if role == "patient" and caller.patient_id != patient_id:
        return "proxy"
    return role


def record(
    caller: Caller | None,
    patient_id: str,
    action: str,
    resource: str,
    resource_id: str | None = None,
) -> None:
    """Append one audit event."""
    event = _event(caller, patient_id, action, resource, resource_id, iso_now())
    event.save(condition=AuditEvent.event_key.does_not_exist())


# DynamoDB's limit of items per transaction.
_TRANSACTION_ITEMS = 100


def record_many(caller: Caller, events: list[tuple[str, str, str, str | None]]) -> None:
    """Append several events (patient_id, action, resource, resource_id): for staff
    lists that show many patients' data (review queue, holds report).

    Conditional Puts in one transaction per 100 events, not BatchWriteItem: IAM
    authorises each transaction item as a PutItem, which the append-only audit
    table allows, while BatchWriteItem (which can delete) is denied there.
    """
    if not events:
        return
    from chalicelib.models._base import transact_write

    at = iso_now()
    for start in range(0, len(events), _TRANSACTION_ITEMS):
        with transact_write() as transaction:
            for patient_id, action, resource, resource_id in events[start:start + _TRANSACTION_ITEMS]:
                event = _event(caller, patient_id, action, resource, resource_id, at)
                transaction.save(event, condition=AuditEvent.event_key.does_not_exist())


DENIALS = "denials#"  # partition prefix: one partition per practice day of refused requests


def record_denial(caller: Caller, patient_id: str | None, permission: str, outcome: str) -> None:
    """A refused request (who, route, patient id asked for, outcome), so an admin sees
    probing: in the day's denials partition (the id asked for may not exist, so not in a
    patient's own log), a log line with ids only, and the AccessDenied metric to alarm on."""
    from chalicelib import clock
    from chalicelib.observability import count, logger

    event = _event(caller, f"{DENIALS}{clock.today().isoformat()}", "denied", permission,
                   (patient_id or "")[:100] or None, iso_now())
    # The caller's own role: a refused patient is no one's proxy here.
    event.outcome, event.route, event.actor_role = outcome, caller.route, caller.primary_role
    event.save(condition=AuditEvent.event_key.does_not_exist())
    logger.warning("access denied", extra={"actor_id": caller.user_id, "route": caller.route,
                                           "patient_id": patient_id, "permission": permission,
                                           "outcome": outcome})
    count("AccessDenied")


def denials(day: str, limit: int, cursor: str | None) -> tuple[list[AuditEvent], str | None]:
    """Refusals of one practice day, newest first."""
    return query(f"{DENIALS}{day}", limit=limit, cursor=cursor)


def describe(event: AuditEvent) -> str:
    """The event in plain words for the patient's access log."""
    role = ROLE_LABELS.get(event.actor_role, event.actor_role)
    verb = VERBS.get(event.action, event.action)
    what = RESOURCES.get(event.resource, event.resource.replace("-", " "))
    if event.resource == "practice-settings" and event.resource_id:  # which settings, by name
        what += ": " + ", ".join(SETTING_WORDS.get(k, k.replace("_", " ")) for k in event.resource_id.split(","))
    return f"{event.actor_name} ({role}) {verb} {what}"


def as_dict(event: AuditEvent) -> dict:
    return {
        "at": event.at,
        "actor": {"id": event.actor_id, "name": event.actor_name, "role": event.actor_role},
        "action": event.action,
        "resource": event.resource,
        "resource_id": event.resource_id,
        "description": describe(event),
        "source_ip": event.source_ip,
        "request_id": event.request_id,
    }


def query(
    patient_id: str,
    since: str | None = None,
    until: str | None = None,
    limit: int = 25,
    cursor: str | None = None,
) -> tuple[list[AuditEvent], str | None]:
    """Newest first, within [since, until] (ISO timestamps or dates), paginated."""
    scope = f"audit:{patient_id}"
    condition = None
    if since and until:
        condition = AuditEvent.event_key.between(since, until + "~")
    elif since:
        condition = AuditEvent.event_key >= since
    elif until:
        condition = AuditEvent.event_key <= until + "~"
    result = AuditEvent.query(
        patient_id,
        range_key_condition=condition,
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key=decode_cursor(cursor, scope),
    )
    items = list(result)
    return items, encode_cursor(result.last_evaluated_key, scope)


def denials_on(day: str, cap: int = 100) -> tuple[int, bool]:
    """How many requests were refused on a practice day (one Query page of the day's
    denials partition, up to `cap`), and whether there are more: the admin's Today."""
    result = AuditEvent.query(f"{DENIALS}{day}", limit=cap)
    found = sum(1 for _ in result)
    return found, bool(result.last_evaluated_key)
