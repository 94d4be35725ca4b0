"""Inbound mail already acted on, by Message-ID: a replayed reply changes nothing."""
from __future__ import annotations

from pynamodb.attributes import TTLAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class InboundMessage(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("inbound-messages")

    message_id = UnicodeAttribute(hash_key=True)  # the mail's Message-ID header
    received_at = UnicodeAttribute()
    workflow = UnicodeAttribute()
    object_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    outcome = UnicodeAttribute(default="processing")  # processing | done | refused
    purge_at = TTLAttribute(null=True)
