"""/patients/{id}/export: the whole record (right of access, no fee)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import body, caller, obj, route
from chalicelib.services import export

bp = Blueprint(__name__)

EMPTY = obj({})


@route(bp, "/patients/{patient_id}/export/fhir", tag="export",
       summary="The record as a FHIR R4 Bundle (application/fhir+json) (patient, full proxy)")
def fhir_bundle(patient_id):
    from chalice import Response

    bundle = export.fhir_bundle(caller(bp), patient_id)
    return Response(status_code=200, body=bundle, headers={
        "Content-Type": "application/fhir+json",
        "Content-Disposition": 'attachment; filename="health-record.json"'})


@route(bp, "/patients/{patient_id}/export/pdf", "POST", body=EMPTY, tag="export",
       summary="The record as a readable PDF: returns a five-minute download link (patient, full proxy)")
def pdf(patient_id):
    body(bp, EMPTY)
    return export.pdf_link(caller(bp), patient_id)
