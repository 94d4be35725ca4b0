"""/patients/{id}/exports: the whole record (right of access, no fee), made by the export
worker (services/exports); the page polls the job and gets a short-lived link."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.handlers._http import body, caller, idempotency_key, obj, route
from chalicelib.services.exports import jobs

bp = Blueprint(__name__)

START = obj({"format": {"type": "string", "enum": ["fhir", "pdf"], "title": "the format",
                        "x-message": "Choose fhir or pdf."}}, required=("format",))


@route(bp, "/patients/{patient_id}/exports", "POST", body=START, tag="export",
       summary="Start an export of the whole record, FHIR R4 Bundle or readable PDF (patient, full proxy): "
               "202 with the pending job; a second request while it runs, or a retry with the same "
               "Idempotency-Key, answers the same job. An email says when it is ready")
def start(patient_id):
    data = body(bp, START)
    job = jobs.start_once(caller(bp), patient_id, data["format"], idempotency_key(bp), bp.lambda_context)
    return Response(status_code=202, body=job)


@route(bp, "/patients/{patient_id}/exports/{export_id}", tag="export",
       summary="An export job you started: pending, ready (with a five-minute download link) or failed")
def status(patient_id, export_id):
    return jobs.status(caller(bp), patient_id, export_id)
