"""Point-of-care results entered in the chart (rapid strep, A1c, glucose, urine tests):
filed like a lab's report, performed by the practice itself."""
from __future__ import annotations

from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import UnprocessableError
from chalicelib.ids import sortable_id
from chalicelib.models._base import iso_now
from chalicelib.services.results import store

DIP = ["Negative", "Trace", "1+", "2+", "3+"]
TESTS = {
    "strep": {"code": "78012-2", "name": "Strep A antigen, rapid", "category": "microbiology",
              "analytes": [("78012-2", "Strep A antigen, rapid", ["Not detected", "Detected"], None)]},
    "a1c": {"code": "4548-4", "name": "Hemoglobin A1c", "category": "general",
            "analytes": [("4548-4", "Hemoglobin A1c", "%", "4.0-5.6")]},
    "glucose": {"code": "2345-7", "name": "Glucose, fingerstick", "category": "general",
                "analytes": [("2345-7", "Glucose", "mg/dL", "70-99")]},
    "pregnancy": {"code": "2106-3", "name": "Pregnancy test, urine", "category": "general",
                  "analytes": [("2106-3", "hCG, urine", ["Negative", "Positive"], None)]},
    "urine-dip": {"code": "24356-8", "name": "Urine dipstick", "category": "general",
                  "analytes": [("5792-7", "Glucose, urine", DIP, None), ("20454-5", "Protein, urine", DIP, None),
                               ("5794-3", "Blood, urine", DIP, None), ("5799-2", "Leukocyte esterase, urine", DIP, None),
                               ("5802-4", "Nitrite, urine", ["Negative", "Positive"], None)]},
}


def catalogue() -> dict:
    return {"tests": [{"key": key, "name": t["name"], "analytes": [
        {"code": c, "name": n, "choices": u if isinstance(u, list) else None,
         "units": None if isinstance(u, list) else u, "range": r} for c, n, u, r in t["analytes"]]}
        for key, t in TESTS.items()]}


def enter(caller: Caller, patient_id: str, data: dict, *, send: bool = True) -> dict:
    """send False: no email/SMS (the demo seed); the home still shows the result as new."""
    authorize_patient(caller, patient_id, "results.write")
    test = TESTS.get(data["test"])
    if test is None:
        raise UnprocessableError(f"test must be one of: {', '.join(TESTS)}.", field="test")
    values = data["values"]
    observations = []
    for position, (code, name, units, rng) in enumerate(test["analytes"], start=1):
        value = str(values.get(code, "")).strip()
        if not value:
            raise UnprocessableError(f"A value for {name} is required.", field=f"values.{code}")
        observations.append(_observation(position, code, name, units, rng, value))
    from chalicelib.services.patients import load
    from chalicelib.services.practice import current_settings

    patient = load(patient_id)
    settings = current_settings()
    address = settings.get("address") or {}
    now = iso_now()
    report = {
        "code": test["code"], "text": test["name"], "system": "LOINC", "status": "final",
        "category": test["category"], "collected_at": now, "reported_at": now, "specimen": None,
        "order_key": f"poc|{sortable_id()}", "notes": [data["note"]] if data.get("note") else [],
        "ordering_provider": {"id": None, "name": caller.display_name},
        "ordering_user_id": caller.user_id if "provider" in caller.roles else None,
        "performing_lab": {"name": settings.get("name"), "clia": settings.get("clia"), "director": None,
                           "address": ", ".join(p for p in (address.get("line1"), address.get("city"),
                                                            address.get("state")) if p) or None},
        "observations": observations,
    }
    filed = store.file_reports(patient, [report], source="point-of-care", received_by=caller.user_id,
                               message_key=None)
    from chalicelib.services.results import ingest, views

    ingest.announce(caller, patient, filed, send=send)
    return views.detail(filed[0].report, staff=True)


def _observation(position: int, code: str, name: str, units, rng: str | None, value: str) -> dict:
    if isinstance(units, list):
        if value not in units:
            raise UnprocessableError(f"{name} must be one of: {', '.join(units)}.", field=f"values.{code}")
        flag = "N" if value == units[0] else "A"
        return _shape(position, "CWE", code, name, value, None, None, {"text": units[0], "low": None, "high": None},
                      flag)
    try:
        number = float(value)
    except ValueError:
        raise UnprocessableError(f"{name} must be a number.", field=f"values.{code}") from None
    low, high = (float(x) for x in rng.split("-"))
    flag = "H" if number > high else "L" if number < low else "N"
    return _shape(position, "NM", code, name, value, value, units,
                  {"text": rng, "low": rng.split("-")[0], "high": rng.split("-")[1]}, flag)


def _shape(position, value_type, code, name, value, number, units, rng, flag) -> dict:
    from chalicelib.services.results.hl7v2 import FLAGS

    return {"position": position, "value_type": value_type, "code": code, "text": name, "system": "LOINC",
            "local_code": None, "local_text": None, "value": value, "number": number, "comparator": None,
            "units": units, "units_system": "UCUM" if units else None, "range": rng, "flag": flag,
            "interpretation": FLAGS.get(flag), "status": "final", "observed_at": None, "performing_lab": None,
            "notes": []}
