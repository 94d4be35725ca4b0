"""Reading the audit trail: the patient's "who viewed my record", and the admin search."""
from __future__ import annotations

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, require
from chalicelib.errors import InvalidError
from chalicelib.services.patients import load


def patient_access_log(caller: Caller, patient_id: str, limit: int, cursor: str | None) -> dict:
    how = authorize_patient(caller, patient_id, "access_log.read")
    events, next_cursor = audit.query(patient_id, limit=limit, cursor=cursor)
    audit.record(caller, patient_id, "read", "access-log")
    items = [audit.as_dict(e) for e in events]
    if how == "proxy":  # where the patient signs in from is theirs, not their caregiver's
        items = [{**item, "source_ip": None} for item in items]
    return {"items": items, "cursor": next_cursor}


def admin_search(caller: Caller, patient_id: str, since: str | None, until: str | None,
                 limit: int, cursor: str | None) -> dict:
    require(caller, "audit.search")
    if since and until and since > until:
        raise InvalidError("since must be before until.", field="since")
    from chalicelib.services.practice import SETTINGS_AUDIT

    patient = patient_id != SETTINGS_AUDIT  # the practice settings' changes: their own partition, no PHI
    if patient:
        load(patient_id)
    events, next_cursor = audit.query(patient_id, since=since, until=until, limit=limit, cursor=cursor)
    if patient:
        audit.record(caller, patient_id, "read", "access-log")
    return {"items": [audit.as_dict(e) for e in events], "cursor": next_cursor}


def denials(caller: Caller, day: str | None, limit: int, cursor: str | None) -> dict:
    """Refused requests of one practice day (default today), newest first: who, which
    route, which patient id they asked for, and whether it answered 404 or 403."""
    require(caller, "audit.search")
    from datetime import date

    from chalicelib import clock

    try:
        day = date.fromisoformat(day).isoformat() if day else clock.today().isoformat()
    except ValueError:
        raise InvalidError("date must be a date like 2026-03-09.", field="date") from None
    events, next_cursor = audit.denials(day, limit, cursor)
    return {"date": day, "cursor": next_cursor, "items": [
        {**audit.as_dict(e), "patient_id_asked": e.resource_id, "permission": e.resource,
         "route": e.route, "outcome": e.outcome} for e in events]}
