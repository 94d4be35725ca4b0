"""Scheduling setup: visit types, provider hours, holidays, settings, blocked time.

Two partitions so availability reads them in two queries whatever the practice
size: "config" (visit-type#<id>, provider#<user id>, holiday#<date>, settings:
small, read whole) and "block" (vacations and blocked time, range key
"<end, compact UTC>-<id>" so a query for blocks ending after a moment skips the past).
"""
from __future__ import annotations

from pynamodb.attributes import MapAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel

CONFIG = "config"
BLOCK = "block"


class SchedulingItem(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("scheduling")

    kind = UnicodeAttribute(hash_key=True)  # config | block
    key = UnicodeAttribute(range_key=True)
    data = MapAttribute()
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute(null=True)
