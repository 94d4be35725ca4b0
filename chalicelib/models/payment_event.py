"""Provider webhook events already applied: the first of N deliveries wins, by condition."""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class PaymentEvent(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("payment-events")

    event_id = UnicodeAttribute(hash_key=True)
    event_type = UnicodeAttribute()
    outcome = UnicodeAttribute()  # applied | ignored
    received_at = UnicodeAttribute()
    patient_id = UnicodeAttribute(null=True)
