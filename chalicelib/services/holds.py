"""Holds: a clinician keeps one item from the patient for now, with a recorded reason.

The held item shows to the patient as "pending", never as nothing. Every hold is
also written here so the admin report lists who held what, why, and when it was
lifted. Features with holdable items (visit summaries now, results later) write
`hold_item()` / `lift_actions()` in the same transaction as the item's own change.
"""
from __future__ import annotations

from chalicelib import audit
from chalicelib.auth import Caller, require
from chalicelib.errors import InvalidError
from chalicelib.models._base import iso_now
from chalicelib.models.hold import Hold
from chalicelib.pagination import decode_cursor, encode_cursor


def hold_item(caller: Caller, patient_id: str, resource: str, resource_id: str, reason: str) -> Hold:
    """The unsaved hold record (save it in the item's transaction)."""
    now = iso_now()
    return Hold(patient_id, f"{resource}#{resource_id}", resource=resource, resource_id=resource_id,
                reason=reason, held_by=caller.user_id, held_by_name=caller.display_name, held_at=now,
                year=now[:4], holding=caller.user_id)


def lift_actions(caller: Caller, now: str) -> list:
    return [Hold.released_at.set(now), Hold.released_by.set(caller.user_id),
            Hold.released_by_name.set(caller.display_name), Hold.holding.remove()]


def key(patient_id: str, resource: str, resource_id: str) -> Hold:
    return Hold(patient_id, f"{resource}#{resource_id}")


def held_by(patient_id: str, resource: str, resource_id: str) -> str | None:
    """The user id of whoever placed the hold on this item, if it is recorded."""
    try:
        return Hold.get(patient_id, f"{resource}#{resource_id}").held_by
    except Hold.DoesNotExist:
        return None


def report(caller: Caller, year: str | None, limit: int, cursor: str | None) -> dict:
    """Every hold placed in `year` (default: this year), newest first, with the patient."""
    require(caller, "reports.holds")
    year = year or iso_now()[:4]
    if not (len(year) == 4 and year.isdigit()):
        raise InvalidError("year must be a year like 2026.", field="year")
    from chalicelib.models.patient import Patient
    from chalicelib.services.patients import summary

    scope = f"holds:{year}"
    result = Hold.holds_by_year_index.query(year, scan_index_forward=False, limit=limit,
                                            last_evaluated_key=decode_cursor(cursor, scope))
    holds = list(result)
    ids = sorted({h.patient_id for h in holds})
    patients = {p.patient_id: summary(p) for p in Patient.batch_get(ids)} if ids else {}
    audit.record_many(caller, [(h.patient_id, "read", "hold", h.resource_id) for h in holds])
    return {
        "year": year,
        "items": [{
            "patient": patients.get(h.patient_id), "resource": h.resource, "resource_id": h.resource_id,
            "reason": h.reason, "held_by_name": h.held_by_name, "held_at": h.held_at,
            "released_at": h.released_at, "released_by_name": h.released_by_name,
            "state": "released" if h.released_at else "held",
        } for h in holds],
        "cursor": encode_cursor(result.last_evaluated_key, scope),
    }
