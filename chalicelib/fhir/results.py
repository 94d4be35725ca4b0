"""Test results as DiagnosticReport + Observation (US Core lab shape: LOINC or the lab's
local code, UCUM quantities, reference ranges, interpretation, status, performer).
Only what the patient side may see now: held or still-waiting results are left out."""
from __future__ import annotations

import json
import re

from chalicelib.fhir import Context, Item, compact, concept, notes, reference

SECTION = "Test results"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
LOCAL = "urn:portal:lab-local-code"
STATUS = {"preliminary": "preliminary", "final": "final", "corrected": "corrected", "cancelled": "cancelled"}
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
CATEGORY = {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory",
            "display": "Laboratory"}
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def build(ctx: Context) -> list[Item]:
    from chalicelib.models.result_report import ResultReport
    from chalicelib.services.results.release import visible

    items: list[Item] = []
    for report in ResultReport.query(ctx.patient.patient_id):
        if not visible(report):
            continue
        observations = json.loads(report.observations)
        obs_items = [_observation(ctx, report, o) for o in observations]
        lab = json.loads(report.performing_lab) if report.performing_lab else {}
        diagnostic = compact({
            "resourceType": "DiagnosticReport", "id": report.report_id, "status": STATUS.get(report.status, "unknown"),
            "category": [concept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory")],
            "code": _code(report.code, report.code_system, report.name),
            "subject": ctx.patient_ref, "effectiveDateTime": report.collected_at,
            "issued": report.reported_at or report.received_at,
            "performer": [{"display": lab.get("name")}] if lab.get("name") else None,
            "resultsInterpreter": [{"display": report.reviewed_by_name}] if report.reviewed_by_name else None,
            "result": [reference("Observation", i.resource["id"]) for i in obs_items],
            "conclusion": report.comment,
        })
        values = "; ".join(f"{o.get('text') or o.get('code')} {o.get('value')}{' ' + o['units'] if o.get('units') else ''}"
                           for o in observations)
        items.append(Item(diagnostic, SECTION, f"{report.name} ({(report.collected_at or '')[:10]}, "
                                               f"{report.status}): {values}"
                                               + (f" — {report.comment_by_name}: {report.comment}" if report.comment else "")))
        items += obs_items
    return items


def _observation(ctx: Context, report, o: dict) -> Item:
    rng = o.get("range") or {}
    value = _value(o)
    resource = compact({
        "resourceType": "Observation", "id": f"{report.report_id}-{o.get('position', 0)}",
        "status": STATUS.get(o.get("status") or report.status, "final"),
        "category": [{"coding": [CATEGORY]}], "code": _code(o.get("code"), o.get("system"), o.get("text")),
        "subject": ctx.patient_ref, "effectiveDateTime": report.collected_at or o.get("observed_at"),
        **value,
        "interpretation": [concept(INTERPRETATION, o["flag"])] if o.get("flag") else None,
        "referenceRange": [compact({
            "low": _quantity(rng.get("low"), o.get("units")), "high": _quantity(rng.get("high"), o.get("units")),
            "text": rng.get("text")})] if rng else None,
        "note": notes(*(o.get("notes") or [])),
    })
    return Item(resource, None)


def _code(code: str | None, system: str | None, text: str | None) -> dict:
    return compact({"coding": [{"system": LOINC if system == "LOINC" else LOCAL, "code": code, "display": text}],
                    "text": text})


def _value(o: dict) -> dict:
    number = o.get("number")
    if number is not None and NUMBER.match(str(number)):
        return {"valueQuantity": _quantity(number, o.get("units"))}
    if o.get("value_code"):
        return {"valueCodeableConcept": {"coding": [{"code": o["value_code"], "display": o.get("value")}],
                                         "text": o.get("value")}}
    if o.get("value_type") == "SN" and o.get("comparator") in ("<", ">", "<=", ">=") and \
            NUMBER.match(str(o.get("value", "")).lstrip("<>=")):
        return {"valueQuantity": {**_quantity(str(o["value"]).lstrip("<>="), o.get("units")),
                                  "comparator": o["comparator"]}}
    return {"valueString": str(o.get("value") or "")}


def _quantity(number, units: str | None) -> dict | None:
    if number is None or not NUMBER.match(str(number)):
        return None
    out = {"value": float(number) if "." in str(number) else int(number)}
    if units:
        out.update(unit=units, system=UCUM, code=units)
    return out
