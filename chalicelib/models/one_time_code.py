"""Single-use codes (invitations, password resets). Only the code's hash is stored."""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class OneTimeCode(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("one-time-codes")

    code_hash = UnicodeAttribute(hash_key=True)
    purpose = UnicodeAttribute()  # invitation | password_reset
    email = UnicodeAttribute()
    patient_id = UnicodeAttribute(null=True)
    user_id = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute(null=True)
    expires_at = NumberAttribute()  # epoch seconds: checked by the code, not by TTL
    used_at = UnicodeAttribute(null=True)
    failed_attempts = NumberAttribute(default=0)
    purge_at = TTLAttribute(null=True)  # DynamoDB deletes long-dead codes
