"""Taken time, one item per grid cell (provider, start): the exactly-once guard.

A booking writes every cell its visit covers with attribute_not_exists inside
the same TransactWrite as the appointment, so two bookings can never overlap,
whatever their lengths. Free time has no item; cancelling deletes the cells.
"""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class SlotCell(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("slots")

    provider_id = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)  # UTC iso() of the cell start
    appointment_id = UnicodeAttribute()
    patient_id = UnicodeAttribute()
