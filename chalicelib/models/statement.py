"""Patient statements, as the practice's billing system issued them (its current version).

The billing system is the source of truth: a re-import with changes becomes a new
version here (the previous one is kept in models/statement_version.py). Money lives in
models/ledger.py; `balance_cents` is the ledger's sum for this statement, kept in the
same transaction as every entry (services/billing/ledger.py), so lists need no sums.
"""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class NumberIndex(GlobalSecondaryIndex):
    """The billing system's statement number: import idempotency and staff search."""

    class Meta:
        index_name = "number-index"
        projection = KeysOnlyProjection()

    number = UnicodeAttribute(hash_key=True)


class GuestCodeIndex(GlobalSecondaryIndex):
    """The code printed on the paper statement, for guest pay."""

    class Meta:
        index_name = "guest-code-index"
        projection = KeysOnlyProjection()

    guest_code = UnicodeAttribute(hash_key=True)


class UnpaidIndex(GlobalSecondaryIndex):
    """Sparse: only statements with a balance carry `unpaid` ("open"); oldest first by date."""

    class Meta:
        index_name = "unpaid-index"
        projection = AllProjection()

    unpaid = UnicodeAttribute(hash_key=True)
    statement_date = UnicodeAttribute(range_key=True)


class Statement(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("statements")

    patient_id = UnicodeAttribute(hash_key=True)
    statement_id = UnicodeAttribute(range_key=True)  # ids.sortable_id(): newest last
    number = UnicodeAttribute()
    mrn = UnicodeAttribute()
    statement_date = UnicodeAttribute()  # ISO date
    due_date = UnicodeAttribute()  # ISO date
    version = NumberAttribute(default=1)
    lines = ListAttribute(default=list)  # plain dicts, amounts in cents (services/billing/csv_import.py)
    content_hash = UnicodeAttribute()  # what the billing system sent; an identical re-import is a no-op
    total_cents = NumberAttribute()  # patient responsibility on this version
    balance_cents = NumberAttribute(default=0)  # = sum of the statement's ledger entries
    unpaid = UnicodeAttribute(null=True)  # "open" while balance_cents > 0 (UnpaidIndex)
    guest_code = UnicodeAttribute()
    reminded_days = ListAttribute(null=True)  # reminder days already sent (services/billing/reminders.py)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    number_index = NumberIndex()
    guest_code_index = GuestCodeIndex()
    unpaid_index = UnpaidIndex()
