"""A clinician's own visit-summary templates (text to start a summary from)."""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class SummaryTemplate(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("summary-templates")

    owner_id = UnicodeAttribute(hash_key=True)  # the clinician's user id: nobody else's
    template_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    assessment = UnicodeAttribute(null=True)
    instructions = UnicodeAttribute(null=True)
    follow_up = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
