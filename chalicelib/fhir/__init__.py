"""The record export as a FHIR R4 Bundle, built from plain dicts (no FHIR library at
runtime: fhir.resources costs a second of cold start; the tests validate with it).

Extension point: a later feature adds its module to SOURCES. A source module has
`build(ctx: Context) -> list[Item]`: the FHIR resources of that feature for
ctx.patient (what the patient may see), each with the PDF section it belongs in
and one readable line (the export worker, services/exports/produce.py, renders the same
items as the PDF).
"""
from __future__ import annotations

import importlib
import uuid
from dataclasses import dataclass, field

SOURCES = (
    "chalicelib.fhir.patient",
    "chalicelib.fhir.health",
    "chalicelib.fhir.visits",
    "chalicelib.fhir.documents",
    "chalicelib.fhir.appointments",  # issue 5
    "chalicelib.fhir.results",  # issue 12
    "chalicelib.fhir.messages",  # issue 11
    "chalicelib.fhir.statements",  # issue 13
    "chalicelib.fhir.questionnaires",  # issue 17
)

_NAMESPACE = uuid.UUID("6f0d8a56-2f52-4b8e-9a43-5c1c9f0e2b71")


@dataclass
class Item:
    resource: dict
    section: str | None  # PDF heading; None: not listed as a line (the Patient)
    line: str = ""


@dataclass
class Context:
    patient: object  # models.patient.Patient
    portal_url: str
    extras: dict = field(default_factory=dict)  # sources may leave things for later ones

    @property
    def patient_ref(self) -> dict:
        return reference("Patient", self.patient.patient_id)


def full_url(resource_type: str, resource_id: str) -> str:
    """A stable urn:uuid for a resource, so sources can reference each other's."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{resource_type}/{resource_id}')}"


def reference(resource_type: str, resource_id: str) -> dict:
    return {"reference": full_url(resource_type, resource_id)}


def concept(system: str, code: str, display: str | None = None) -> dict:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


def notes(*texts: str | None) -> list[dict]:
    return [{"text": t} for t in texts if t]


def compact(resource: dict) -> dict:
    """Drop empty values: FHIR forbids empty strings, lists and objects."""
    out = {}
    for key, value in resource.items():
        if isinstance(value, dict):
            value = compact(value)
        elif isinstance(value, list):
            value = [compact(v) if isinstance(v, dict) else v for v in value]
            value = [v for v in value if v not in (None, "", {}, [])]
        if value not in (None, "", {}, []):
            out[key] = value
    return out


def collect(ctx: Context) -> list[Item]:
    items: list[Item] = []
    for name in SOURCES:
        items.extend(importlib.import_module(name).build(ctx))
    return items


def bundle(items: list[Item], timestamp: str) -> dict:
    return {
        "resourceType": "Bundle",
        "id": uuid.uuid4().hex,
        "type": "collection",
        "timestamp": timestamp,
        "entry": [{"fullUrl": full_url(i.resource["resourceType"], i.resource["id"]), "resource": i.resource}
                  for i in items],
    }
