"""Every hold a clinician placed on an item (visit summaries now, results later), for
the holds report. The item keeps its own "held" status; this is the log."""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class HoldsByYearIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "holds-by-year-index"
        projection = AllProjection()

    year = UnicodeAttribute(hash_key=True)  # held_at[:4]: one partition per year for the report
    held_at = UnicodeAttribute(range_key=True)


class HeldByIndex(GlobalSecondaryIndex):
    """Sparse: the holds a clinician placed and has not lifted (their Today), any year."""

    class Meta:
        index_name = "held-by-index"
        projection = AllProjection()

    holding = UnicodeAttribute(hash_key=True)  # held_by while the hold stands; removed when lifted
    held_at = UnicodeAttribute(range_key=True)


class Hold(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("holds")

    patient_id = UnicodeAttribute(hash_key=True)
    hold_key = UnicodeAttribute(range_key=True)  # "<resource>#<resource id>"
    resource = UnicodeAttribute()  # visit-summary (later lab-result...)
    resource_id = UnicodeAttribute()
    reason = UnicodeAttribute()
    held_by = UnicodeAttribute()
    held_by_name = UnicodeAttribute()
    held_at = UnicodeAttribute()
    year = UnicodeAttribute()
    released_at = UnicodeAttribute(null=True)
    released_by = UnicodeAttribute(null=True)
    released_by_name = UnicodeAttribute(null=True)
    holding = UnicodeAttribute(null=True)  # HeldByIndex

    holds_by_year_index = HoldsByYearIndex()
    held_by_index = HeldByIndex()
