"""Documents the patient can see, as DocumentReference (metadata; the file itself is
downloaded from the portal). Visit summary attachments point at their Encounter."""
from __future__ import annotations

from chalicelib import clock
from chalicelib.fhir import Context, Item, compact, reference

SECTION = "Documents"
CATEGORY_LABELS = {"insurance_card": "Insurance card", "photo_id": "Photo ID", "form": "Form",
                   "letter": "Letter", "imaging_report": "Imaging report", "other": "Other document",
                   "proxy_consent": "Proxy consent form"}


def build(ctx: Context) -> list[Item]:
    from chalicelib.models.document import Document

    visible = (Document.status == "available") & Document.deleted_at.does_not_exist() \
        & (Document.shared_with_patient == True)  # noqa: E712 (a condition)
    items = []
    held = ctx.extras.get("held_visit_summaries", set())
    for doc in Document.query(ctx.patient.patient_id, filter_condition=visible):
        if doc.visit_summary_id in held:
            continue  # a hold covers the summary's attachments too
        label = CATEGORY_LABELS.get(doc.category, doc.category)
        resource = compact({
            "resourceType": "DocumentReference", "id": doc.document_id, "status": "current",
            "type": {"text": label}, "subject": ctx.patient_ref, "date": doc.registered_at,
            "author": [{"display": doc.uploaded_by_name}], "description": doc.title,
            "content": [{"attachment": {"contentType": doc.content_type, "size": int(doc.size or 0),
                                        "title": doc.title, "creation": doc.registered_at}}],
            "context": {"encounter": [reference("Encounter", doc.visit_summary_id)]} if doc.visit_summary_id else None,
        })
        items.append(Item(resource, SECTION, f"{doc.title} ({label}, {clock.say_date(doc.registered_at, weekday=False)})"))
    return items
