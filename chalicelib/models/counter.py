"""Atomic counters (MRN sequence)."""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class Counter(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("counters")

    name = UnicodeAttribute(hash_key=True)
    value = NumberAttribute(default=0)


def next_value(name: str) -> int:
    """Atomically increment and return the counter (UpdateItem ADD, no read first)."""
    item = Counter(name)
    item.update(actions=[Counter.value.add(1)])
    return int(item.value)
