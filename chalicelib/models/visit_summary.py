"""After-visit summaries. A draft is the clinician's alone (status "draft"); once
published it is visible to the patient at once unless a provider holds it (status
"held"; the hold itself is also recorded in models/hold.py for the report). An
amendment replaces the content and keeps the earlier one in `versions`."""
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
    status = UnicodeAttribute()  # draft | available | held
    author_id = UnicodeAttribute()
    author_name = UnicodeAttribute()
    created_at = UnicodeAttribute()
    hold_reason = UnicodeAttribute(null=True)
    held_by_name = UnicodeAttribute(null=True)
    held_at = UnicodeAttribute(null=True)
    released_at = UnicodeAttribute(null=True)
    released_by_name = UnicodeAttribute(null=True)
    appointment_id = UnicodeAttribute(null=True)  # the visit it was written for, if started from one
    updated_at = UnicodeAttribute(null=True)
    published_at = UnicodeAttribute(null=True)  # drafts: when it left draft (else created_at)
    amended_at = UnicodeAttribute(null=True)  # the newest amendment
    amended_by_name = UnicodeAttribute(null=True)
    amend_reason = UnicodeAttribute(null=True)
    # Earlier published versions, oldest first: each the content as the patient read it,
    # when it was published, and when/why/by whom it was replaced.
    versions = ListAttribute(default=list)
    attachments = ListAttribute(default=list)  # document ids (PDFs, through the documents mechanism)
