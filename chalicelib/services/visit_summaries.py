"""After-visit summaries: written by a provider or nurse, visible to the patient at once
(21st Century Cures Act), unless a provider holds one with a recorded reason; the
patient then sees that it exists and is pending. PDF attachments are documents
(services/documents.py) linked to the summary.

A clinician may save a draft first (the patient side does not see that it exists),
edit it, and publish it. A published summary is never edited: it is amended, with a
reason; the patient reads the current version and that it was amended, and every
earlier version is kept (`versions`) and exported.
"""
from __future__ import annotations

from datetime import date

from chalicelib import clock
from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, may_lift_hold
from chalicelib.errors import ConflictError, ForbiddenError, NotFoundError, UnprocessableError
from chalicelib.ids import looks_like_id, sortable_id
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.appointment import Appointment
from chalicelib.models.document import Document
from chalicelib.models.visit_summary import VisitSummary
from chalicelib.pagination import decode_cursor, encode_cursor
from chalicelib.services import holds
from chalicelib.services.health_kinds import plain

AVAILABLE, HELD, DRAFT = "available", "held", "draft"
CONTENT = ("reason", "assessment", "instructions", "follow_up")
PENDING_MESSAGE = "Your clinician is reviewing this visit summary. It will appear here when it is ready."


def create(caller: Caller, patient_id: str, data: dict, *, send: bool = True) -> dict:
    """Publish at once, or (`draft`) keep it the practice's until published.
    `send` False: no email/SMS (the demo seed); the home still shows the summary as new."""
    authorize_patient(caller, patient_id, "visit_summaries.write")
    draft = bool(data.get("draft"))
    hold_reason = None if draft else _hold_reason(caller, patient_id, data)
    _check_content(data)
    from chalicelib.services.patients import load

    patient = load(patient_id)
    now = iso_now()
    item = VisitSummary(
        patient_id, sortable_id(), visit_date=data["visit_date"],
        provider_name=data.get("provider_name") or caller.display_name,
        status=DRAFT if draft else HELD if hold_reason else AVAILABLE, author_id=caller.user_id,
        author_name=caller.display_name, created_at=now, updated_at=now,
        published_at=None if draft else now, **{name: data.get(name) or None for name in CONTENT})
    appointment = _appointment(patient_id, data.get("appointment_id"))
    if hold_reason:
        item.hold_reason, item.held_by_name, item.held_at = hold_reason, caller.display_name, now
    if appointment is None and not hold_reason:
        item.save(condition=VisitSummary.summary_id.does_not_exist())
    else:
        with transact_write() as tx:
            tx.save(item, condition=VisitSummary.summary_id.does_not_exist())
            if hold_reason:
                tx.save(holds.hold_item(caller, patient_id, "visit-summary", item.summary_id, hold_reason))
            if appointment is not None:  # Today's "summary to write" ends here
                item.appointment_id = appointment.appointment_id
                tx.update(appointment, actions=[Appointment.summary_id.set(item.summary_id)],
                          condition=Appointment.appointment_id.exists())
    audit.record(caller, patient_id, "create", "visit-summary", item.summary_id)
    if item.status == AVAILABLE:
        _tell_patient(patient, item, send)
    return to_dict(item, staff=True)


def _hold_reason(caller: Caller, patient_id: str, data: dict) -> str | None:
    hold_reason = (data.get("hold_reason") or "").strip() or None
    if hold_reason:
        authorize_patient(caller, patient_id, "visit_summaries.hold")
    return hold_reason


def _check_content(data: dict) -> None:
    if date.fromisoformat(data["visit_date"]) > clock.today():
        raise UnprocessableError("visit_date cannot be in the future.", field="visit_date")
    if not any(data.get(name) for name in CONTENT):
        raise UnprocessableError("Write at least the reason, assessment or instructions.", field="assessment")


def _appointment(patient_id: str, appointment_id: str | None):
    """The patient's own visit the summary is written for (another patient's id is not found)."""
    if not appointment_id:
        return None
    try:
        if looks_like_id(appointment_id):
            return Appointment.get(patient_id, appointment_id)
    except Appointment.DoesNotExist:
        pass
    raise UnprocessableError("That visit was not found for this patient.", field="appointment_id")


def update_draft(caller: Caller, patient_id: str, summary_id: str, data: dict) -> dict:
    """Edit a draft (any clinician of the practice may finish a colleague's draft)."""
    authorize_patient(caller, patient_id, "visit_summaries.write")
    item = load_summary(patient_id, summary_id)
    if item.status != DRAFT:
        raise ConflictError("This visit summary is published: amend it instead, with a reason.")
    merged = {"visit_date": item.visit_date, **{name: getattr(item, name) for name in CONTENT}, **data}
    _check_content(merged)
    actions = [VisitSummary.updated_at.set(iso_now())]
    for name in ("visit_date", "provider_name", *CONTENT):
        if name in data:
            value = data[name] or None
            actions.append(getattr(VisitSummary, name).set(value) if value else getattr(VisitSummary, name).remove())
    _update(item, actions, DRAFT)
    audit.record(caller, patient_id, "update", "visit-summary", summary_id)
    return to_dict(item, staff=True)


def publish(caller: Caller, patient_id: str, summary_id: str, data: dict) -> dict:
    """A draft becomes the patient's (or held, with a provider's reason); the patient is told."""
    authorize_patient(caller, patient_id, "visit_summaries.write")
    hold_reason = _hold_reason(caller, patient_id, data)
    item = load_summary(patient_id, summary_id)
    if item.status != DRAFT:
        raise ConflictError("This visit summary is already published.")
    _check_content({"visit_date": item.visit_date, **{name: getattr(item, name) for name in CONTENT}})
    now = iso_now()
    status = HELD if hold_reason else AVAILABLE
    actions = [VisitSummary.status.set(status), VisitSummary.published_at.set(now), VisitSummary.updated_at.set(now)]
    if hold_reason:
        actions += [VisitSummary.hold_reason.set(hold_reason), VisitSummary.held_by_name.set(caller.display_name),
                    VisitSummary.held_at.set(now)]
    from pynamodb.exceptions import TransactWriteError

    from chalicelib.services.documents import share_updates

    shared = [] if hold_reason else share_updates(patient_id, _attachment_ids(item))
    try:
        with transact_write() as tx:
            tx.update(item, actions=actions, condition=VisitSummary.status == DRAFT)
            if hold_reason:
                tx.save(holds.hold_item(caller, patient_id, "visit-summary", summary_id, hold_reason))
            for document, document_actions, condition in shared:
                tx.update(document, actions=document_actions, condition=condition)
    except TransactWriteError:
        raise ConflictError("This visit summary changed meanwhile. Reload and try again.") from None
    item.status, item.published_at, item.updated_at = status, now, now
    if hold_reason:
        item.hold_reason, item.held_by_name, item.held_at = hold_reason, caller.display_name, now
    audit.record(caller, patient_id, "publish", "visit-summary", summary_id)
    if status == AVAILABLE:
        from chalicelib.services.patients import load

        _tell_patient(load(patient_id), item)
    return to_dict(item, staff=True)


def amend(caller: Caller, patient_id: str, summary_id: str, data: dict) -> dict:
    """Replace a published summary's content, with a reason; the version the patient read is
    kept. The patient is told (if they can see it) as for a new summary."""
    authorize_patient(caller, patient_id, "visit_summaries.write")
    reason = data["amend_reason"].strip()
    item = load_summary(patient_id, summary_id)
    if item.status == DRAFT:
        raise ConflictError("This visit summary is a draft: edit it, then publish it.")
    changes = {name: (data[name] or None) if name in data else getattr(item, name)
               for name in ("visit_date", "provider_name", *CONTENT)}
    _check_content(changes)
    if all(changes[name] == getattr(item, name) for name in changes):
        raise UnprocessableError("Change something in the summary to amend it.", field="assessment")
    now = iso_now()
    earlier = {name: getattr(item, name) for name in ("visit_date", "provider_name", *CONTENT)}
    earlier.update(published_at=item.amended_at or item.published_at or item.created_at,
                   author_name=item.amended_by_name or item.author_name, replaced_at=now,
                   replaced_by_name=caller.display_name, replaced_because=reason)
    actions = [VisitSummary.versions.set(VisitSummary.versions.append([earlier])),
               VisitSummary.amended_at.set(now), VisitSummary.amended_by_name.set(caller.display_name),
               VisitSummary.amend_reason.set(reason), VisitSummary.updated_at.set(now)]
    for name, value in changes.items():
        actions.append(getattr(VisitSummary, name).set(value) if value else getattr(VisitSummary, name).remove())
    _update(item, actions, item.status, guard=VisitSummary.updated_at == item.updated_at
            if item.updated_at else VisitSummary.updated_at.does_not_exist())
    audit.record(caller, patient_id, "amend", "visit-summary", summary_id)
    if item.status == AVAILABLE:
        from chalicelib.services import home
        from chalicelib.services.patients import load

        home.notice(patient_id, "visit-summary", summary_id, title=f"Visit summary amended by {caller.display_name}",
                    on=item.visit_date)
        _tell_patient(load(patient_id), item, home_notice=False)
    return to_dict(item, staff=True)


def _update(item: VisitSummary, actions: list, status: str, guard=None) -> None:
    from pynamodb.exceptions import UpdateError

    condition = VisitSummary.status == status
    try:
        item.update(actions=actions, condition=condition & guard if guard is not None else condition)
    except UpdateError:
        raise ConflictError("This visit summary changed meanwhile. Reload and try again.") from None


def list_summaries(caller: Caller, patient_id: str, limit: int, cursor: str | None) -> dict:
    authorize_patient(caller, patient_id, "visit_summaries.read")
    scope = f"visit-summaries:{patient_id}"
    # Drafts are the practice's: the patient side does not learn that one exists.
    result = VisitSummary.query(patient_id, scan_index_forward=False, limit=limit,
                                last_evaluated_key=decode_cursor(cursor, scope),
                                filter_condition=None if caller.is_staff else VisitSummary.status != DRAFT)
    items = [to_dict(s, staff=caller.is_staff) for s in result]
    audit.record(caller, patient_id, "read", "visit-summary")
    return {"items": items, "cursor": encode_cursor(result.last_evaluated_key, scope)}


def get(caller: Caller, patient_id: str, summary_id: str) -> dict:
    authorize_patient(caller, patient_id, "visit_summaries.read")
    item = load_summary(patient_id, summary_id)
    if item.status == DRAFT and not caller.is_staff:
        raise NotFoundError("Visit summary not found.")
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

    from chalicelib.services.documents import share_updates

    shared = share_updates(patient_id, _attachment_ids(item))
    try:
        with transact_write() as tx:
            tx.update(item, actions=[VisitSummary.status.set(AVAILABLE), VisitSummary.released_at.set(now),
                                     VisitSummary.released_by_name.set(caller.display_name)],
                      condition=VisitSummary.status == HELD)
            tx.update(holds.key(patient_id, "visit-summary", summary_id), actions=holds.lift_actions(caller, now))
            for document, document_actions, condition in shared:
                tx.update(document, actions=document_actions, condition=condition)
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


def _tell_patient(patient, item: VisitSummary, send: bool = True, home_notice: bool = True) -> None:
    from chalicelib import notify
    from chalicelib.services import home

    if home_notice:
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
        "status": {HELD: "pending", DRAFT: "draft"}.get(item.status, "available"),
        "created_at": item.created_at,
        "published_at": item.published_at or (None if item.status == DRAFT else item.created_at),
    }
    if item.status == HELD and not staff:
        return {**out, "message": PENDING_MESSAGE}
    out.update({name: getattr(item, name) for name in CONTENT})
    out.update(author_name=item.author_name, released_at=item.released_at,
               amended_at=item.amended_at, amended_by_name=item.amended_by_name, amend_reason=item.amend_reason,
               attachments=[plain(a) for a in item.attachments or []])
    if staff:
        out.update(hold_reason=item.hold_reason, held_by_name=item.held_by_name, held_at=item.held_at,
                   released_by_name=item.released_by_name, appointment_id=item.appointment_id,
                   updated_at=item.updated_at, versions=[plain(v) for v in item.versions or []])
    return out


def _attachment_ids(item: VisitSummary) -> list[str]:
    return [plain(attachment)["document_id"] for attachment in item.attachments or []]
