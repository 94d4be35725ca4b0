"""The provider's signed events: the only way money enters the ledger.

Verified with the endpoint secret (stale or forged events refused, 400), then applied
exactly once (services/billing/ledger.py): payments from completed Checkout Sessions
(at once for cards, on `async_payment_succeeded` for bank debits), and refunds and
disputes made in the provider's dashboard, each as its own ledger entry.
"""
from __future__ import annotations

from chalicelib import audit
from chalicelib.errors import InvalidError
from chalicelib.models.ledger import LedgerEntry
from chalicelib.observability import logger
from chalicelib.services.billing import ledger, provider


def receive(payload: bytes, signature: str | None) -> dict:
    try:
        event = provider.verify_event(payload, signature or "")
    except ValueError:
        logger.warning("payment webhook refused: bad or stale signature")
        raise InvalidError("The event signature is not valid.", field="Stripe-Signature") from None
    event_id, kind = event["id"], event["type"]
    if ledger.already_seen(event_id):
        return {"received": True, "outcome": ledger.DUPLICATE}
    obj = event["data"]["object"]
    handler = HANDLERS.get(kind)
    outcomes = handler(event_id, kind, obj) if handler else []
    if not outcomes:
        ledger.record_ignored(event_id, kind)
    logger.info("payment webhook", extra={"event_id": event_id, "event_type": kind, "outcomes": outcomes})
    return {"received": True, "outcome": ",".join(outcomes) or "ignored"}


def _session_paid(event_id: str, kind: str, session: dict) -> list[str]:
    if session.get("payment_status") != "paid":
        return []  # a bank debit still processing: async_payment_succeeded will follow
    meta = session.get("metadata") or {}
    patient_id, statement_id, intent = meta.get("patient_id"), meta.get("statement_id"), session.get("payment_intent")
    if not (patient_id and statement_id and intent):
        logger.warning("payment webhook without portal metadata", extra={"event_id": event_id})
        return []
    method = "us_bank_account" if kind == "checkout.session.async_payment_succeeded" else "card"

    def entry(statement):
        return ledger.provider_entry(statement, "payment", intent, -int(session["amount_total"]),
                                     payment_intent=intent, event_id=event_id, method=method,
                                     channel=meta.get("channel"))

    outcome = ledger.apply(patient_id, statement_id, entry, event_id, kind)
    if outcome == ledger.APPLIED:
        audit.record(None, patient_id, "create", "payment", statement_id)
        _send_receipt(patient_id, intent)
        from chalicelib.services.adoption import events

        events.payment(int(session["amount_total"]), online=True)
    return [outcome]


def _refunded(event_id: str, kind: str, charge: dict) -> list[str]:
    paid = _payment_of(charge.get("payment_intent"))
    if paid is None:
        return []
    outcomes = []
    for refund in (charge.get("refunds") or {}).get("data", []):
        if refund.get("status") not in ("succeeded", "pending"):
            continue

        def entry(statement, refund=refund):
            return ledger.provider_entry(statement, "refund", refund["id"], int(refund["amount"]),
                                         payment_intent=paid.payment_intent, event_id=event_id)

        # One event may list earlier refunds too: each refund's own id keeps it to one entry.
        outcomes.append(ledger.apply(paid.patient_id, paid.statement_id, entry, f"{event_id}#{refund['id']}", kind))
    return outcomes


def _refund_event(event_id: str, kind: str, refund: dict) -> list[str]:
    """refund.created (the money goes back) and refund.failed (it did not: the refund is undone).
    Since API version 2022-11-15 a charge.refunded event no longer lists its refunds, so these
    are the events to subscribe to; charge.refunded is still read when it does list them."""
    paid = _payment_of(refund.get("payment_intent"))
    if paid is None:
        return []
    if kind == "refund.created" and refund.get("status") in ("succeeded", "pending"):
        entry_kind, amount = "refund", int(refund["amount"])
    elif kind == "refund.failed":
        entry_kind, amount = "refund_failed", -int(refund["amount"])
    else:
        return []

    def entry(statement):
        return ledger.provider_entry(statement, entry_kind, refund["id"], amount,
                                     payment_intent=paid.payment_intent, event_id=event_id)

    return [ledger.apply(paid.patient_id, paid.statement_id, entry, event_id, kind)]


def _dispute(event_id: str, kind: str, dispute: dict) -> list[str]:
    paid = _payment_of(dispute.get("payment_intent"))
    if paid is None:
        return []
    if kind == "charge.dispute.created":
        entry_kind, amount = "dispute", int(dispute["amount"])  # the money went back to the payer
    elif dispute.get("status") == "won":
        entry_kind, amount = "dispute_won", -int(dispute["amount"])  # and came back to the practice
    else:
        return []

    def entry(statement):
        return ledger.provider_entry(statement, entry_kind, dispute["id"], amount,
                                     payment_intent=paid.payment_intent, event_id=event_id)

    return [ledger.apply(paid.patient_id, paid.statement_id, entry, event_id, kind)]


def _payment_of(intent: str | None) -> LedgerEntry | None:
    if not intent:
        return None
    for found in LedgerEntry.payment_intent_index.query(intent, limit=10):
        if found.kind == "payment":
            return found
    logger.warning("payment webhook for an unknown payment", extra={"payment_intent": intent})
    return None


def _send_receipt(patient_id: str, intent: str) -> None:
    from chalicelib import notify
    from chalicelib.services.patients import load

    notify.notify_patient(load(patient_id), "payment_received",
                          {"receipt_number": ledger.receipt_number(intent), "link": "/#/billing"})


HANDLERS = {
    "checkout.session.completed": _session_paid,
    "checkout.session.async_payment_succeeded": _session_paid,
    "charge.refunded": _refunded,
    "refund.created": _refund_event,
    "refund.failed": _refund_event,
    "charge.dispute.created": _dispute,
    "charge.dispute.closed": _dispute,
}
