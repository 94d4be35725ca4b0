"""Practice information, one item per section ("settings", later locations, faq...)."""
from __future__ import annotations

from pynamodb.attributes import MapAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class PracticeSection(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("practice")

    section = UnicodeAttribute(hash_key=True)
    data = MapAttribute()
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute(null=True)
