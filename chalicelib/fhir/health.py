"""The health summary as Condition, MedicationStatement, AllergyIntolerance, Immunization,
Procedure (surgical history), FamilyMemberHistory and Observation (social history).
Retired entries are included with their status: they are part of the record."""
from __future__ import annotations

from chalicelib import clock
from chalicelib.fhir import Context, Item, compact, concept, notes
from chalicelib.services.health_kinds import KINDS, plain

TERMINOLOGY = "http://terminology.hl7.org/CodeSystem"
SECTIONS = {
    "conditions": "Problems", "medications": "Medications", "allergies": "Allergies",
    "immunizations": "Immunizations", "procedures": "Surgical history", "family-history": "Family history",
    "social-history": "Social history",
}


def build(ctx: Context) -> list[Item]:
    from chalicelib.models.health import HealthEntry

    order = list(SECTIONS)
    entries = sorted(HealthEntry.query(ctx.patient.patient_id), key=lambda e: (order.index(e.kind), e.recorded_at))
    items = []
    for entry in entries:
        data = plain(entry.data)
        resource = compact(BUILDERS[entry.kind](ctx, entry, data))
        items.append(Item(resource, SECTIONS[entry.kind], _line(entry, data)))
    return items


def _line(entry, data: dict) -> str:
    kind = KINDS[entry.kind]
    parts = [str(data.get(kind.title_field, ""))]
    for name in kind.fields:
        if name != kind.title_field and data.get(name) not in (None, ""):
            parts.append(f"{name.replace('_', ' ')}: {data[name]}")
    parts.append(f"status: {entry.status}")
    if entry.retired_at:
        parts.append(f"retired {clock.say_date(entry.retired_at, weekday=False)}")
    return "; ".join(parts)


def _condition(ctx, entry, d):
    return {
        "resourceType": "Condition", "id": entry.entry_id,
        "clinicalStatus": concept(f"{TERMINOLOGY}/condition-clinical", entry.status),
        "verificationStatus": concept(f"{TERMINOLOGY}/condition-ver-status", "confirmed"),
        "category": [concept(f"{TERMINOLOGY}/condition-category", "problem-list-item", "Problem List Item")],
        "code": {"text": d.get("code")}, "subject": ctx.patient_ref,
        "onsetDateTime": d.get("onset"), "abatementDateTime": d.get("abatement"),
        "recordedDate": entry.recorded_at, "note": notes(d.get("note")),
    }


def _medication(ctx, entry, d):
    return {
        "resourceType": "MedicationStatement", "id": entry.entry_id, "status": entry.status,
        "medicationCodeableConcept": {"text": d.get("medication")}, "subject": ctx.patient_ref,
        "effectivePeriod": {"start": d.get("started")}, "dateAsserted": entry.recorded_at,
        "dosage": [{"text": d.get("dosage"), "patientInstruction": d.get("instructions")}],
        "note": notes(f"Prescribed by {d['prescriber']}" if d.get("prescriber") else None, d.get("note")),
    }


def _allergy(ctx, entry, d):
    reaction = None
    if d.get("reaction") or d.get("severity"):
        reaction = [{"manifestation": [{"text": d.get("reaction") or "Reaction not described"}],
                     "severity": d.get("severity")}]
    return {
        "resourceType": "AllergyIntolerance", "id": entry.entry_id,
        "clinicalStatus": concept(f"{TERMINOLOGY}/allergyintolerance-clinical", entry.status),
        "verificationStatus": concept(f"{TERMINOLOGY}/allergyintolerance-verification", "confirmed"),
        "category": [d.get("category")], "code": {"text": d.get("substance")}, "patient": ctx.patient_ref,
        "onsetDateTime": d.get("onset"), "recordedDate": entry.recorded_at, "reaction": reaction,
        "note": notes(d.get("note")),
    }


def _immunization(ctx, entry, d):
    return {
        "resourceType": "Immunization", "id": entry.entry_id, "status": entry.status,
        "vaccineCode": {"text": d.get("vaccine")}, "patient": ctx.patient_ref,
        "occurrenceDateTime": d.get("date"), "recorded": entry.recorded_at, "lotNumber": d.get("lot_number"),
        "protocolApplied": [{"doseNumberPositiveInt": d["dose_number"]}] if d.get("dose_number") else None,
        "note": notes(d.get("note")),
    }


def _procedure(ctx, entry, d):
    return {
        "resourceType": "Procedure", "id": entry.entry_id, "status": entry.status,
        "code": {"text": d.get("procedure")}, "subject": ctx.patient_ref, "performedDateTime": d.get("date"),
        "note": notes(d.get("note")),
    }


def _family(ctx, entry, d):
    onset = None
    if d.get("onset_age") is not None:
        onset = {"value": d["onset_age"], "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"}
    return {
        "resourceType": "FamilyMemberHistory", "id": entry.entry_id, "status": entry.status,
        "patient": ctx.patient_ref, "date": entry.recorded_at[:10], "relationship": {"text": d.get("relationship")},
        "condition": [{"code": {"text": d.get("condition")}, "onsetAge": onset}], "note": notes(d.get("note")),
    }


def _social(ctx, entry, d):
    return {
        "resourceType": "Observation", "id": entry.entry_id, "status": entry.status,
        "category": [concept(f"{TERMINOLOGY}/observation-category", "social-history", "Social History")],
        "code": {"text": d.get("topic")}, "subject": ctx.patient_ref, "effectiveDateTime": d.get("date"),
        "valueString": d.get("value"), "note": notes(d.get("note")),
    }


BUILDERS = {
    "conditions": _condition, "medications": _medication, "allergies": _allergy,
    "immunizations": _immunization, "procedures": _procedure, "family-history": _family,
    "social-history": _social,
}
