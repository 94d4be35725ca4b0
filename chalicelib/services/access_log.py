"""Reading the audit trail: the patient's "who viewed my record", and the admin search."""
from __future__ import annotations

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, require
from chalicelib.errors import InvalidError
from chalicelib.services.patients import load


def patient_access_log(caller: Caller, patient_id: str, limit: int, cursor: str | None) -> dict:
    authorize_patient(caller, patient_id, "access_log.read")
    events, next_cursor = audit.query(patient_id, limit=limit, cursor=cursor)
    audit.record(caller, patient_id, "read", "access-log")
    return {"items": [audit.as_dict(e) for e in events], "cursor": next_cursor}


def admin_search(caller: Caller, patient_id: str, since: str | None, until: str | None,
                 limit: int, cursor: str | None) -> dict:
    require(caller, "audit.search")
    if since and until and since > until:
        raise InvalidError("since must be before until.", field="since")
    load(patient_id)
    events, next_cursor = audit.query(patient_id, since=since, until=until, limit=limit, cursor=cursor)
    audit.record(caller, patient_id, "read", "access-log")
    return {"items": [audit.as_dict(e) for e in events], "cursor": next_cursor}
