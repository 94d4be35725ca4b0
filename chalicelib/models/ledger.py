"""The money ledger: append only, integer cents, one item per event that moved money.

Entry keys are deterministic ("<statement_id>#payment#<payment intent id>", ...), so
the same provider payment, refund or dispute can be written once only: a second
write fails its condition. Nothing updates or deletes an entry (the IAM policy
denies it, infra/tables.py APPEND_ONLY). A statement's balance is the sum of its entries.
"""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class PaymentIntentIndex(GlobalSecondaryIndex):
    """Refunds and disputes name the payment intent; this finds its patient and statement."""

    class Meta:
        index_name = "payment-intent-index"
        projection = AllProjection()

    payment_intent = UnicodeAttribute(hash_key=True)


class RecordedIndex(GlobalSecondaryIndex):
    """Every money entry by the practice month it was recorded in (the reconciliation export)."""

    class Meta:
        index_name = "recorded-index"
        projection = AllProjection()

    month = UnicodeAttribute(hash_key=True)  # "YYYY-MM" (UTC)
    recorded_at = UnicodeAttribute(range_key=True)


class LedgerEntry(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("ledger")

    patient_id = UnicodeAttribute(hash_key=True)
    entry_key = UnicodeAttribute(range_key=True)  # "<statement_id>#<kind>#<unique ref>"
    statement_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # charge | adjustment | payment | refund | refund_failed | dispute | dispute_won
    amount_cents = NumberAttribute()  # + owed by the patient, - paid to the practice
    recorded_at = UnicodeAttribute()
    month = UnicodeAttribute(null=True)  # set on provider entries only (RecordedIndex)
    payment_intent = UnicodeAttribute(null=True)
    provider_ref = UnicodeAttribute(null=True)  # refund / dispute / charge id at the provider
    event_id = UnicodeAttribute(null=True)  # the provider event that wrote it
    method = UnicodeAttribute(null=True)  # card | us_bank_account
    channel = UnicodeAttribute(null=True)  # portal | guest
    note = UnicodeAttribute(null=True)  # no PHI: "Statement version 2", ...
    statement_number = UnicodeAttribute(null=True)  # provider entries: for the reconciliation export
    mrn = UnicodeAttribute(null=True)

    payment_intent_index = PaymentIntentIndex()
    recorded_index = RecordedIndex()
