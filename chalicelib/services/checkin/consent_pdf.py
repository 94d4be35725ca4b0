"""The signed copy of a consent form: a PDF in the patient's documents (category
"form", shared with the patient), written with the signature in one transaction."""
from __future__ import annotations

from chalicelib.auth import Caller
from chalicelib.ids import sortable_id
from chalicelib.models.document import Document


def render(consent: dict, signed_name: str, signed_at: str, practice_name: str, patient_name: str) -> bytes:
    from chalicelib import clock
    from chalicelib.pdfdoc import new_document, paragraph

    pdf = new_document(consent["title"], practice_name)
    paragraph(pdf, consent["title"], 15, "B")
    paragraph(pdf, f"{practice_name} · version {consent['version']}", 9, gap=4)
    paragraph(pdf, consent["text"], gap=6)
    paragraph(pdf, f"Patient: {patient_name}", 10, "B")
    paragraph(pdf, f"Signed electronically by {signed_name} on {clock.say_when(signed_at)}.")
    return bytes(pdf.output())


def store(caller: Caller, patient_id: str, consent: dict, signed_name: str, signed_at: str) -> Document:
    """The PDF is put in S3 now; the Document item (returned, unsaved) is written with the
    signature. A transaction that fails leaves an object no item points at, never an item
    without its file."""
    from chalicelib import storage
    from chalicelib.services.patients import load
    from chalicelib.services.practice import current_settings

    patient = load(patient_id)
    body = render(consent, signed_name, signed_at, current_settings().get("name", ""),
                  f"{patient.given_name} {patient.family_name}")
    document_id = sortable_id()
    key = f"patients/{patient_id}/forms/{document_id}.pdf"
    storage.put(key, body, "application/pdf")
    document = Document(patient_id, document_id, s3_key=key, category="form",
                    title=f"{consent['title']} (signed, version {consent['version']}).pdf",
                    content_type="application/pdf", size=len(body), status="available", uploaded_by=caller.user_id,
                    uploaded_by_name=caller.display_name, uploaded_side="patient", created_at=signed_at,
                    registered_at=signed_at, shared_with_patient=True)
    for name, value in document.list_keys().items():  # the lists' sparse index keys
        setattr(document, name, value)
    return document
