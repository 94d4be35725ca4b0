"""What patients and billing staff read: statement lists, one statement (its PDF is made by
the export worker: services/exports), the balance on the home, and the staff lists (unpaid by age, search by number or patient)."""
from __future__ import annotations

from datetime import date

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, may, require
from chalicelib.errors import InvalidError, NotFoundError
from chalicelib.ids import looks_like_id
from chalicelib.models.statement import Statement
from chalicelib.pagination import decode_cursor, encode_cursor
from chalicelib.services.billing import ledger

HOME_LIMIT = 100


def load(patient_id: str, statement_id: str) -> Statement:
    if not looks_like_id(statement_id):
        raise NotFoundError("Statement not found.")
    try:
        return Statement.get(patient_id, statement_id)
    except Statement.DoesNotExist:
        raise NotFoundError("Statement not found.") from None


def summary(statement: Statement, today: date | None = None) -> dict:
    """The list view of a statement (no lines)."""
    from chalicelib import clock

    today = today or clock.today()
    balance = int(statement.balance_cents)
    status = "paid" if balance <= 0 else ("overdue" if statement.due_date < today.isoformat() else "open")
    return {"statement_id": statement.statement_id, "patient_id": statement.patient_id,
            "number": statement.number, "statement_date": statement.statement_date,
            "due_date": statement.due_date, "total_cents": int(statement.total_cents), "balance_cents": balance,
            "status": status, "version": int(statement.version)}


def list_for_patient(caller: Caller, patient_id: str, limit: int, cursor: str | None) -> dict:
    """Newest first, paginated; the balance due over all of them comes with the first page."""
    authorize_patient(caller, patient_id, "billing.read")
    scope = f"statements:{patient_id}"
    result = Statement.query(patient_id, scan_index_forward=False, limit=limit,
                             last_evaluated_key=decode_cursor(cursor, scope))
    items = [summary(s) for s in result]
    audit.record(caller, patient_id, "read", "statement")
    return {"items": items, "cursor": encode_cursor(result.last_evaluated_key, scope)}


def get(caller: Caller, patient_id: str, statement_id: str) -> dict:
    """One statement: its lines, its ledger (charges, payments, refunds, disputes), its history."""
    authorize_patient(caller, patient_id, "billing.read")
    statement = load(patient_id, statement_id)
    entries = ledger.entries(patient_id, statement_id)
    audit.record(caller, patient_id, "read", "statement", statement_id)
    if not caller.is_staff:
        from chalicelib.services import home

        home.clear(patient_id, "statement", statement_id)
    out = summary(statement)
    out.update(lines=[dict(line) for line in statement.lines], entries=[ledger.entry_dict(e) for e in entries],
               paid_cents=-sum(int(e.amount_cents) for e in entries if e.kind == "payment"),
               ledger_balance_cents=sum(int(e.amount_cents) for e in entries))
    if caller.is_staff:
        out["guest_code"] = statement.guest_code
    return out


def list_payments(caller: Caller, patient_id: str) -> dict:
    """Payments (with receipt numbers), refunds and disputes, newest first: one Query."""
    authorize_patient(caller, patient_id, "billing.read")
    money = [e for e in ledger.entries(patient_id, limit=500) if e.kind in ledger.PROVIDER_KINDS]
    money.sort(key=lambda e: e.recorded_at, reverse=True)
    audit.record(caller, patient_id, "read", "payment")
    return {"items": [ledger.entry_dict(e) for e in money]}


def balance_for_home(caller: Caller, patient_id: str) -> dict | None:
    """The home's "balance due": one Query over the patient's statements."""
    if not may(caller, patient_id, "billing.read"):
        return None
    open_items = [s for s in Statement.query(patient_id, limit=HOME_LIMIT,
                                              attributes_to_get=["balance_cents", "due_date", "statement_id"])
                  if int(s.balance_cents or 0) > 0]
    if not open_items:
        return {"balance_cents": 0, "open_statements": 0, "next_due_date": None}
    return {"balance_cents": sum(int(s.balance_cents) for s in open_items), "open_statements": len(open_items),
            "next_due_date": min(s.due_date for s in open_items)}


# ---- billing staff ----------------------------------------------------------


def staff_list(caller: Caller, *, number: str | None = None, mrn: str | None = None,
               limit: int = 25, cursor: str | None = None) -> dict:
    """By number, by patient (MRN), or every unpaid statement oldest first (by age)."""
    require(caller, "statements.search")
    from chalicelib import clock

    today = clock.today()
    if number:
        keys = list(Statement.number_index.query(number.strip(), limit=5))
        found = [Statement.get(k.patient_id, k.statement_id) for k in keys]
        return _staff_page(caller, found, None, today)
    if mrn:
        from chalicelib.models.patient import Patient

        patient = next(iter(Patient.mrn_index.query(mrn.strip(), limit=1)), None)
        if patient is None:
            return {"items": [], "cursor": None}
        scope = f"statements:staff:{patient.patient_id}"
        result = Statement.query(patient.patient_id, scan_index_forward=False, limit=limit,
                                 last_evaluated_key=decode_cursor(cursor, scope))
        return _staff_page(caller, list(result), encode_cursor(result.last_evaluated_key, scope), today)
    scope = "statements:unpaid"
    result = Statement.unpaid_index.query("open", limit=limit, last_evaluated_key=decode_cursor(cursor, scope))
    return _staff_page(caller, list(result), encode_cursor(result.last_evaluated_key, scope), today)


def _staff_page(caller: Caller, found: list[Statement], cursor: str | None, today: date) -> dict:
    items = []
    for statement in found:
        item = summary(statement, today)
        item.update(mrn=statement.mrn, age_days=(today - date.fromisoformat(statement.statement_date)).days)
        item["age_bucket"] = _bucket(item["age_days"])
        items.append(item)
    audit.record_many(caller, [(s.patient_id, "search", "statement", s.statement_id) for s in found])
    return {"items": items, "cursor": cursor}


def _bucket(days: int) -> str:
    for limit, label in ((30, "0-30"), (60, "31-60"), (90, "61-90")):
        if days <= limit:
            return label
    return "over 90"


def check_search(number: str | None, mrn: str | None) -> None:
    if number and mrn:
        raise InvalidError("Search by number or by mrn, not both.", field="number")
