"""Statements in from the billing system's CSV export (docs/billing.md has the format).

One row per statement line; the statement's own columns repeat on each of its rows.
Every row is checked and each bad one reported (row number, field, message). A file
with any bad row changes nothing, so a dry run and the real import report the same
thing. By statement number: a new number creates the statement (version 1, a charge
in the ledger), the same content again is "unchanged", changed content becomes the
next version (the previous one kept in StatementVersion; the difference is a ledger
adjustment, so payments already made stay).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import date

from pynamodb.exceptions import TransactWriteError

from chalicelib import audit
from chalicelib.auth import Caller, authorize_interface
from chalicelib.errors import ConflictError, InvalidError, UnprocessableError
from chalicelib.ids import sortable_id
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.counter import Counter
from chalicelib.models.ledger import LedgerEntry
from chalicelib.models.patient import Patient
from chalicelib.models.statement import Statement
from chalicelib.models.statement_version import StatementVersion
from chalicelib.services.billing.ledger import balance_actions, entry_key
from chalicelib.services.billing.money import parse_cents

COLUMNS = ("statement_number", "mrn", "statement_date", "due_date", "service_date", "description",
           "cpt_code", "charge", "insurance_paid", "adjustment", "patient_responsibility")
OPTIONAL = frozenset({"cpt_code", "insurance_paid", "adjustment"})
HEADER_FIELDS = ("mrn", "statement_date", "due_date")
MAX_ROWS = 5000
NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
CPT = re.compile(r"^[0-9A-Z]{5}$")
# No 0/O or 1/I: the code is read off paper and typed.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass
class Draft:
    number: str
    mrn: str
    statement_date: str
    due_date: str
    first_row: int
    lines: list[dict] = field(default_factory=list)
    patient_id: str | None = None

    @property
    def total_cents(self) -> int:
        return sum(line["patient_cents"] for line in self.lines)

    def content_hash(self) -> str:
        content = [self.mrn, self.statement_date, self.due_date, self.lines]
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def import_csv(caller: Caller, text: str, dry_run: bool, *, send: bool = True) -> dict:
    """`send` False: no email (the demo seed); the home still shows a new statement."""
    # Billing staff from the console, or the billing system's interface account.
    authorize_interface(caller, "billing", "statements.import")
    drafts, errors = parse(text)
    _resolve_patients(drafts, errors)
    plans = [] if errors else [(draft, _existing(draft)) for draft in drafts.values()]
    for draft, existing in plans:
        if existing and existing.patient_id != draft.patient_id:
            errors.append(_error(draft.first_row, "mrn", "This statement number belongs to another patient."))
    report = {"dry_run": dry_run, "rows": sum(len(d.lines) for d in drafts.values()), "errors": errors,
              "statements": []}
    if errors:
        report["errors"].sort(key=lambda e: (e["row"], e["field"] or ""))
        if not dry_run:
            raise UnprocessableError(f"{len(errors)} row(s) need fixing; nothing was imported.", field="csv")
        return report
    for draft, existing in plans:
        outcome = _outcome(draft, existing)
        if not dry_run and outcome != "unchanged":
            statement_id = _write(caller, draft, existing, send)
        else:
            statement_id = existing.statement_id if existing else None
        report["statements"].append({"number": draft.number, "outcome": outcome, "statement_id": statement_id,
                                     "patient_id": draft.patient_id, "total_cents": draft.total_cents,
                                     "version": (int(existing.version) if existing else 0)
                                     + (outcome != "unchanged")})
    report["counts"] = {k: sum(s["outcome"] == k for s in report["statements"])
                        for k in ("new", "updated", "unchanged")}
    return report


def parse(text: str) -> tuple[dict[str, Draft], list[dict]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL]
    if missing:
        raise InvalidError(f"The CSV has no column {missing[0]}. Expected: {', '.join(COLUMNS)}.", field="csv")
    reader.fieldnames = header
    drafts: dict[str, Draft] = {}
    errors: list[dict] = []
    for index, raw in enumerate(reader, start=2):  # row 1 is the header
        if index - 1 > MAX_ROWS:
            raise InvalidError(f"At most {MAX_ROWS} rows per file.", field="csv")
        row = {k: (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        line, row_errors = _line(row, index)
        errors += row_errors
        number = row.get("statement_number", "")
        if row_errors or not number:
            continue
        draft = drafts.get(number)
        if draft is None:
            drafts[number] = Draft(number, row["mrn"], row["statement_date"], row["due_date"], index, [line])
            continue
        for name in HEADER_FIELDS:
            if row[name] != getattr(draft, name):
                errors.append(_error(index, name, f"{name} differs from row {draft.first_row} of statement {number}."))
        draft.lines.append(line)
    if not drafts and not errors:
        raise InvalidError("The CSV has no statement rows.", field="csv")
    return drafts, errors


def _line(row: dict, index: int) -> tuple[dict, list[dict]]:
    errors = []
    if not NUMBER.match(row.get("statement_number", "")):
        errors.append(_error(index, "statement_number", "statement_number is required (letters, digits, -)."))
    if not row.get("mrn"):
        errors.append(_error(index, "mrn", "mrn is required."))
    for name in ("statement_date", "due_date", "service_date"):
        if not _is_date(row.get(name, "")):
            errors.append(_error(index, name, f"{name} must be a date like 2026-11-30."))
    if not row.get("description") or len(row["description"]) > 200:
        errors.append(_error(index, "description", "description is required (at most 200 characters)."))
    cpt = row.get("cpt_code", "").upper()
    if cpt and not CPT.match(cpt):
        errors.append(_error(index, "cpt_code", "cpt_code must be 5 letters or digits."))
    cents = {}
    for name in ("charge", "insurance_paid", "adjustment", "patient_responsibility"):
        value = row.get(name, "")
        try:
            cents[name] = parse_cents(value) if value or name not in OPTIONAL else 0
        except ValueError:
            errors.append(_error(index, name, f"{name} must be an amount like 125.00."))
    if not errors:
        if min(cents.values()) < 0:
            name = next(n for n, v in cents.items() if v < 0)
            errors.append(_error(index, name, f"{name} cannot be negative."))
        elif cents["charge"] - cents["insurance_paid"] - cents["adjustment"] != cents["patient_responsibility"]:
            errors.append(_error(index, "patient_responsibility",
                                 "patient_responsibility must equal charge - insurance_paid - adjustment."))
        elif row["due_date"] < row["statement_date"]:
            errors.append(_error(index, "due_date", "due_date is before statement_date."))
    line = {"service_date": row.get("service_date"), "description": row.get("description"), "cpt_code": cpt or None,
            "charge_cents": cents.get("charge"), "insurance_cents": cents.get("insurance_paid"),
            "adjustment_cents": cents.get("adjustment"), "patient_cents": cents.get("patient_responsibility")}
    return line, errors


def _resolve_patients(drafts: dict[str, Draft], errors: list[dict]) -> None:
    """One GSI Query per distinct MRN."""
    found: dict[str, str | None] = {}
    for draft in drafts.values():
        if draft.mrn not in found:
            match = next(iter(Patient.mrn_index.query(draft.mrn, limit=1)), None)
            found[draft.mrn] = match.patient_id if match else None
        draft.patient_id = found[draft.mrn]
        if draft.patient_id is None:
            errors.append(_error(draft.first_row, "mrn", "No patient has this MRN."))


def _existing(draft: Draft) -> Statement | None:
    key = next(iter(Statement.number_index.query(draft.number, limit=1)), None)
    return Statement.get(key.patient_id, key.statement_id) if key else None


def _outcome(draft: Draft, existing: Statement | None) -> str:
    if existing is None:
        return "new"
    return "unchanged" if existing.content_hash == draft.content_hash() else "updated"


def _write(caller: Caller, draft: Draft, existing: Statement | None, send: bool) -> str:
    now = iso_now()
    try:
        if existing is None:
            statement_id = _create(draft, now)
        else:
            statement_id = _supersede(draft, existing, now)
    except TransactWriteError:
        raise ConflictError(f"Statement {draft.number} changed meanwhile. Import the file again.",
                            field="csv") from None
    audit.record(caller, draft.patient_id, "create" if existing is None else "update", "statement", statement_id)
    if existing is None:
        _tell_patient(draft, statement_id, send)
    return statement_id


def _create(draft: Draft, now: str) -> str:
    statement = Statement(
        draft.patient_id, sortable_id(), number=draft.number, mrn=draft.mrn, statement_date=draft.statement_date,
        due_date=draft.due_date, version=1, lines=draft.lines, content_hash=draft.content_hash(),
        total_cents=draft.total_cents, balance_cents=draft.total_cents,
        unpaid="open" if draft.total_cents > 0 else None, guest_code=new_guest_code(), created_at=now,
        updated_at=now)
    charge = LedgerEntry(draft.patient_id, entry_key(statement.statement_id, "charge", "v0001"),
                         statement_id=statement.statement_id, kind="charge", amount_cents=draft.total_cents,
                         recorded_at=now, note="Statement issued")
    with transact_write() as tx:
        # The number is claimed once, so two imports racing cannot create it twice.
        tx.save(Counter(f"statement-number:{draft.number}", value=1), condition=Counter.name.does_not_exist())
        tx.save(statement, condition=Statement.statement_id.does_not_exist())
        tx.save(charge, condition=LedgerEntry.entry_key.does_not_exist())
    from chalicelib.services.adoption import events

    events.statement_issued()
    return statement.statement_id


def _supersede(draft: Draft, existing: Statement, now: str) -> str:
    version = int(existing.version) + 1
    delta = draft.total_cents - int(existing.total_cents)
    snapshot = StatementVersion(
        existing.patient_id, f"{existing.statement_id}#{int(existing.version):04d}",
        statement_id=existing.statement_id, version=int(existing.version), number=existing.number,
        statement_date=existing.statement_date, due_date=existing.due_date, lines=existing.lines,
        total_cents=int(existing.total_cents), content_hash=existing.content_hash, superseded_at=now)
    actions = [Statement.version.set(version), Statement.lines.set(draft.lines),
               Statement.statement_date.set(draft.statement_date), Statement.due_date.set(draft.due_date),
               Statement.content_hash.set(draft.content_hash()), Statement.total_cents.set(draft.total_cents)]
    actions += balance_actions(int(existing.balance_cents) + delta, now)
    with transact_write() as tx:
        tx.save(snapshot, condition=StatementVersion.version_key.does_not_exist())
        tx.update(existing, actions=actions, condition=(Statement.version == int(existing.version))
                  & (Statement.balance_cents == int(existing.balance_cents)))
        if delta:
            tx.save(LedgerEntry(existing.patient_id, entry_key(existing.statement_id, "charge", f"v{version:04d}"),
                                statement_id=existing.statement_id, kind="adjustment", amount_cents=delta,
                                recorded_at=now, note=f"Statement version {version}"),
                    condition=LedgerEntry.entry_key.does_not_exist())
    return existing.statement_id


def new_guest_code() -> str:
    """Printed on the paper statement: 10 characters, ~50 bits (guest pay also wants the birth date)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _tell_patient(draft: Draft, statement_id: str, send: bool) -> None:
    from chalicelib import notify
    from chalicelib.services import home
    from chalicelib.services.patients import load

    # The home card names the statement and its date, so two new statements read apart.
    home.notice(draft.patient_id, "statement", statement_id, title=f"Statement {draft.number}",
                on=draft.statement_date)
    if send:
        notify.notify_patient(load(draft.patient_id), "statement_ready", {"link": f"/#/billing/{statement_id}"})


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
        return len(value) == 10
    except ValueError:
        return False


def _error(row: int, name: str | None, message: str) -> dict:
    return {"row": row, "field": name, "message": message}
