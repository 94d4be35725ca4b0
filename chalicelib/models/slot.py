"""Taken time, one item per grid cell (provider, start): the exactly-once guard.

A booking writes every cell its visit covers with attribute_not_exists inside
the same TransactWrite as the appointment, so two bookings can never overlap,
whatever their lengths. Free time has no item; cancelling deletes the cells.

`month` (the UTC month of the cell, "2026-12") puts every clinician's cells of a month
in one partition of month-cell-index: availability reads the taken time of all the
visit type's clinicians in one Query per month the window touches (issue 16).
"""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class MonthCellIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "month-cell-index"
        projection = AllProjection()

    month = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)


class SlotCell(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("slots")

    provider_id = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)  # UTC iso() of the cell start
    appointment_id = UnicodeAttribute()
    patient_id = UnicodeAttribute()
    month = UnicodeAttribute(null=True)  # start[:7]

    month_index = MonthCellIndex()

    @classmethod
    def taken(cls, provider_id: str, start: str, appointment_id: str, patient_id: str) -> "SlotCell":
        """The cell a booking writes."""
        return cls(provider_id, start, appointment_id=appointment_id, patient_id=patient_id, month=start[:7])
