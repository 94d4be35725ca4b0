"""After-visit summaries: written by a provider or nurse, visible to the patient at once
(21st Century Cures Act), unless a provider holds one with a recorded reason; the
patient then sees that it exists and is pending. PDF attachments are documents
(services/documents.py) linked to the summary.
"""
from __future__ import annotations

from datetime import date

from chalicelib import clock
from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, may_lift_hold
from chalicelib.errors import ConflictError, ForbiddenError, NotFoundError, UnprocessableError
from chalicelib.ids import looks_like_id, sortable_id
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.document import Document
from chalicelib.models.visit_summary import VisitSummary
from chalicelib.pagination import decode_cursor, encode_cursor
from chalicelib.services import holds
from chalicelib.services.health_kinds import plain

AVAILABLE, HELD = "available", "held"
CONTENT = ("reason", "assessment", "instructions", "follow_up")
PENDING_MESSAGE = "Your clinician is reviewing this visit summary. It will appear here when it is ready."


def create(caller: Caller, patient_id: str, data: dict, *, send: bool = True) -> dict:
    """`send` False: no email/SMS (the demo seed); the home still shows the summary as new."""
    authorize_patient(caller, patient_id, "visit_summaries.write")
    hold_reason = (data.get("hold_reason") or "").strip() or None
    if hold_reason:
        authorize_patient(caller, patient_id, "visit_summaries.hold")
    if date.fromisoformat(data["visit_date"]) > clock.today():
        raise UnprocessableError("visit_date cannot be in the future.", field="visit_date")
    if not any(data.get(name) for name in CONTENT):
        raise UnprocessableError("Write at least the reason, assessment or instructions.", field="assessment")
    from chalicelib.services.patients import load

    patient = load(patient_id)
    now = iso_now()
    item = VisitSummary(
        patient_id, sortable_id(), visit_date=data["visit_date"],
        provider_name=data.get("provider_name") or caller.display_name,
        status=HELD if hold_reason else AVAILABLE, author_id=caller.user_id, author_name=caller.display_name,
        created_at=now, **{name: data.get(name) or None for name in CONTENT})
    if hold_reason:
        item.hold_reason, item.held_by_name, item.held_at = hold_reason, caller.display_name, now
        with transact_write() as tx:
            tx.save(item, condition=VisitSummary.summary_id.does_not_exist())
            tx.save(holds.hold_item(caller, patient_id, "visit-summary", item.summary_id, hold_reason))
    else:
        item.save(condition=VisitSummary.summary_id.does_not_exist())
    audit.record(caller, patient_id, "create", "visit-summary", item.summary_id)
    if not hold_reason:
        _tell_patient(patient, item, send)
    return to_dict(item, staff=True)


def list_summaries(caller: Caller, patient_id: str, limit: int, cursor: str | None) -> dict:
    authorize_patient(caller, patient_id, "visit_summaries.read")
    scope = f"visit-summaries:{patient_id}"
    result = VisitSummary.query(patient_id, scan_index_forward=False, limit=limit,
                                last_evaluated_key=decode_cursor(cursor, scope))
    items = [to_dict(s, staff=caller.is_staff) for s in result]
    audit.record(caller, patient_id, "read", "visit-summary")
    return {"items": items, "cursor": encode_cursor(result.last_evaluated_key, scope)}


def get(caller: Caller, patient_id: str, summary_id: str) -> dict:
    authorize_patient(caller, patient_id, "visit_summaries.read")
    item = load_summary(patient_id, summary_id)
    audit.record(caller, patient_id, "read", "visit-summary", summary_id)
    if not caller.is_staff and item.status == AVAILABLE:
        from chalicelib.services import home

        home.clear(patient_id, "visit-summary", summary_id)
    return to_dict(item, staff=caller.is_staff)


def release(caller: Caller, patient_id: str, summary_id: str) -> dict:
    """Lift the hold: the summary and its attachments become visible; the patient is told."""
    authorize_patient(caller, patient_id, "visit_summaries.hold")
    item = load_summary(patient_id, summary_id)
    if item.status != HELD:
        raise ConflictError("This visit summary is not on hold.")
    if not may_lift_hold(caller, holds.held_by(patient_id, "visit-summary", summary_id) or item.author_id):
        raise ForbiddenError("Only the provider who placed this hold, or a provider who administers "
                             "the practice, can lift it.")
    now = iso_now()
    from pynamodb.exceptions import TransactWriteError

    try:
        with transact_write() as tx:
            tx.update(item, actions=[VisitSummary.status.set(AVAILABLE), VisitSummary.released_at.set(now),
                                     VisitSummary.released_by_name.set(caller.display_name)],
                      condition=VisitSummary.status == HELD)
            tx.update(holds.key(patient_id, "visit-summary", summary_id), actions=holds.lift_actions(caller, now))
            for attachment in item.attachments or []:
                tx.update(Document(patient_id, plain(attachment)["document_id"]),
                          actions=[Document.shared_with_patient.set(True)])
    except TransactWriteError:
        raise ConflictError("This visit summary changed meanwhile. Reload and try again.") from None
    item.status, item.released_at, item.released_by_name = AVAILABLE, now, caller.display_name
    audit.record(caller, patient_id, "update", "hold", summary_id)
    from chalicelib.services.patients import load

    _tell_patient(load(patient_id), item)
    return to_dict(item, staff=True)


def load_summary(patient_id: str, summary_id: str) -> VisitSummary:
    if not looks_like_id(summary_id):
        raise NotFoundError("Visit summary not found.")
    try:
        return VisitSummary.get(patient_id, summary_id)
    except VisitSummary.DoesNotExist:
        raise NotFoundError("Visit summary not found.") from None


def is_held(patient_id: str, summary_id: str | None) -> bool:
    """Whether a document linked to `summary_id` is covered by the summary's hold."""
    if not summary_id:
        return False
    try:
        return load_summary(patient_id, summary_id).status != AVAILABLE
    except NotFoundError:
        return True  # an attachment of nothing visible is not shown either


def attach_action(document: Document) -> list:
    """Update actions that list `document` on its summary (documents.register uses them)."""
    entry = {"document_id": document.document_id, "title": document.title, "size": int(document.size or 0),
             "content_type": document.content_type}
    return [VisitSummary.attachments.set(VisitSummary.attachments.append([entry]))]


def _tell_patient(patient, item: VisitSummary, send: bool = True) -> None:
    from chalicelib import notify
    from chalicelib.services import home

    home.notice(patient.patient_id, "visit-summary", item.summary_id,
                title=f"Visit summary from {item.provider_name}", on=item.visit_date)
    if send:
        notify.notify_patient(patient, "new_item", {"link": f"/#/visits/{item.summary_id}"})


def to_dict(item: VisitSummary, staff: bool) -> dict:
    """Staff see everything; the patient side sees a held summary as pending, without content."""
    out = {
        "summary_id": item.summary_id,
        "patient_id": item.patient_id,
        "visit_date": item.visit_date,
        "provider_name": item.provider_name,
        "status": "pending" if item.status == HELD else "available",
        "created_at": item.created_at,
    }
    if item.status == HELD and not staff:
        return {**out, "message": PENDING_MESSAGE}
    out.update({name: getattr(item, name) for name in CONTENT})
    out.update(author_name=item.author_name, released_at=item.released_at,
               attachments=[plain(a) for a in item.attachments or []])
    if staff:
        out.update(hold_reason=item.hold_reason, held_by_name=item.held_by_name, held_at=item.held_at,
                   released_by_name=item.released_by_name)
    return out
