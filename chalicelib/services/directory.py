"""The staff directory: find a patient by name, phone, birth date or MRN.

Names are found through the name index (models/patient_name.py): one item per
normalized name token, so "Alex Morgan", "Morgan, Alex" and "mor" all reach the
demo patient in one Query on the most selective typed token plus one BatchGet of
the patients it names; the other typed words narrow those in memory. Phone, birth
date and MRN have their own indexes on the patients table. Recent patients (the
practice last dealt with them: registered, a visit booked, moved or marked) come
first. Never a Scan: each search is at most a Query and a BatchGet, then the audit.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, require
from chalicelib.errors import InvalidError
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.patient import Patient, name_key
from chalicelib.models.patient_name import PatientNameToken
from chalicelib.pagination import decode_cursor, encode_cursor

MAX_WORDS = 4  # more words than a name has is a typing slip, not a narrower search
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PHONE_CHARS = re.compile(r"^[\d\s().+-]+$")


def tokens(text: str) -> list[str]:
    """'  Nguyễn-Smith, O'Brien ' -> ['nguyen', 'smith', 'obrien']: lower case, accents and
    apostrophes dropped, split on anything else that is not a letter or digit."""
    plain = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = re.sub(r"['’`]", "", plain)
    return re.findall(r"[^\W_]+", plain)


def name_entries(patient_id: str, given: str, family: str) -> list[PatientNameToken]:
    """The index items for one patient's names (a token in both parts is kept once per part)."""
    seen, items = set(), []
    for part, text in (("given", given), ("family", family)):
        for token in tokens(text):
            if (part, token) in seen:
                continue
            seen.add((part, token))
            items.append(PatientNameToken(token[:1], f"{token}#{part[0]}#{patient_id}",
                                          patient_id=patient_id, part=part))
    return items


def save_new(patient: Patient) -> None:
    """Write a new patient and its name index in one transaction (nothing half written)."""
    with transact_write() as tx:
        tx.save(patient, condition=Patient.patient_id.does_not_exist())
        for entry in name_entries(patient.patient_id, patient.given_name, patient.family_name):
            tx.save(entry)


def rename(caller: Caller, patient_id: str, given: str, family: str) -> dict:
    """Correct a patient's name (staff): the record and its name index change together."""
    from chalicelib.services.patients import load, to_dict

    authorize_patient(caller, patient_id, "demographics.rename")
    given, family = given.strip(), family.strip()
    for field, value in (("given_name", given), ("family_name", family)):
        if not tokens(value):
            raise InvalidError("Enter the name with at least one letter.", field=field)
    patient = load(patient_id)
    old = {e.entry: e for e in name_entries(patient_id, patient.given_name, patient.family_name)}
    new = {e.entry: e for e in name_entries(patient_id, given, family)}
    if (patient.given_name, patient.family_name) == (given, family):
        return to_dict(patient)
    now = iso_now()
    with transact_write() as tx:
        tx.update(patient, actions=[
            Patient.given_name.set(given), Patient.family_name.set(family),
            Patient.name_key.set(name_key(family, given)),
            Patient.updated_at.set(now)],
            condition=(Patient.given_name == patient.given_name) & (Patient.family_name == patient.family_name))
        for entry in old.keys() - new.keys():
            tx.delete(old[entry])
        for entry in new.keys() - old.keys():
            tx.save(new[entry])
    patient.given_name, patient.family_name, patient.updated_at = given, family, now
    from chalicelib.services.booking import patient_name, rename_on_visits

    rename_on_visits(patient_id, patient_name(patient))
    audit.record(caller, patient_id, "update", "demographics")
    return to_dict(patient)


def touch(patient_id: str) -> None:
    """The practice just dealt with this patient (a visit booked, moved or marked): the
    directory shows them among the recent ones. Best effort, never fails the action."""
    from chalicelib.observability import logger

    try:
        Patient(patient_id).update(actions=[Patient.recent_at.set(iso_now())],
                                   condition=Patient.patient_id.exists())
    except Exception:  # noqa: BLE001 - ordering only; the visit itself is written
        logger.warning("directory recency not updated", extra={"patient_id": patient_id})


def classify(text: str) -> dict:
    """What one search box holds -> the search to run: birth date, phone, MRN or name."""
    value = (text or "").strip()
    us = US_DATE.match(value)
    if us:
        month, day, year = (int(g) for g in us.groups())
        try:
            return {"birth_date": date(year, month, day).isoformat()}
        except ValueError:
            raise InvalidError("Enter the birth date like 04/23/1980.", field="q") from None
    if ISO_DATE.match(value):
        return {"birth_date": value}
    digits = re.sub(r"\D", "", value)
    if digits and PHONE_CHARS.match(value):
        # An MRN is a few bare digits; a phone number has ten (11 with the country code)
        # or is written like one: "(312) 555-0100".
        return {"mrn": digits} if digits == value and len(digits) < 10 else {"phone": value}
    return {"name": value}


def search(caller: Caller, *, q: str | None = None, name: str | None = None, birth_date: str | None = None,
           mrn: str | None = None, phone: str | None = None, limit: int = 25, cursor: str | None = None) -> dict:
    """Directory search. `q` is whatever was typed in the one search box; the named
    parameters search one way each. Every patient returned is audited as found."""
    require(caller, "patients.search")
    if q and q.strip():
        found = classify(q)
        name, birth_date, mrn, phone = found.get("name"), found.get("birth_date"), found.get("mrn"), found.get("phone")
    scope, last_key = None, None
    if mrn:
        found_patients = list(Patient.mrn_index.query(mrn.strip(), limit=limit))
    elif phone:
        from chalicelib.services.patients import checked_phone

        number = _phone(phone, checked_phone)
        found_patients = list(Patient.phone_index.query(number, limit=limit))
    elif birth_date:
        from chalicelib.services.patients import _past_date

        _past_date(birth_date, "birth_date")
        scope = f"search:dob:{birth_date}"
        query = Patient.birth_date_index.query(birth_date, limit=limit,
                                               last_evaluated_key=decode_cursor(cursor, scope))
        found_patients = [p for p in query if not name or _matches(p, _wanted(name))]
        last_key = query.last_evaluated_key
    elif name and name.strip():
        found_patients, scope, last_key = _by_name(name, limit, cursor)
    else:
        raise InvalidError("Type a name, phone number, birth date or MRN.", field="q" if q is not None else "name")
    found_patients.sort(key=_recency, reverse=True)
    audit.record_many(caller, [(p.patient_id, "search", "patient-directory", None) for p in found_patients])
    from chalicelib.services.patients import summary

    return {"items": [summary(p) for p in found_patients], "cursor": encode_cursor(last_key, scope) if scope else None}


def _phone(text: str, checked_phone) -> str:
    try:
        return checked_phone(text)
    except InvalidError:
        raise InvalidError("Enter the phone number with its area code, like (312) 555-0100.", field="phone") from None


def _recency(patient: Patient) -> str:
    return patient.recent_at or patient.created_at or ""


def _wanted(text: str) -> dict[str, list[str]]:
    """'Morgan, Alex' -> {family: [morgan], given: [alex]}; 'Alex Morgan' -> {any: [alex, morgan]}."""
    if "," in text:
        family, _, given = text.partition(",")
        wanted = {"family": tokens(family), "given": tokens(given)}
    else:
        wanted = {"any": tokens(text)}
    if not any(wanted.values()):
        raise InvalidError("Type at least one letter of the name.", field="name")
    if sum(len(v) for v in wanted.values()) > MAX_WORDS:
        raise InvalidError(f"Type at most {MAX_WORDS} words of the name.", field="name")
    return wanted


def _matches(patient: Patient, wanted: dict[str, list[str]]) -> bool:
    parts = {"given": tokens(patient.given_name), "family": tokens(patient.family_name)}
    parts["any"] = parts["given"] + parts["family"]
    return all(any(t.startswith(w) for t in parts[part]) for part, words in wanted.items() for w in words)


def _by_name(text: str, limit: int, cursor: str | None) -> tuple[list[Patient], str, dict | None]:
    """One Query on the longest typed word (the most selective), one BatchGet of the
    patients it names, the other words checked against their names."""
    wanted = _wanted(text)
    part, word = max(((p, w) for p, words in wanted.items() for w in words), key=lambda pw: len(pw[1]))
    scope = f"search:name:{word}:{part}"
    # No filter expression: a filtered page can come back short and PynamoDB would read on.
    query = PatientNameToken.query(word[:1], PatientNameToken.entry.startswith(word), limit=limit,
                                   last_evaluated_key=decode_cursor(cursor, scope))
    ids = list(dict.fromkeys(entry.patient_id for entry in query))
    patients = list(Patient.batch_get(ids)) if ids else []
    return [p for p in patients if _matches(p, wanted)], scope, query.last_evaluated_key
