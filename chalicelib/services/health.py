"""The health summary: clinicians add, change and retire entries; the patient side reads.

Entries are never deleted. A change keeps the previous values in the entry's
history and is guarded by the entry's version, so two clinicians editing at once
cannot silently overwrite each other. The `*_item`/`*_actions` helpers are also
used by change_requests.py to apply an accepted request in one transaction.
"""
from __future__ import annotations

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import ConflictError, InvalidError, NotFoundError, UnprocessableError
from chalicelib.ids import random_id
from chalicelib.models._base import iso_now
from chalicelib.models.health import HealthEntry
from chalicelib.pagination import decode_cursor, encode_cursor
from chalicelib.services.health_kinds import KINDS, Kind, kind_of_entry, plain, title


def get_kind(name: str) -> Kind:
    kind = KINDS.get(name)
    if kind is None:
        raise NotFoundError("There is no such section of the health summary.")
    return kind


# ---- reads ----------------------------------------------------------------


def list_entries(caller: Caller, patient_id: str, kind: str | None = None, include_retired: bool = False,
                 limit: int = 100, cursor: str | None = None) -> dict:
    """The summary (every section, or one), current entries unless include_retired; one Query."""
    authorize_patient(caller, patient_id, "health.read")
    section = get_kind(kind) if kind else None
    scope = f"health:{patient_id}:{kind or '*'}:{int(include_retired)}"
    # Current entries only: the sparse index (retired ones have no key there) -- never a filter.
    source, sort_key = (HealthEntry, HealthEntry.entry_id) if include_retired else \
        (HealthEntry.active_entry_index, HealthEntry.active_entry)
    result = source.query(
        patient_id,
        range_key_condition=sort_key.startswith(f"{section.prefix}-") if section else None,
        limit=limit,
        last_evaluated_key=decode_cursor(cursor, scope),
    )
    items = [to_dict(e) for e in result]
    audit.record(caller, patient_id, "read", "health-summary", kind)
    return {"items": items, "cursor": encode_cursor(result.last_evaluated_key, scope)}


def get_entry(caller: Caller, patient_id: str, entry_id: str) -> dict:
    authorize_patient(caller, patient_id, "health.read")
    entry = load_entry(patient_id, entry_id)
    audit.record(caller, patient_id, "read", "health-entry", entry_id)
    return to_dict(entry, with_history=True)


def load_entry(patient_id: str, entry_id: str) -> HealthEntry:
    if kind_of_entry(entry_id) is None:
        raise NotFoundError("Health summary entry not found.")
    try:
        return HealthEntry.get(patient_id, entry_id)
    except HealthEntry.DoesNotExist:
        raise NotFoundError("Health summary entry not found.") from None


# ---- changes by clinicians ------------------------------------------------------


def create_entry(caller: Caller, patient_id: str, kind_name: str, fields: dict) -> dict:
    authorize_patient(caller, patient_id, "health.write")
    from chalicelib.services.patients import load

    load(patient_id)  # no entries for a patient who does not exist
    entry = new_entry_item(caller, patient_id, get_kind(kind_name), fields)
    entry.save(condition=HealthEntry.entry_id.does_not_exist())
    audit.record(caller, patient_id, "create", "health-entry", entry.entry_id)
    return to_dict(entry)


def import_entries(caller: Caller, patient_id: str, entries: list[tuple[str, dict]]) -> list[dict]:
    """Record a whole history at once (a chart brought from elsewhere, the demo seed):
    every entry is checked first, then written and audited in batches."""
    authorize_patient(caller, patient_id, "health.write")
    from chalicelib.services.patients import load

    load(patient_id)
    items = [new_entry_item(caller, patient_id, get_kind(kind), fields) for kind, fields in entries]
    with HealthEntry.batch_write() as batch:  # ids are new and random: nothing to overwrite
        for item in items:
            batch.save(item)
    audit.record_many(caller, [(patient_id, "create", "health-entry", i.entry_id) for i in items])
    return [to_dict(i) for i in items]


def update_entry(caller: Caller, patient_id: str, entry_id: str, changes: dict) -> dict:
    authorize_patient(caller, patient_id, "health.write")
    entry = load_entry(patient_id, entry_id)
    actions, condition = update_actions(caller, entry, changes)
    _apply(entry, actions, condition)
    audit.record(caller, patient_id, "update", "health-entry", entry_id)
    return to_dict(entry)


def retire_entry(caller: Caller, patient_id: str, entry_id: str, reason: str, status: str | None = None) -> dict:
    authorize_patient(caller, patient_id, "health.write")
    entry = load_entry(patient_id, entry_id)
    actions, condition = retire_actions(caller, entry, reason, status)
    _apply(entry, actions, condition)
    audit.record(caller, patient_id, "update", "health-entry", entry_id)
    return to_dict(entry)


def _apply(entry: HealthEntry, actions: list, condition) -> None:
    from pynamodb.exceptions import UpdateError

    try:
        entry.update(actions=actions, condition=condition)
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise ConflictError("This entry was changed by someone else. Reload it and try again.") from None
        raise


# ---- building blocks (also used to apply accepted patient requests) ----------


def new_entry_item(caller: Caller, patient_id: str, kind: Kind, fields: dict, *,
                   reported_by: tuple[str, str] | None = None, request_id: str | None = None) -> HealthEntry:
    data = {k: v for k, v in fields.items() if k != "status" and v is not None}
    status = fields.get("status") or kind.statuses[0]
    _check(kind, data, status)
    now = iso_now()
    history = {"at": now, "action": "create", "by_name": caller.display_name}
    if reported_by:
        history.update(reported_by_name=reported_by[1], request_id=request_id)
    entry_id = random_id(f"{kind.prefix}-")
    return HealthEntry(
        patient_id, entry_id, kind=kind.name, status=status, data=data,
        recorded_at=now, recorded_by=caller.user_id, recorded_by_name=caller.display_name,
        updated_at=now, updated_by=caller.user_id, updated_by_name=caller.display_name,
        reported_by=reported_by[0] if reported_by else None,
        reported_by_name=reported_by[1] if reported_by else None,
        request_id=request_id, history=[history], active_entry=entry_id)


def update_actions(caller: Caller, entry: HealthEntry, changes: dict, *,
                   reported_by: tuple[str, str] | None = None, request_id: str | None = None) -> tuple[list, object]:
    """Update actions for `changes` (None clears an optional field) and the version guard."""
    kind = KINDS[entry.kind]
    if entry.retired_at:
        raise ConflictError("This entry is retired; add a new one instead.")
    data = _data(entry)
    for name, value in changes.items():
        if name == "status":
            continue
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    if not changes:
        raise InvalidError("Send at least one field to change.")
    status = changes.get("status") or entry.status
    _check(kind, data, status)
    extra = [HealthEntry.status.set(status), HealthEntry.data.set(data)]
    return _revision(caller, entry, "update", extra, reported_by, request_id)


def retire_actions(caller: Caller, entry: HealthEntry, reason: str, status: str | None = None, *,
                   reported_by: tuple[str, str] | None = None, request_id: str | None = None) -> tuple[list, object]:
    kind = KINDS[entry.kind]
    if entry.retired_at:
        raise ConflictError("This entry is already retired.")
    status = status or kind.retire_statuses[0]
    if status not in kind.retire_statuses:
        raise InvalidError(f"status must be one of: {', '.join(kind.retire_statuses)}.", field="status")
    extra = [HealthEntry.status.set(status), HealthEntry.retired_at.set(iso_now()),
             HealthEntry.retired_by.set(caller.user_id), HealthEntry.retired_by_name.set(caller.display_name),
             HealthEntry.retired_reason.set(reason), HealthEntry.active_entry.remove()]
    return _revision(caller, entry, "retire", extra, reported_by, request_id)


def _revision(caller, entry, action, extra, reported_by, request_id):
    now = iso_now()
    previous = {"at": now, "action": action, "by_name": caller.display_name,
                "previous": {"status": entry.status, "fields": _data(entry)}}
    actions = [*extra, HealthEntry.updated_at.set(now), HealthEntry.updated_by.set(caller.user_id),
               HealthEntry.updated_by_name.set(caller.display_name), HealthEntry.version.add(1)]
    if reported_by:
        previous.update(reported_by_name=reported_by[1], request_id=request_id)
        actions += [HealthEntry.reported_by.set(reported_by[0]), HealthEntry.reported_by_name.set(reported_by[1]),
                    HealthEntry.request_id.set(request_id)]
    actions.append(HealthEntry.history.set(HealthEntry.history.append([previous])))
    return actions, HealthEntry.version == entry.version


def _check(kind: Kind, data: dict, status: str) -> None:
    """Rules JSON Schema cannot say: required fields present after a change; dates that agree."""
    for name, spec in kind.fields.items():
        if spec.required and not data.get(name):
            raise InvalidError(f"Enter {spec.title}." if spec.title else f"{name} is required.", field=name)
    if status not in kind.statuses:
        raise InvalidError("Choose the status.", field="status")
    if data.get("onset") and data.get("abatement") and data["abatement"] < data["onset"]:
        raise UnprocessableError("The end date cannot be before the date it began.", field="abatement")
    if data.get("abatement") and status not in ("inactive", "resolved", "remission"):
        # FHIR con-4: a problem that ended is not active.
        raise UnprocessableError("A problem with an end date must be resolved, inactive or in remission.",
                                 field="status")


def _data(entry: HealthEntry) -> dict:
    return plain(entry.data)


def to_dict(entry: HealthEntry, with_history: bool = False) -> dict:
    kind = KINDS[entry.kind]
    data = _data(entry)
    out = {
        "entry_id": entry.entry_id,
        "kind": entry.kind,
        "resource": kind.resource,
        "title": title(kind, data),
        "status": entry.status,
        "fields": data,
        "retired": bool(entry.retired_at),
        "retired_at": entry.retired_at,
        "retired_by_name": entry.retired_by_name,
        "retired_reason": entry.retired_reason,
        "recorded_at": entry.recorded_at,
        "recorded_by_name": entry.recorded_by_name,
        "updated_at": entry.updated_at,
        "updated_by_name": entry.updated_by_name,
        "reported_by_name": entry.reported_by_name,
        "version": int(entry.version),
    }
    if entry.kind == "medications":
        out["last_refill_at"] = entry.last_refill_at
        out["refill_pending"] = bool(entry.pending_refill)
    if with_history:
        out["history"] = [plain(h) for h in entry.history or []]
    return out
