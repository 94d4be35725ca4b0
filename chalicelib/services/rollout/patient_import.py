"""Bulk patient import from the practice system's CSV export, idempotent by MRN.

A dry run reports, per row, what applying would do (created, updated, unchanged, error with
the field); apply does it. Re-importing the same file changes nothing (every row unchanged).
Rows are validated with the portal's own validators (names, birth dates, emails, phones); a
bad row is named and skipped, the others go in. One Query of the MRN index per row (no
Scan); at most MAX_ROWS rows per upload (the request body limit allows about that many).
The report carries the MRN, the outcome and the names of changed fields, never values;
nothing about a row is logged but its number.
"""
from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime

from chalicelib import audit
from chalicelib.auth import Caller, require
from chalicelib.errors import InvalidError, PortalError

MAX_ROWS = 500
COLUMNS = ("mrn", "given_name", "family_name", "birth_date", "sex", "email", "phone")
REQUIRED = ("mrn", "given_name", "family_name", "birth_date")
# Header spellings practice systems use, folded to ours.
ALIASES = {"first_name": "given_name", "first": "given_name", "given": "given_name", "last_name": "family_name",
           "last": "family_name", "family": "family_name", "surname": "family_name", "dob": "birth_date",
           "date_of_birth": "birth_date", "birthdate": "birth_date", "gender": "sex", "email_address": "email",
           "mobile": "phone", "cell": "phone", "phone_number": "phone", "mobile_phone": "phone",
           "medical_record_number": "mrn"}
SEXES = {"f": "female", "female": "female", "m": "male", "male": "male", "o": "other", "other": "other",
         "u": "unknown", "unknown": "unknown", "": "unknown"}
UPDATABLE = ("given_name", "family_name", "birth_date", "sex", "email", "phone")


class RowError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def import_csv(caller: Caller, text: str, apply: bool) -> dict:
    require(caller, "patients.import")
    rows = _read(text)
    report, seen, events = [], set(), []
    for number, raw in rows:
        try:
            row = _clean(raw)
            if row["mrn"] in seen:
                raise RowError("mrn", "This MRN appears earlier in the file.")
            seen.add(row["mrn"])
            outcome, changed, patient_id = _decide(row)
            if apply and outcome in ("created", "updated"):
                patient_id = _write(caller, row, outcome, patient_id, changed)
                events.append((patient_id, "create" if outcome == "created" else "update", "demographics", "import"))
            report.append({"row": number, "mrn": row["mrn"], "outcome": outcome, "changed": changed,
                           **({"patient_id": patient_id} if apply and patient_id else {})})
        except RowError as bad:
            report.append({"row": number, "mrn": (raw.get("mrn") or "").strip() or None, "outcome": "error",
                           "field": bad.field, "message": bad.message})
    if events:
        audit.record_many(caller, events)
    totals = {k: sum(1 for r in report if r["outcome"] == k) for k in ("created", "updated", "unchanged", "error")}
    return {"applied": apply, "rows": report, "totals": totals}


def _read(text: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames:
        raise InvalidError("The file is empty: export the patients with a header row.", field="csv")
    names = [_column(name) for name in reader.fieldnames]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InvalidError(f"The header row has no column {missing[0]} (expected: {', '.join(COLUMNS)}).",
                           field="csv")
    reader.fieldnames = names
    rows = []
    try:
        for raw in reader:
            if not any((v or "").strip() for k, v in raw.items() if isinstance(v, str)):
                continue  # a blank line
            rows.append((reader.line_num, {k: v for k, v in raw.items() if k in COLUMNS and isinstance(v, str)}))
            if len(rows) > MAX_ROWS:
                raise InvalidError(f"At most {MAX_ROWS} patients per file: split the export.", field="csv")
    except csv.Error:
        raise InvalidError(f"The file is not valid CSV near line {reader.line_num}.", field="csv") from None
    return rows


def _column(name: str) -> str:
    key = "_".join((name or "").strip().lower().replace("-", " ").split())
    return ALIASES.get(key, key)


def _clean(raw: dict) -> dict:
    from chalicelib.handlers._validation import validate
    from chalicelib.handlers._http import EMAIL
    from chalicelib.services.directory import tokens
    from chalicelib.services.patients import _past_date, checked_phone

    row = {c: (raw.get(c) or "").strip() for c in COLUMNS}
    if not row["mrn"] or len(row["mrn"]) > 20 or not row["mrn"].replace("-", "").isalnum():
        raise RowError("mrn", "Give the MRN: letters, digits and dashes, at most 20.")
    for name in ("given_name", "family_name"):
        if not tokens(row[name]) or len(row[name]) > 80:
            raise RowError(name, "Give the name with at least one letter (at most 80 characters).")
    row["birth_date"] = _birth_date(row["birth_date"])
    try:
        _past_date(row["birth_date"], "birth_date")
    except PortalError:
        raise RowError("birth_date", "The birth date cannot be in the future.") from None
    sex = SEXES.get(row["sex"].lower())
    if sex is None:
        raise RowError("sex", "Sex must be female, male, other or unknown (or F, M, O, U).")
    row["sex"] = sex
    if row["email"]:
        try:
            validate(EMAIL, row["email"])
        except PortalError:
            raise RowError("email", "Enter an email address like name@example.com.") from None
        row["email"] = row["email"].lower()
    try:
        row["phone"] = checked_phone(row["phone"]) if row["phone"] else ""
    except PortalError:
        raise RowError("phone", "Enter a phone number that can receive calls, like (312) 555-0100.") from None
    return row


def _birth_date(value: str) -> str:
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, pattern).date().isoformat()
        except ValueError:
            continue
    raise RowError("birth_date", "Give the birth date as YYYY-MM-DD or MM/DD/YYYY.")


def _decide(row: dict) -> tuple[str, list[str], str | None]:
    from chalicelib.models.patient import Patient

    found = next(iter(Patient.mrn_index.query(row["mrn"], limit=1)), None)
    if found is None:
        return "created", [], None
    current = {f: getattr(found, f) or "" for f in UPDATABLE}
    changed = [f for f in UPDATABLE if row[f] != current[f] and not (f in ("email", "phone") and not row[f])]
    if "email" in changed and found.account_status == "active":
        raise RowError("email", "The patient's portal account uses another email: change it in the chart.")
    return ("updated" if changed else "unchanged"), changed, found.patient_id


def _write(caller: Caller, row: dict, outcome: str, patient_id: str | None, changed: list[str]) -> str:
    from chalicelib.models._base import iso_now
    from chalicelib.models.patient import Patient, name_key
    from chalicelib.services import directory

    now = iso_now()
    if outcome == "created":
        patient = Patient(uuid.uuid4().hex, mrn=row["mrn"], given_name=row["given_name"],
                          family_name=row["family_name"], birth_date=row["birth_date"], sex=row["sex"],
                          email=row["email"] or None, phone=row["phone"] or None,
                          preferences={"email": True, "sms": bool(row["phone"])}, invite_queue="waiting",
                          name_key=name_key(row["family_name"], row["given_name"]), created_at=now, updated_at=now)
        directory.save_new(patient)
        return patient.patient_id
    if "given_name" in changed or "family_name" in changed:
        directory.rename(caller, patient_id, row["given_name"], row["family_name"])
    actions = [getattr(Patient, f).set(row[f]) for f in changed if f not in ("given_name", "family_name")]
    if actions:
        Patient(patient_id).update(actions=[*actions, Patient.updated_at.set(now)],
                                   condition=Patient.patient_id.exists())
    return patient_id


