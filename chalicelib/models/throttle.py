"""Attempt counters for public routes (guest pay), expiring by DynamoDB TTL."""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class Throttle(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("throttles")

    key = UnicodeAttribute(hash_key=True)  # "<purpose>:<subject>:<window start>"
    count = NumberAttribute(default=0)
    expires = TTLAttribute()  # the window's end; DynamoDB deletes the item after it
