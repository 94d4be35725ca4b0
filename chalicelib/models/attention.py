"""What needs the patient's attention on the home page: one item per new thing,
written when it happens and removed when the patient has seen it. The home page
reads them all with one Query (services/home.py)."""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class AttentionItem(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("attention")

    patient_id = UnicodeAttribute(hash_key=True)
    item_key = UnicodeAttribute(range_key=True)  # "<kind>:<resource id>": one per thing, re-noticing is idempotent
    kind = UnicodeAttribute()  # visit-summary | request-decided | (later) message, result, statement...
    resource_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    # What is new ("Visit summary from Dr. Wei Chen": who and what kind, no clinical words) and
    # the day it concerns (ISO date), so two items of a kind do not read the same.
    title = UnicodeAttribute(null=True)
    on = UnicodeAttribute(null=True)
