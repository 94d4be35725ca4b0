"""The sections of the health summary: their fields, FHIR resource and status codes.

One table of definitions feeds the request schemas (handlers/health.py), the
services and the FHIR export, so a section is described once. Status values
are FHIR R4 codes of the section's resource (for conditions and allergies,
the clinicalStatus code).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    type: str  # text | date | int | code
    max_length: int = 200
    required: bool = False
    values: tuple[str, ...] = ()  # for code
    minimum: int = 0
    maximum: int = 0
    title: str = ""  # the field in words, for messages: "Enter the allergy's name."


@dataclass(frozen=True)
class Kind:
    name: str  # the URL segment and the stored kind
    resource: str  # FHIR resource type in the export
    prefix: str  # entry ids start with it, so one Query by prefix lists the section
    label: str  # plain words, singular
    title_field: str  # the field that names an entry in lists and in the PDF
    statuses: tuple[str, ...]  # FHIR codes; the first is the default
    retire_statuses: tuple[str, ...]  # what retiring may set; the first is the default
    fields: dict[str, Field]


NOTE = Field("text", 1000, title="the note")

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("conditions", "Condition", "cond", "problem", "code",
         ("active", "recurrence", "relapse", "inactive", "remission", "resolved"), ("resolved", "inactive"),
         {"code": Field("text", 200, True, title="the problem's name"), "onset": Field("date", title="when it began"),
          "abatement": Field("date", title="when it ended"), "note": NOTE}),
    Kind("medications", "MedicationStatement", "med", "medication", "medication",
         ("active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown", "not-taken"),
         ("stopped", "completed", "entered-in-error"),
         {"medication": Field("text", 200, True, title="the medication's name"),
          "dosage": Field("text", 200, title="the dose"), "instructions": Field("text", 500, title="how to take it"),
          "prescriber": Field("text", 120, title="who prescribed it"),
          "started": Field("date", title="when it was started"), "note": NOTE}),
    Kind("allergies", "AllergyIntolerance", "alg", "allergy", "substance",
         ("active", "inactive", "resolved"), ("inactive", "resolved"),
         {"substance": Field("text", 200, True, title="the allergy's name"),
          "reaction": Field("text", 200, title="the reaction"),
          "severity": Field("code", values=("mild", "moderate", "severe"), title="how severe it is"),
          "category": Field("code", values=("food", "medication", "environment", "biologic"),
                            title="what kind of allergy it is"),
          "onset": Field("date", title="when it began"), "note": NOTE}),
    Kind("immunizations", "Immunization", "imm", "immunization", "vaccine",
         ("completed", "not-done", "entered-in-error"), ("entered-in-error",),
         {"vaccine": Field("text", 200, True, title="the vaccine's name"),
          "date": Field("date", required=True, title="the date it was given"),
          "dose_number": Field("int", minimum=1, maximum=20, title="the dose number"),
          "lot_number": Field("text", 40, title="the lot number"), "note": NOTE}),
    Kind("procedures", "Procedure", "proc", "surgery or procedure", "procedure",
         ("completed", "in-progress", "not-done", "on-hold", "stopped", "preparation", "unknown",
          "entered-in-error"), ("entered-in-error",),
         {"procedure": Field("text", 200, True, title="the surgery or procedure"),
          "date": Field("date", title="when it was done"), "note": NOTE}),
    Kind("family-history", "FamilyMemberHistory", "fam", "family history item", "condition",
         ("completed", "partial", "health-unknown", "entered-in-error"), ("entered-in-error",),
         {"relationship": Field("text", 80, True, title="who in the family"),
          "condition": Field("text", 200, True, title="the condition"),
          "onset_age": Field("int", minimum=0, maximum=130, title="the age it began"), "note": NOTE}),
    Kind("social-history", "Observation", "soc", "social history item", "topic",
         ("final", "amended", "preliminary", "entered-in-error"), ("entered-in-error",),
         {"topic": Field("text", 120, True, title="the topic"), "value": Field("text", 500, True, title="the details"),
          "date": Field("date", title="the date"), "note": NOTE}),
)}

BY_PREFIX = {k.prefix: k for k in KINDS.values()}


def kind_of_entry(entry_id: str) -> Kind | None:
    return BY_PREFIX.get(entry_id.split("-", 1)[0])


def title(kind: Kind, data: dict) -> str:
    return str(data.get(kind.title_field) or kind.label)


def plain(value) -> dict:
    """A raw MapAttribute (as read) or a dict (as just assigned) as a plain dict."""
    if value is None:
        return {}
    return dict(value.as_dict() if hasattr(value, "as_dict") else value)
