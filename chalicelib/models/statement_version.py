"""Superseded versions of a statement: history is kept when the billing system re-issues one."""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class StatementVersion(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("statement-versions")

    patient_id = UnicodeAttribute(hash_key=True)
    version_key = UnicodeAttribute(range_key=True)  # "<statement_id>#<version, 4 digits>"
    statement_id = UnicodeAttribute()
    version = NumberAttribute()
    number = UnicodeAttribute()
    statement_date = UnicodeAttribute()
    due_date = UnicodeAttribute()
    lines = ListAttribute(default=list)
    total_cents = NumberAttribute()
    content_hash = UnicodeAttribute()
    superseded_at = UnicodeAttribute()
