"""The patient's preferred pharmacy: where an accepted refill is sent and picked up.

The patient (or a full proxy) keeps it on file from the health summary page; the
clinicians and front desk see it (and may correct it) in the chart and in the review
queue. Read and changed like the contact details (demographics.read / .update), audited.
"""
from __future__ import annotations

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient
from chalicelib.models._base import iso_now
from chalicelib.models.patient import Patient
from chalicelib.services.health_kinds import plain

# How an accepted refill reached the pharmacy (ChangeRequest.sent_by), in the patient's words.
SENT_BY = {"eprescribed": "sent electronically (e-prescription)", "phoned": "phoned in", "faxed": "faxed"}


def get(caller: Caller, patient_id: str) -> dict:
    authorize_patient(caller, patient_id, "demographics.read")
    from chalicelib.services.patients import load

    found = of(load(patient_id))
    audit.record(caller, patient_id, "read", "pharmacy")
    return {"patient_id": patient_id, "pharmacy": found}


def put(caller: Caller, patient_id: str, data: dict | None) -> dict:
    """Keep (or, with None, remove) the preferred pharmacy."""
    authorize_patient(caller, patient_id, "demographics.update")
    from chalicelib.services.patients import load

    patient = load(patient_id)
    value = None
    if data:
        value = {"name": data["name"].strip(), "phone": data["phone"]}
        if data.get("address"):
            value["address"] = {k: v for k, v in data["address"].items() if v}
    actions = [Patient.updated_at.set(iso_now()),
               Patient.pharmacy.set(value) if value else Patient.pharmacy.remove()]
    patient.update(actions=actions, condition=Patient.patient_id.exists())
    audit.record(caller, patient_id, "update", "pharmacy")
    return {"patient_id": patient_id, "pharmacy": value}


def of(patient: Patient) -> dict | None:
    found = plain(patient.pharmacy)
    if not found:
        return None
    if found.get("address"):
        found["address"] = plain(found["address"])
    return found
