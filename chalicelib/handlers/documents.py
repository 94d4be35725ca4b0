"""/patients/{id}/documents: upload through S3 (intent, browser POST, register), list,
download link, share, delete (hides)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import body, caller, obj, query_param, route, text
from chalicelib.pagination import parse_limit
from chalicelib.services import documents
from chalicelib.storage import CONTENT_TYPES

bp = Blueprint(__name__)

CATEGORY = {"type": "string", "enum": list(documents.CATEGORIES), "title": "what kind of document it is"}
INTENT = obj({
    "category": CATEGORY,
    "content_type": {"type": "string", "enum": list(CONTENT_TYPES), "x-message": "Upload a PDF, JPEG, PNG or HEIC file."},
    "filename": text(255, title="the file's name"),
    "visit_summary_id": text(80, description="staff: attach this PDF to a visit summary"),
    "share_with_patient": {"type": "boolean", "description": "staff: visible to the patient at once"},
}, ("category", "content_type", "filename"))
REGISTER = obj({"key": text(200)}, ("key",))
EMPTY = obj({})
PAGE = {"limit": "1-100, default 25", "cursor": "from the previous page", "category": "only this category",
        "include_deleted": "staff: true to list removed documents too"}


@route(bp, "/patients/{patient_id}/documents/uploads", "POST", body=INTENT, tag="documents",
       summary="Start an upload: returns a presigned POST (url + fields; the file goes last, at most 10 MB)")
def start_upload(patient_id):
    from chalice import Response

    data = body(bp, INTENT)
    return Response(status_code=201, body=documents.start_upload(
        caller(bp), patient_id, data["category"], data["content_type"], data["filename"],
        data.get("visit_summary_id"), bool(data.get("share_with_patient"))))


@route(bp, "/patients/{patient_id}/documents", "POST", body=REGISTER, tag="documents",
       summary="Register an uploaded file by its key; the stored size and type are checked")
def register(patient_id):
    from chalice import Response

    data = body(bp, REGISTER)
    return Response(status_code=201, body=documents.register(caller(bp), patient_id, data["key"]))


@route(bp, "/patients/{patient_id}/documents", tag="documents", query=PAGE,
       summary="Documents, newest first (the patient side sees shared ones; office staff identity documents)")
def list_documents(patient_id):
    category = query_param(bp, "category")
    if category and category not in documents.CATEGORIES:
        from chalicelib.errors import InvalidError

        raise InvalidError(f"category must be one of: {', '.join(documents.CATEGORIES)}.", field="category")
    return documents.list_documents(
        caller(bp), patient_id, category, (query_param(bp, "include_deleted") or "").lower() == "true",
        parse_limit(query_param(bp, "limit")), query_param(bp, "cursor"))


@route(bp, "/patients/{patient_id}/documents/{document_id}/download", tag="documents",
       summary="A one-minute download link for the file")
def download(patient_id, document_id):
    return documents.download(caller(bp), patient_id, document_id)


@route(bp, "/patients/{patient_id}/documents/{document_id}/share", "POST", body=EMPTY, tag="documents",
       summary="Share a document with the patient (staff); the patient is told")
def share(patient_id, document_id):
    body(bp, EMPTY)
    return documents.share(caller(bp), patient_id, document_id)


@route(bp, "/patients/{patient_id}/documents/{document_id}", "DELETE", tag="documents",
       summary="Remove a document from view (it is kept); the patient side removes only its own uploads")
def delete(patient_id, document_id):
    return documents.delete(caller(bp), patient_id, document_id)
