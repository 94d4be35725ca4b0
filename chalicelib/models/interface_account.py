"""Machine credentials for integrations (lab interfaces, billing systems): created and
rotated by an admin, each scoped to one route family, audited as itself."""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class InterfaceAccount(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("interface-accounts")

    scope = UnicodeAttribute(hash_key=True)  # the route family: results (later billing...)
    account_id = UnicodeAttribute(range_key=True)  # "<scope>-<random>"
    name = UnicodeAttribute()
    secret_hash = UnicodeAttribute()  # HMAC-SHA256 of the secret; the secret is shown once
    previous_hash = UnicodeAttribute(null=True)  # still accepted until previous_valid_until
    previous_valid_until = NumberAttribute(null=True)  # epoch seconds
    status = UnicodeAttribute(default="active")  # active | disabled
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    rotated_at = UnicodeAttribute(null=True)
