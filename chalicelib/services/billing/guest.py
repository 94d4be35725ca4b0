"""Guest pay: pay a statement without signing in, with the code printed on the paper
statement and the patient's birth date (the same two things the paper gives).

Throttled with DynamoDB counters that expire by TTL (models/throttle.py): wrong answers
per statement code, and attempts per address. Every attempt on a real code is in the
patient's access log ("Guest payer tried to open statement (guest pay)"). A guest sees the
statement number, dates and amounts only: no name, no services.
"""
from __future__ import annotations

import hmac
import re
from datetime import datetime, timezone

from chalicelib import audit, clock
from chalicelib.auth import Caller
from chalicelib.errors import TooManyRequestsError, UnprocessableError
from chalicelib.models.patient import Patient
from chalicelib.models.statement import Statement
from chalicelib.models.throttle import Throttle
from chalicelib.services.billing import checkout

WINDOW_SECONDS = 3600
WRONG_PER_CODE = 5  # wrong birth dates for one code in a window
ATTEMPTS_PER_ADDRESS = 60  # lookups and checkouts from one address in a window
CODE = re.compile(r"^[A-Z0-9]{5}-?[A-Z0-9]{5}$")
NOT_FOUND = "The statement code and birth date do not match a statement. Check both on your paper statement."


def guest_caller(source_ip: str | None, request_id: str | None) -> Caller:
    return Caller(user_id="guest", email="", display_name="Guest payer", roles=frozenset({"guest"}),
                  request_id=request_id, source_ip=source_ip)


def lookup(code: str, birth_date: str, source_ip: str | None, request_id: str | None = None) -> dict:
    statement = _verified(code, birth_date, source_ip, request_id, "read")
    balance = int(statement.balance_cents)
    return {"statement_number": statement.number, "statement_date": statement.statement_date,
            "due_date": statement.due_date, "total_cents": int(statement.total_cents), "balance_cents": balance,
            "status": "paid" if balance <= 0 else "open"}


def start_checkout(code: str, birth_date: str, amount_cents: int | None, idempotency_key: str | None,
                   source_ip: str | None, request_id: str | None = None) -> dict:
    key = checkout.check_key(idempotency_key)
    statement = _verified(code, birth_date, source_ip, request_id, "pay")
    return checkout.open_session(statement, amount_cents, channel="guest", key=f"guest:{statement.guest_code}:{key}",
                                 return_path="#/guest-pay")


def _verified(code: str, birth_date: str, source_ip: str | None, request_id: str | None, action: str) -> Statement:
    window = int(clock.epoch()) // WINDOW_SECONDS
    _count(f"guest-ip:{source_ip or 'unknown'}:{window}", window, ATTEMPTS_PER_ADDRESS)
    code = normalize(code)
    if not CODE.match(code):
        raise UnprocessableError(NOT_FOUND, field="code")
    wrong_key = f"guest-code:{code}:{window}"
    if _current(wrong_key) >= WRONG_PER_CODE:
        raise TooManyRequestsError("Too many tries for this statement code. Try again in an hour, or call the "
                                   "practice.", field="code")
    statement = _by_code(code)
    patient = Patient.get(statement.patient_id) if statement else None
    who = guest_caller(source_ip, request_id)
    if statement is None or not hmac.compare_digest(patient.birth_date, birth_date):
        if statement is not None:
            audit.record(who, statement.patient_id, "attempt", "guest-pay", statement.statement_id)
        _count(wrong_key, window, None)
        raise UnprocessableError(NOT_FOUND, field="birth_date")
    audit.record(who, statement.patient_id, action, "guest-pay", statement.statement_id)
    return statement


def normalize(code: str) -> str:
    """As printed (ABCDE-FGHJK), typed in lower case, with spaces or without the dash."""
    raw = re.sub(r"[\s-]", "", (code or "").upper())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == 10 else raw


def _by_code(code: str) -> Statement | None:
    key = next(iter(Statement.guest_code_index.query(code, limit=1)), None)
    return Statement.get(key.patient_id, key.statement_id) if key else None


def _current(key: str) -> int:
    try:
        return int(Throttle.get(key).count or 0)
    except Throttle.DoesNotExist:
        return 0


def _count(key: str, window: int, limit: int | None) -> None:
    """Add one attempt (UpdateItem ADD: no read first); over `limit` answers 429."""
    item = Throttle(key)
    ends = datetime.fromtimestamp((window + 1) * WINDOW_SECONDS, tz=timezone.utc)
    item.update(actions=[Throttle.count.add(1), Throttle.expires.set(ends)])
    if limit is not None and int(item.count) > limit:
        raise TooManyRequestsError("Too many tries from this address. Try again in an hour.")
