"""Patient matching for incoming results: MRN plus birth date plus name, exactly.

Anything less than one exact match goes to the staff match queue; a result is
never filed under a guessed patient. Reasons are PHI-free (they reach the ACK).
"""
from __future__ import annotations

import unicodedata

from chalicelib.models.patient import Patient


def match(patient: dict) -> tuple[Patient | None, str]:
    """(the patient, "") or (None, why not). One index Query per identifier (usually one)."""
    identifiers = sorted(patient["identifiers"], key=lambda i: i["type"] != "MR")
    candidates: dict[str, Patient] = {}
    for identifier in identifiers[:3]:
        for found in Patient.mrn_index.query(identifier["id"].strip(), limit=5):
            candidates[found.patient_id] = found
        if candidates:
            break
    if not candidates:
        return None, "no patient has this MRN"
    exact = [p for p in candidates.values() if _same_person(p, patient)]
    if len(exact) == 1:
        return exact[0], ""
    if not any(p.birth_date == patient["birth_date"] for p in candidates.values()):
        return None, "the birth date differs from the record with this MRN"
    return None, "the name differs from the record with this MRN"


def _same_person(record: Patient, incoming: dict) -> bool:
    return (record.birth_date == incoming["birth_date"]
            and _norm(record.family_name) == _norm(incoming["family"])
            and _norm(record.given_name).split(" ")[:1] == _norm(incoming["given"]).split(" ")[:1])


def _norm(name: str | None) -> str:
    """Case, accents and punctuation aside ("Nguyễn" = "NGUYEN", "O'Neil" = "ONEIL")."""
    plain = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return " ".join("".join(c for c in plain.lower() if c.isalnum() or c == " ").split())
