"""The signed copy of a consent form: a PDF in the patient's documents (category
"form", shared with the patient). The Document item is written with the signature in one
transaction; the export worker makes its PDF a moment later (issue 16)."""
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


def document(caller: Caller, patient_id: str, consent: dict, signed_at: str) -> Document:
    """The signed copy's Document item (unsaved), written with the signature. Its PDF is
    made right after by the export worker (make(), queued by queue()): no PDF is made on a
    request path, and the API function has no PDF library (issue 16, docs/exports.md)."""
    document_id = sortable_id()
    item = Document(patient_id, document_id, s3_key=f"patients/{patient_id}/forms/{document_id}.pdf",
                    category="form", title=f"{consent['title']} (signed, version {consent['version']}).pdf",
                    content_type="application/pdf", size=None, status="available", uploaded_by=caller.user_id,
                    uploaded_by_name=caller.display_name, uploaded_side="patient", created_at=signed_at,
                    registered_at=signed_at, shared_with_patient=True)
    for name, value in item.list_keys().items():  # the documents lists read their sparse indexes
        setattr(item, name, value)
    return item


def queue(patient_id: str, signed: list[dict]) -> None:
    """One export-queue message per signed copy, ids only (no name, no text)."""
    from chalicelib.services.exports.jobs import enqueue

    for entry in signed:
        enqueue({"kind": "consent", "patient_id": patient_id, "document_id": entry["document_id"],
                 "form_id": entry["form_id"], "version": int(entry["version"])})


def make(message: dict) -> str:
    """The export worker's side: render the signed copy from the stored signature and form
    version into the document's key. Once: a copy with a size is done."""
    from chalicelib import storage
    from chalicelib.models.form import PracticeForm
    from chalicelib.models.patient_form import PatientForm
    from chalicelib.services.checkin.todo import SIGNATURE
    from chalicelib.services.patients import load
    from chalicelib.services.practice import current_settings

    patient_id, version = message["patient_id"], int(message["version"])
    form_key = f"{message['form_id']}#{version:04d}"
    try:
        item = Document.get(patient_id, message["document_id"], consistent_read=True)
        signature = PatientForm.get(patient_id, f"{SIGNATURE}{form_key}", consistent_read=True)
        form = PracticeForm.get("consent", form_key)
    except (Document.DoesNotExist, PatientForm.DoesNotExist, PracticeForm.DoesNotExist):
        return "skipped"
    if item.size:
        return "skipped"
    patient = load(patient_id)
    consent = {"title": form.title, "version": version, "text": (form.definition or {}).get("text", "")}
    body = render(consent, signature.signed_name, signature.at, current_settings().get("name", ""),
                  f"{patient.given_name} {patient.family_name}")
    storage.put(item.s3_key, body, "application/pdf")
    item.update(actions=[Document.size.set(len(body))])
    return "ready"
