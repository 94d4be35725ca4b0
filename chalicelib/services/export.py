"""Record export (right of access, no fee): the whole record the patient can see, as a
FHIR R4 Bundle and as a readable PDF. Every export is audited, so it shows in the
patient's access log.

The Bundle is returned in the response: it is metadata and text (files are listed,
not inlined), tens of kilobytes for a typical record, far under API Gateway's limit.
The PDF is written to S3 and handed out as a short-lived link: binary bodies through
API Gateway need binary media types and an Accept header, and the link lets the
browser download it directly with its file name.
"""
from __future__ import annotations

from chalicelib import audit, fhir, storage
from chalicelib.auth import Caller, authorize_patient
from chalicelib.config import get_settings
from chalicelib.ids import random_id
from chalicelib.models._base import iso_now

PDF_LINK_SECONDS = 300


def _items(patient) -> list[fhir.Item]:
    return fhir.collect(fhir.Context(patient=patient, portal_url=get_settings().portal_url))


def fhir_bundle(caller: Caller, patient_id: str) -> dict:
    authorize_patient(caller, patient_id, "record.export")
    from chalicelib.services.patients import load

    bundle = fhir.bundle(_items(load(patient_id)), iso_now())
    audit.record(caller, patient_id, "export", "record-export", "fhir")
    return bundle


def pdf_link(caller: Caller, patient_id: str) -> dict:
    authorize_patient(caller, patient_id, "record.export")
    from chalicelib.fhir.pdf import render
    from chalicelib.services.patients import load
    from chalicelib.services.practice import current_settings

    patient = load(patient_id)
    now = iso_now()
    body = render(_items(patient), practice=current_settings(), patient=patient, generated_at=now)
    key = f"exports/{patient_id}/{random_id()}.pdf"  # expired by the bucket's lifecycle rule
    storage.put(key, body, "application/pdf")
    filename = f"health-record-{now[:10]}.pdf"
    audit.record(caller, patient_id, "export", "record-export", "pdf")
    return {"url": storage.presigned_get(key, filename, "application/pdf", PDF_LINK_SECONDS),
            "expires_in": PDF_LINK_SECONDS, "filename": filename, "size": len(body)}
