"""Documents: upload straight to S3, register after checking, download through a short link.

1. start_upload: an upload intent (a "pending" Document) and a presigned POST for
   the key patients/<patient id>/<random id>. Keys never carry names.
2. The browser POSTs the file to S3.
3. register: only a key under this patient's prefix, issued by an intent of this
   caller, whose stored object is at most 10 MB and whose first bytes are a PDF,
   JPEG, PNG or HEIC matching the declared type. Anything else is refused and
   nothing is recorded (a bad object is deleted along with its intent).
Downloads are presigned GETs (a minute) issued after the access check and audit.
Deleting hides a document; the object and the item stay.
"""
from __future__ import annotations

import re
from datetime import timedelta

from chalicelib import audit, storage
from chalicelib.auth import ID_DOCUMENT_CATEGORIES, Caller, authorize_patient, document_permission, may
from chalicelib.errors import ConflictError, ForbiddenError, NotFoundError, UnprocessableError
from chalicelib.ids import looks_like_id, sortable_id
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.document import Document
from chalicelib.pagination import decode_cursor, encode_cursor

# proxy_consent: a patient's signed consent to a proxy grant, scanned by the front desk and
# linked to the grant (services/proxy_consent.py).
CATEGORIES = ("insurance_card", "photo_id", "form", "letter", "imaging_report", "other", "proxy_consent")
# The broadest permissions (identity documents are reachable by more roles than
# clinical ones): checked first so another patient's id answers 404 before anything else.
ANY_READ, ANY_WRITE = "id_documents.read", "id_documents.write"


def start_upload(caller: Caller, patient_id: str, category: str, content_type: str, filename: str,
                 visit_summary_id: str | None = None, share: bool = False) -> dict:
    authorize_patient(caller, patient_id, ANY_WRITE)
    authorize_patient(caller, patient_id, document_permission(category, "write"))
    if caller.is_staff:
        from chalicelib.services.patients import load

        load(patient_id)
    shared = not caller.is_staff or share
    if visit_summary_id:
        from chalicelib.services import visit_summaries

        authorize_patient(caller, patient_id, "visit_summaries.write")
        if content_type != "application/pdf":
            raise UnprocessableError("Visit summary attachments must be PDF files.", field="content_type")
        summary = visit_summaries.load_summary(patient_id, visit_summary_id)
        shared = summary.status == visit_summaries.AVAILABLE
    document_id = sortable_id()
    key = f"patients/{patient_id}/{document_id}"
    item = Document(
        patient_id, document_id, s3_key=key, category=category, title=clean_title(filename),
        content_type=content_type, status="pending", uploaded_by=caller.user_id,
        uploaded_by_name=caller.display_name, uploaded_side="staff" if caller.is_staff else "patient",
        created_at=iso_now(), shared_with_patient=shared, visit_summary_id=visit_summary_id,
        purge_at=timedelta(days=1))
    item.save(condition=Document.document_id.does_not_exist())
    # Only an upload started: the document itself is recorded (and audited) at registration.
    audit.record(caller, patient_id, "start", "document-upload", document_id)
    post = storage.presigned_post(key, content_type)
    return {"document_id": document_id, "key": key, "upload": {"url": post["url"], "fields": post["fields"]},
            "expires_in": storage.UPLOAD_SECONDS, "max_bytes": storage.MAX_BYTES}


def register(caller: Caller, patient_id: str, key: str, *, send: bool = True) -> dict:
    """`send` False: no email/SMS for a shared staff upload (the demo seed)."""
    authorize_patient(caller, patient_id, ANY_WRITE)
    refused = UnprocessableError("This upload was not started here for this patient.", field="key")
    prefix = f"patients/{patient_id}/"
    if not key.startswith(prefix) or not looks_like_id(key[len(prefix):]):
        raise refused
    try:
        item = Document.get(patient_id, key[len(prefix):])
    except Document.DoesNotExist:
        raise refused from None
    if item.status != "pending" or item.uploaded_by != caller.user_id or item.s3_key != key:
        raise refused
    authorize_patient(caller, patient_id, document_permission(item.category, "write"))
    changed = UnprocessableError("The file changed while it was being checked. Upload it again.", field="file")
    try:
        found = storage.stored(key)
    except storage.ChangedError:
        raise changed from None
    if found is None:
        raise UnprocessableError("The file has not arrived yet. Upload it, then try again.", field="key")
    size, head, etag = found
    problem = None
    if not 0 < size <= storage.MAX_BYTES:
        problem = "The file must be at most 10 MB."
    elif storage.sniff(head) != storage.CONTENT_TYPES.get(item.content_type):
        problem = "The file must be a PDF, JPEG, PNG or HEIC image of the type declared."
    if problem:
        storage.delete(key)
        item.delete(condition=Document.status == "pending")
        raise UnprocessableError(problem, field="file")
    try:
        # What is served from now on is the object that was checked, at a key no form writes.
        item.s3_key = storage.keep(key, etag)
    except storage.ChangedError:
        raise changed from None
    _make_available(item, size)
    audit.record(caller, patient_id, "create", "document", item.document_id)
    if item.uploaded_side == "staff" and item.shared_with_patient and not item.visit_summary_id:
        _tell_patient(patient_id, item, send)
    return to_dict(item)


def _make_available(item: Document, size: int) -> None:
    now = iso_now()
    actions = [Document.status.set("available"), Document.size.set(size), Document.registered_at.set(now),
               Document.s3_key.set(item.s3_key), Document.purge_at.remove()]
    from pynamodb.exceptions import TransactWriteError, UpdateError

    item.size, item.status = size, "available"
    try:
        if item.visit_summary_id:
            from chalicelib.models.visit_summary import VisitSummary
            from chalicelib.services.visit_summaries import AVAILABLE, attach_action, load_summary

            # Shared exactly when the summary is visible now, on condition it still is: a
            # hold lifted between the intent and now must not leave the file held forever.
            status = load_summary(item.patient_id, item.visit_summary_id).status
            item.shared_with_patient = status == AVAILABLE
            actions += item.key_actions()
            with transact_write() as tx:
                tx.update(item, actions=actions + [Document.shared_with_patient.set(item.shared_with_patient)],
                          condition=Document.status == "pending")
                tx.update(VisitSummary(item.patient_id, item.visit_summary_id), actions=attach_action(item),
                          condition=VisitSummary.status == status)
        else:
            item.update(actions=actions + item.key_actions(), condition=Document.status == "pending")
    except (TransactWriteError, UpdateError):
        item.status = "pending"
        raise ConflictError("This upload was already registered.") from None
    item.registered_at = now


def list_documents(caller: Caller, patient_id: str, category: str | None, include_deleted: bool,
                   limit: int, cursor: str | None) -> dict:
    """Newest first. Office staff see identity documents only; the patient side sees shared ones.

    Read by key, never by filter: the partitions (document states) this caller may see,
    each a Query of at most `limit` items, merged newest first (models/document.py).
    """
    authorize_patient(caller, patient_id, ANY_READ)
    states = ["shared"]
    if caller.is_staff:
        states = ["shared", "staff", "removed"] if include_deleted else ["shared", "staff"]
    clinical = may(caller, patient_id, "documents.read")
    if category:
        visible = clinical or category in ID_DOCUMENT_CATEGORIES
        index, keys = Document.category_index, [f"{patient_id}#{category}#{s}" for s in states] if visible else []
    else:
        index = Document.state_index if clinical else Document.id_index
        keys = [f"{patient_id}#{s}" for s in states]
    scope = f"documents:{patient_id}:{category}:{int(include_deleted)}"
    before = (decode_cursor(cursor, scope) or {}).get("before")
    found, more = [], False
    for key in keys:
        query = index.query(key, Document.document_id < before if before else None, scan_index_forward=False,
                            limit=limit)
        found += list(query)
        more = more or query.last_evaluated_key is not None
    found.sort(key=lambda d: d.document_id, reverse=True)
    page, more = found[:limit], more or len(found) > limit
    audit.record(caller, patient_id, "read", "document")
    return {"items": [to_dict(d) for d in page],
            "cursor": encode_cursor({"before": page[-1].document_id}, scope) if more and page else None}


def share_updates(patient_id: str, document_ids: list[str]) -> list[tuple[Document, list, object]]:
    """For a transaction that shares these documents with the patient (a visit summary's
    attachments when it is published or released): each item, its actions (the list keys
    too) and the condition that it was not removed or changed meanwhile."""
    if not document_ids:
        return []
    updates = []
    for doc in Document.batch_get([(patient_id, d) for d in document_ids]):
        doc.shared_with_patient = True
        condition = (Document.status == doc.status) & (Document.deleted_at.exists() if doc.deleted_at
                                                        else Document.deleted_at.does_not_exist())
        updates.append((doc, [Document.shared_with_patient.set(True), *doc.key_actions()], condition))
    return updates


def download(caller: Caller, patient_id: str, document_id: str) -> dict:
    item = _visible(caller, patient_id, document_id, "read")
    audit.record(caller, patient_id, "read", "document", document_id)
    if not caller.is_staff:
        from chalicelib.services import home

        home.clear(patient_id, "document-shared", document_id)
    url = storage.presigned_get(item.s3_key, item.title, item.content_type)
    return {"document_id": document_id, "url": url, "expires_in": storage.DOWNLOAD_SECONDS,
            "title": item.title, "content_type": item.content_type}


def share(caller: Caller, patient_id: str, document_id: str) -> dict:
    item = _visible(caller, patient_id, document_id, "share")
    if item.shared_with_patient:
        return to_dict(item)
    from chalicelib.services import visit_summaries

    if visit_summaries.is_held(patient_id, item.visit_summary_id):
        # The hold covers what is attached: only lifting it (a provider) shares them.
        raise ConflictError("This attachment's visit summary is on hold; it is shared when a provider "
                            "releases the summary.")
    item.shared_with_patient = True
    item.update(actions=[Document.shared_with_patient.set(True), *item.key_actions()],
                condition=Document.deleted_at.does_not_exist())
    audit.record(caller, patient_id, "update", "document", document_id)
    _tell_patient(patient_id, item)
    return to_dict(item)


def delete(caller: Caller, patient_id: str, document_id: str) -> dict:
    item = _visible(caller, patient_id, document_id, "write")
    if not caller.is_staff and item.uploaded_side != "patient":
        raise ForbiddenError("Documents from the practice can only be removed by the practice.")
    from pynamodb.exceptions import UpdateError

    try:
        item.deleted_at = iso_now()
        item.update(actions=[Document.deleted_at.set(item.deleted_at), Document.deleted_by_name.set(caller.display_name),
                             *item.key_actions()],
                    condition=Document.deleted_at.does_not_exist())
    except UpdateError:
        raise ConflictError("This document was already removed.") from None
    audit.record(caller, patient_id, "delete", "document", document_id)
    return to_dict(item)


def find(patient_id: str, document_id: str) -> Document | None:
    """This patient's document with this id, whatever its state; None for another patient's."""
    if not looks_like_id(document_id):
        return None
    try:
        return Document.get(patient_id, document_id)
    except Document.DoesNotExist:
        return None


def _visible(caller: Caller, patient_id: str, document_id: str, action: str) -> Document:
    """The document if this caller may `action` it; hidden ones answer 404 to the patient side."""
    authorize_patient(caller, patient_id, ANY_READ)
    missing = NotFoundError("Document not found.")
    item = find(patient_id, document_id)
    if item is None:
        raise missing
    if item.status != "available" or (item.deleted_at and not caller.is_staff):
        raise missing  # staff still reach deleted documents: deleting hides, the record keeps
    if not caller.is_staff and not item.shared_with_patient:
        raise missing
    if not caller.is_staff and item.visit_summary_id:
        from chalicelib.services import visit_summaries

        if visit_summaries.is_held(patient_id, item.visit_summary_id):
            raise missing  # whatever flag an attachment carries, its summary's hold wins
    authorize_patient(caller, patient_id, document_permission(item.category, action))
    return item


def _tell_patient(patient_id: str, item: Document, send: bool = True) -> None:
    from chalicelib import notify
    from chalicelib.services import home
    from chalicelib.services.patients import load

    from chalicelib import clock

    # Who sent it and when, not its title: a file name can say more than the home should.
    home.notice(patient_id, "document-shared", item.document_id,
                title=f"Document from {item.uploaded_by_name or 'the practice'}", on=clock.today().isoformat())
    if send:
        notify.notify_patient(load(patient_id), "new_item", {"link": "/#/documents"})


def clean_title(filename: str) -> str:
    """A display name from the browser's file name (never used in keys)."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"]", "", name).strip()
    return name[:120] or "document"


def to_dict(item: Document) -> dict:
    return {
        "document_id": item.document_id,
        "category": item.category,
        "title": item.title,
        "content_type": item.content_type,
        "size": int(item.size) if item.size is not None else None,
        "status": item.status,
        "uploaded_by_name": item.uploaded_by_name,
        "uploaded_side": item.uploaded_side,
        "created_at": item.created_at,
        "registered_at": item.registered_at,
        "shared_with_patient": bool(item.shared_with_patient),
        "visit_summary_id": item.visit_summary_id,
        "deleted": bool(item.deleted_at),
        "deleted_at": item.deleted_at,
    }
