"""Patient corrections and refill requests, and the clinicians' review queue.

A patient (or full proxy) proposes an addition, a change or a retirement of a
health summary entry, or asks for a refill of an active medication. A nurse or
provider accepts (the change lands in the record in the same transaction as the
decision, attributed to both) or declines with a note. Either way the patient
is told, without PHI, that the request was answered.
"""
from __future__ import annotations

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, require
from chalicelib.errors import ConflictError, NotFoundError, UnprocessableError
from chalicelib.ids import looks_like_id, sortable_id
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.change_request import ChangeRequest
from chalicelib.models.health import HealthEntry
from chalicelib.pagination import decode_cursor, encode_cursor
from chalicelib.services import health
from chalicelib.services.health_kinds import KINDS, plain, title

PENDING = "pending"
# Contact details proposed at eCheck-in (issue 17): reviewed by the front desk, not the
# clinicians, so they wait in their own queue of the sparse index.
CONTACT, DESK_QUEUE = "contact", "desk"


def contact_request(caller: Caller, patient_id: str, how: str, changes: dict, request_id: str) -> ChangeRequest:
    """A proposed change of contact details (not yet written: eCheck-in writes it with its step)."""
    item = _new(caller, patient_id, how, CONTACT, "contact", "change", None, "contact details", changes, None)
    item.request_id, item.queue = request_id, DESK_QUEUE
    return item


def decide_contact(caller: Caller, item: ChangeRequest, decision: str, note: str | None) -> dict:
    """Accept (the patient's contact details change in the same transaction) or decline."""
    from chalicelib.models.patient import Patient
    from chalicelib.services import patients

    authorize_patient(caller, item.patient_id, "demographics.review")
    if item.status != PENDING:
        raise ConflictError("This request was already decided.")
    if decision == "decline" and not note:
        raise UnprocessableError("Tell the patient why, in a few words.", field="note")
    now = iso_now()
    status = "accepted" if decision == "accept" else "declined"
    decided = [ChangeRequest.status.set(status), ChangeRequest.decided_at.set(now),
               ChangeRequest.decided_by.set(caller.user_id), ChangeRequest.decided_by_name.set(caller.display_name),
               ChangeRequest.queue.remove()] + ([ChangeRequest.decision_note.set(note)] if note else [])
    patient = patients.load(item.patient_id)
    before = (patient.email, patient.phone)
    try:
        with transact_write() as tx:
            tx.update(item, actions=decided, condition=ChangeRequest.status == PENDING)
            if decision == "accept":
                tx.update(patient, actions=patients.contact_actions(plain(item.fields)),
                          condition=Patient.patient_id.exists())
    except Exception as exc:
        if _cancelled(exc):
            raise ConflictError("This request changed meanwhile. Reload and try again.") from None
        raise
    item.status, item.decided_at, item.decided_by_name, item.decision_note = status, now, caller.display_name, note
    audit.record(caller, item.patient_id, "update", "change-request", item.request_id)
    if decision == "accept":
        audit.record(caller, item.patient_id, "update", "demographics")
        patients.security_notices(patients.load(item.patient_id), before)
    _tell_patient(item.patient_id, item, True)
    return to_dict(item)


def submit_correction(caller: Caller, patient_id: str, kind_name: str, action: str, *,
                      entry_id: str | None = None, fields: dict | None = None, note: str | None = None) -> dict:
    how = authorize_patient(caller, patient_id, "health.request")
    kind = health.get_kind(kind_name)
    label = None
    if action == "add":
        if not fields:
            raise UnprocessableError("Say what to add.", field="fields")
        health.new_entry_item(caller, patient_id, kind, fields)  # validates required fields now, not at review
    else:
        if not entry_id:
            raise UnprocessableError("Choose the entry this is about.", field="entry_id")
        entry = _entry_for(patient_id, entry_id, "entry_id")
        if entry.kind != kind.name:
            raise UnprocessableError("This entry is not in that section.", field="entry_id")
        if entry.retired_at:
            raise ConflictError("This entry is already retired.")
        if action == "change" and not fields:
            raise UnprocessableError("Say what should change.", field="fields")
        if action == "retire" and not note:
            raise UnprocessableError("Tell the practice why, in a few words.", field="note")
        label = title(kind, health._data(entry))
    item = _new(caller, patient_id, how, "correction", kind.name, action, entry_id, label, fields, note)
    item.save(condition=ChangeRequest.request_id.does_not_exist())
    audit.record(caller, patient_id, "create", "change-request", item.request_id)
    return to_dict(item)


def submit_refill(caller: Caller, patient_id: str, entry_id: str, note: str | None = None) -> dict:
    """One pending refill per medication: the request and the medication's marker are
    written together, on the condition that the medication is active and has none."""
    how = authorize_patient(caller, patient_id, "health.request")
    return _refill(caller, patient_id, how, entry_id, note)


def _refill(caller: Caller, patient_id: str, how: str, entry_id: str, note: str | None) -> dict:
    """The refill itself, after the caller's access check (the patient side above; a
    clinician turning a patient's message into a refill, services/messaging/convert.py)."""
    entry = _entry_for(patient_id, entry_id, "entry_id")
    if entry.kind != "medications" or entry.status != "active" or entry.retired_at:
        raise UnprocessableError("Refills can be requested for active medications only.", field="entry_id")
    item = _new(caller, patient_id, how, "refill", "medications", "refill", entry_id,
                title(KINDS["medications"], health._data(entry)), None, note)
    try:
        with transact_write() as tx:
            tx.save(item, condition=ChangeRequest.request_id.does_not_exist())
            tx.update(entry, actions=[HealthEntry.pending_refill.set(item.request_id)],
                      condition=HealthEntry.pending_refill.does_not_exist() & (HealthEntry.status == "active")
                      & HealthEntry.retired_at.does_not_exist())
    except Exception as exc:
        if _cancelled(exc):
            raise ConflictError("A refill of this medication is already waiting for the practice.") from None
        raise
    audit.record(caller, patient_id, "create", "change-request", item.request_id)
    return to_dict(item)


def list_for_patient(caller: Caller, patient_id: str, limit: int, cursor: str | None) -> dict:
    authorize_patient(caller, patient_id, "health.read")
    scope = f"requests:{patient_id}"
    result = ChangeRequest.query(patient_id, scan_index_forward=False, limit=limit,
                                 last_evaluated_key=decode_cursor(cursor, scope))
    items = [to_dict(r) for r in result]
    audit.record(caller, patient_id, "read", "change-request")
    if not caller.is_staff:
        from chalicelib.services import home

        home.clear(patient_id, "request-decided", [i["request_id"] for i in items if i["status"] != PENDING])
    return {"items": items, "cursor": encode_cursor(result.last_evaluated_key, scope)}


def review_queue(caller: Caller, limit: int, cursor: str | None) -> dict:
    """Pending requests of every patient, oldest first (a sparse index: one Query)."""
    require(caller, "review_queue.read")
    from chalicelib.models.patient import Patient
    from chalicelib.services.patients import summary

    result = ChangeRequest.review_queue_index.query(PENDING, limit=limit,
                                                    last_evaluated_key=decode_cursor(cursor, "review-queue"))
    requests = list(result)
    ids = sorted({r.patient_id for r in requests})
    from chalicelib.services.pharmacy import of

    loaded = list(Patient.batch_get(ids)) if ids else []
    patients = {p.patient_id: summary(p) for p in loaded}
    pharmacies = {p.patient_id: of(p) for p in loaded}  # a refill is sent there
    audit.record_many(caller, [(r.patient_id, "read", "change-request", r.request_id) for r in requests])
    return {"items": [{**to_dict(r), "patient": patients.get(r.patient_id),
                       **({"patient_pharmacy": pharmacies.get(r.patient_id)} if r.type == "refill" else {})}
                      for r in requests],
            "cursor": encode_cursor(result.last_evaluated_key, "review-queue")}


def decide(caller: Caller, patient_id: str, request_id: str, decision: str, note: str | None = None, *,
           send: bool = True, sent_by: str | None = None) -> dict:
    """Accept (apply to the record as proposed) or decline, exactly once. A clinician who
    wants it slightly different accepts and then edits the entry (both are kept).
    Accepting a refill says how it was sent (`sent_by`) to the patient's pharmacy on
    file, which the request keeps: the patient reads where to pick it up."""
    # Any staff member may reach the request; who decides depends on what it is about.
    authorize_patient(caller, patient_id, "demographics.read")
    item = _load(patient_id, request_id)
    if item.type == CONTACT:
        return decide_contact(caller, item, decision, note)
    authorize_patient(caller, patient_id, "health.review")
    if item.status != PENDING:
        raise ConflictError("This request was already decided.")
    if decision == "decline" and not note:
        raise UnprocessableError("Tell the patient why, in a few words.", field="note")
    sent_to = _sent_to(patient_id, sent_by) if decision == "accept" and item.type == "refill" else None
    now = iso_now()
    decided = [ChangeRequest.status.set("accepted" if decision == "accept" else "declined"),
               ChangeRequest.decided_at.set(now), ChangeRequest.decided_by.set(caller.user_id),
               ChangeRequest.decided_by_name.set(caller.display_name), ChangeRequest.queue.remove()]
    if note:
        decided.append(ChangeRequest.decision_note.set(note))
    if sent_to is not None:
        decided += [ChangeRequest.sent_by.set(sent_by), ChangeRequest.pharmacy.set(sent_to)]
        item.sent_by, item.pharmacy = sent_by, sent_to
    change = _change(caller, item, note) if decision == "accept" else None
    if change is not None:
        decided.append(ChangeRequest.applied_entry_id.set(change[1].entry_id))
    try:
        with transact_write() as tx:
            tx.update(item, actions=decided, condition=ChangeRequest.status == PENDING)
            if change is not None and change[0] == "save":
                tx.save(change[1], condition=HealthEntry.entry_id.does_not_exist())
            elif change is not None:
                tx.update(change[1], actions=change[2], condition=change[3])
            elif item.type == "refill":  # declined: the medication may be asked for again
                tx.update(HealthEntry(patient_id, item.entry_id), actions=[HealthEntry.pending_refill.remove()],
                          condition=HealthEntry.pending_refill == item.request_id)
    except Exception as exc:
        if _cancelled(exc):
            raise ConflictError("This request or its entry changed meanwhile. Reload and try again.") from None
        raise
    # Mirror the write locally rather than read the item back.
    item.status = "accepted" if decision == "accept" else "declined"
    item.decided_at, item.decided_by_name, item.decision_note = now, caller.display_name, note
    if change is not None:
        item.applied_entry_id = change[1].entry_id
    audit.record(caller, patient_id, "update", "change-request", request_id)
    if change is not None:
        audit.record(caller, patient_id, "create" if change[0] == "save" else "update", "health-entry",
                     change[1].entry_id)
    _tell_patient(patient_id, item, send)
    return to_dict(item)


def _sent_to(patient_id: str, sent_by: str | None) -> dict:
    """The pharmacy an accepted refill went to (the patient's, on file) or a clear 422."""
    from chalicelib.services import pharmacy
    from chalicelib.services.patients import load

    if sent_by not in pharmacy.SENT_BY:
        raise UnprocessableError("Say how the refill was sent: e-prescribed in the EHR, phoned or faxed.",
                                 field="sent_by")
    on_file = pharmacy.of(load(patient_id))
    if not on_file:
        raise UnprocessableError("The patient has no pharmacy on file. Add it in the chart (Pharmacy), then "
                                 "accept the refill.", field="sent_by")
    return on_file


def _change(caller: Caller, item: ChangeRequest, note: str | None):
    """What accepting writes to the record: ("save", entry) or ("update", entry, actions, condition)."""
    reporter = (item.submitted_by, item.submitted_by_name)
    proposed = plain(item.fields)
    kind = KINDS[item.kind]
    if item.action == "add":
        return "save", health.new_entry_item(caller, item.patient_id, kind, proposed, reported_by=reporter,
                                             request_id=item.request_id)
    entry = _entry_for(item.patient_id, item.entry_id, "entry_id")
    if item.action == "change":
        actions, condition = health.update_actions(caller, entry, proposed, reported_by=reporter,
                                                   request_id=item.request_id)
    elif item.action == "retire":
        actions, condition = health.retire_actions(caller, entry, note or item.note or "Reported by the patient",
                                                   reported_by=reporter, request_id=item.request_id)
    else:  # refill: recorded on the medication, which stays as it is
        if entry.status != "active" or entry.retired_at:
            raise ConflictError("This medication is no longer active; decline the refill instead.")
        now = iso_now()
        history = {"at": now, "action": "refill", "by_name": caller.display_name,
                   "reported_by_name": item.submitted_by_name, "request_id": item.request_id,
                   "sent_by": item.sent_by, "pharmacy": plain(item.pharmacy).get("name")}
        actions = [HealthEntry.last_refill_at.set(now), HealthEntry.pending_refill.remove(),
                   HealthEntry.history.set(HealthEntry.history.append([history]))]
        condition = HealthEntry.pending_refill == item.request_id
    return "update", entry, actions, condition


def _tell_patient(patient_id: str, item: ChangeRequest, send: bool) -> None:
    from chalicelib import notify
    from chalicelib.services import home
    from chalicelib.services.patients import load

    from chalicelib import clock

    what = {"refill": "Refill request", CONTACT: "Contact details change"}.get(item.type, "Correction")  # not the entry's name: no clinical words
    home.notice(patient_id, "request-decided", item.request_id, title=f"{what} {item.status}",
                on=clock.today().isoformat())
    if send:  # False only for the demo seed
        notify.notify_patient(load(patient_id), "request_decided", {"link": "/#/health"})


def _new(caller, patient_id, how, type_, kind, action, entry_id, label, fields, note) -> ChangeRequest:
    return ChangeRequest(
        patient_id, sortable_id(), type=type_, kind=kind, action=action, entry_id=entry_id, entry_label=label,
        fields={k: v for k, v in (fields or {}).items() if v is not None} or None, note=note, status=PENDING,
        submitted_at=iso_now(), submitted_by=caller.user_id, submitted_by_name=caller.display_name,
        submitted_as=how, queue=PENDING)


def _entry_for(patient_id: str, entry_id: str | None, field: str) -> HealthEntry:
    try:
        return health.load_entry(patient_id, entry_id or "")
    except NotFoundError:
        raise UnprocessableError("There is no such entry in this health summary.", field=field) from None


def _load(patient_id: str, request_id: str) -> ChangeRequest:
    if not looks_like_id(request_id):
        raise NotFoundError("Request not found.")
    try:
        return ChangeRequest.get(patient_id, request_id)
    except ChangeRequest.DoesNotExist:
        raise NotFoundError("Request not found.") from None


def _cancelled(exc: Exception) -> bool:
    """A transaction refused on a condition (or, on real DynamoDB, a conflict)."""
    from pynamodb.exceptions import TransactWriteError

    return isinstance(exc, TransactWriteError) and exc.cause_response_code == "TransactionCanceledException"


def to_dict(item: ChangeRequest) -> dict:
    return {
        "request_id": item.request_id,
        "patient_id": item.patient_id,
        "type": item.type,
        "kind": item.kind,
        "action": item.action,
        "entry_id": item.entry_id,
        "entry_title": item.entry_label,
        "fields": plain(item.fields) or None,
        "note": item.note,
        "status": item.status,
        "submitted_at": item.submitted_at,
        "submitted_by_name": item.submitted_by_name,
        "submitted_as": item.submitted_as,
        "decided_at": item.decided_at,
        "decided_by_name": item.decided_by_name,
        "decision_note": item.decision_note,
        "applied_entry_id": item.applied_entry_id,
        "sent_by": item.sent_by,
        "pharmacy": _pharmacy(item),
    }


def _pharmacy(item: ChangeRequest) -> dict | None:
    found = plain(item.pharmacy)
    if found.get("address"):
        found["address"] = plain(found["address"])
    return found or None
