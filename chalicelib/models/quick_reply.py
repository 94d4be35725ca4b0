"""Quick-reply templates: practice-wide (owner "practice") or one staff member's own."""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class QuickReply(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("quick-replies")

    owner = UnicodeAttribute(hash_key=True)  # "practice" or a staff user id
    reply_id = UnicodeAttribute(range_key=True)
    title = UnicodeAttribute()
    text = UnicodeAttribute()  # may hold {first_name}, {practice_phone}, {practice_name}, {my_name}
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
