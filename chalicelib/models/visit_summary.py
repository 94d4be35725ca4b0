"""After-visit summaries. Visible to the patient at once unless a provider holds one
(status "held"); the hold itself is also recorded in models/hold.py for the report."""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class VisitSummary(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("visit-summaries")

    patient_id = UnicodeAttribute(hash_key=True)
    summary_id = UnicodeAttribute(range_key=True)  # ids.sortable_id(): newest last
    visit_date = UnicodeAttribute()  # ISO date
    provider_name = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    assessment = UnicodeAttribute(null=True)
    instructions = UnicodeAttribute(null=True)
    follow_up = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # available | held
    author_id = UnicodeAttribute()
    author_name = UnicodeAttribute()
    created_at = UnicodeAttribute()
    hold_reason = UnicodeAttribute(null=True)
    held_by_name = UnicodeAttribute(null=True)
    held_at = UnicodeAttribute(null=True)
    released_at = UnicodeAttribute(null=True)
    released_by_name = UnicodeAttribute(null=True)
    attachments = ListAttribute(default=list)  # document ids (PDFs, through the documents mechanism)
