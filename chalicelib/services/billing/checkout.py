"""Paying a statement: a hosted payment page for the full balance or a part of it.

Nothing is recorded here: the money is recorded from the provider's signed webhook
(services/billing/webhook.py), never from the browser's return. A retried request with
the same Idempotency-Key gets the same payment page (the provider's idempotency).
"""
from __future__ import annotations

import re

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient
from chalicelib.config import get_settings
from chalicelib.errors import InvalidError, UnprocessableError
from chalicelib.services.billing import provider, statements
from chalicelib.services.billing.money import dollars

MINIMUM_CENTS = 50  # the provider's smallest charge in USD
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,100}$")


def check_key(key: str | None) -> str:
    if not key or not IDEMPOTENCY_KEY.match(key):
        raise InvalidError("Send an Idempotency-Key header (8-100 letters, digits, - or _) so a retry "
                           "cannot start a second payment.", field="Idempotency-Key")
    return key


def start(caller: Caller, patient_id: str, statement_id: str, amount_cents: int | None,
          idempotency_key: str | None) -> dict:
    """Signed in: the patient or a full proxy pays one of the patient's statements."""
    authorize_patient(caller, patient_id, "billing.pay")
    key = check_key(idempotency_key)
    statement = statements.load(patient_id, statement_id)
    session = open_session(statement, amount_cents, channel="portal",
                           key=f"portal:{caller.user_id}:{key}", return_path="#/billing")
    audit.record(caller, patient_id, "pay", "payment", statement_id)
    return session


def open_session(statement, amount_cents: int | None, *, channel: str, key: str, return_path: str) -> dict:
    balance = int(statement.balance_cents)
    if balance <= 0:
        raise UnprocessableError("This statement has nothing left to pay.", field="statement_id")
    amount = balance if amount_cents is None else int(amount_cents)
    if not MINIMUM_CENTS <= amount <= balance:
        raise UnprocessableError(f"amount_cents must be between {dollars(MINIMUM_CENTS)} and the balance, "
                                 f"{dollars(balance)}.", field="amount_cents")
    portal = get_settings().portal_url
    from chalicelib.services.practice import current_settings

    session = provider.create_checkout_session(
        amount_cents=amount,
        # What the payer sees on the payment page and their card statement: no service, no name.
        description=f"{current_settings().get('name', 'Medical practice')}, statement {statement.number}",
        metadata={"patient_id": statement.patient_id, "statement_id": statement.statement_id, "channel": channel},
        success_url=f"{portal}/{return_path}?paid={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{portal}/{return_path}?cancelled=1",
        idempotency_key=key)
    return {"checkout_url": session["url"], "session_id": session["id"], "amount_cents": amount}
