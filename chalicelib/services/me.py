"""The signed-in user as the front end needs it."""
from __future__ import annotations

from chalicelib.auth import Caller
from chalicelib.services.patients import load, summary
from chalicelib.services.proxy import patients_for


def describe(caller: Caller) -> dict:
    patients = []
    if caller.patient_id:
        patients.append({**summary(load(caller.patient_id)), "access": "self", "scope": "full"})
    patients.extend(patients_for(caller.user_id))
    return {
        "user_id": caller.user_id,
        "email": caller.email,
        "display_name": caller.display_name,
        "roles": sorted(caller.roles),
        "is_staff": caller.is_staff,
        "patient_id": caller.patient_id,
        "patients": patients,
    }
