"""The money ledger: append-only entries in integer cents; a statement's balance is their sum.

Each provider event is applied in one DynamoDB transaction of three items:
  1. the event id, written only if new (5 redeliveries of one event -> one write);
  2. the ledger entry, keyed by the provider's own id (payment intent, refund,
     dispute), written only if new (two events about one payment -> one entry);
  3. the statement's balance (the entries' sum), with a condition that it is the one we
     read, so concurrent entries for one statement never lose an update.
A failed condition on 1 or 2 means "already applied": nothing changes, the caller
answers 200 so the provider stops redelivering. A lost race on 3 is retried.
"""
from __future__ import annotations

import time

from pynamodb.exceptions import PutError, TransactWriteError

from chalicelib.errors import ConflictError
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.ledger import LedgerEntry
from chalicelib.models.payment_event import PaymentEvent
from chalicelib.models.statement import Statement

APPLIED, DUPLICATE = "applied", "duplicate"
PROVIDER_KINDS = ("payment", "refund", "refund_failed", "dispute", "dispute_won")
RETRIES = 8


def entry_key(statement_id: str, kind: str, ref: str) -> str:
    return f"{statement_id}#{kind}#{ref}"


def balance_actions(new_balance: int, now: str) -> list:
    """The statement's cached balance and its place in the unpaid list."""
    flag = Statement.unpaid.set("open") if new_balance > 0 else Statement.unpaid.remove()
    return [Statement.balance_cents.set(new_balance), Statement.updated_at.set(now), flag]


def provider_entry(statement: Statement, kind: str, ref: str, amount_cents: int, *, payment_intent: str,
                   event_id: str, method: str | None = None, channel: str | None = None) -> LedgerEntry:
    now = iso_now()
    return LedgerEntry(
        statement.patient_id, entry_key(statement.statement_id, kind, ref), statement_id=statement.statement_id,
        kind=kind, amount_cents=amount_cents, recorded_at=now, month=now[:7], payment_intent=payment_intent,
        provider_ref=ref, event_id=event_id, method=method, channel=channel, statement_number=statement.number,
        mrn=statement.mrn)


def apply(patient_id: str, statement_id: str, make_entry, event_id: str, event_type: str) -> str:
    """Append the entry `make_entry(statement)` builds, exactly once. Returns APPLIED or DUPLICATE."""
    for attempt in range(RETRIES):
        statement = Statement.get(patient_id, statement_id)
        entry = make_entry(statement)
        now = iso_now()
        new_balance = int(statement.balance_cents) + int(entry.amount_cents)
        try:
            with transact_write() as tx:
                tx.save(PaymentEvent(event_id, event_type=event_type, outcome=APPLIED, received_at=now,
                                     patient_id=patient_id),
                        condition=PaymentEvent.event_id.does_not_exist())
                tx.save(entry, condition=LedgerEntry.entry_key.does_not_exist())
                tx.update(statement, actions=balance_actions(new_balance, now),
                          condition=Statement.balance_cents == int(statement.balance_cents))
        except TransactWriteError as exc:
            codes = [getattr(reason, "code", None) for reason in (exc.cancellation_reasons or [])]
            if "ConditionalCheckFailed" in codes[:2]:
                return DUPLICATE
            time.sleep(0.02 * (attempt + 1))  # balance race or TransactionConflict: read again
            continue
        return APPLIED
    raise ConflictError("The statement is busy. Try again.")


def record_ignored(event_id: str, event_type: str) -> None:
    """An event we do not act on, remembered so a redelivery is answered at once."""
    try:
        PaymentEvent(event_id, event_type=event_type, outcome="ignored", received_at=iso_now()).save(
            condition=PaymentEvent.event_id.does_not_exist())
    except PutError:  # already remembered: same answer
        pass


def already_seen(event_id: str) -> bool:
    try:
        PaymentEvent.get(event_id)
        return True
    except PaymentEvent.DoesNotExist:
        return False


def entries(patient_id: str, statement_id: str | None = None, limit: int = 200) -> list[LedgerEntry]:
    """A statement's entries (or the patient's), oldest first: one Query."""
    condition = LedgerEntry.entry_key.startswith(f"{statement_id}#") if statement_id else None
    found = list(LedgerEntry.query(patient_id, range_key_condition=condition, limit=limit))
    return sorted(found, key=lambda e: e.recorded_at)  # keys group by kind; people read by time


def receipt_number(intent: str) -> str:
    """A short reference for the receipt (email and portal): the payment intent's last characters."""
    return "R-" + intent[-10:].upper()


def entry_dict(entry: LedgerEntry) -> dict:
    return {"kind": entry.kind, "amount_cents": int(entry.amount_cents), "recorded_at": entry.recorded_at,
            "statement_id": entry.statement_id, "method": entry.method, "channel": entry.channel,
            "note": entry.note,
            "receipt_number": receipt_number(entry.payment_intent) if entry.kind == "payment" else None}
