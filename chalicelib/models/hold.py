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

    holds_by_year_index = HoldsByYearIndex()
