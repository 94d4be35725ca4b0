"""The Powertools idempotency table (booking POSTs with an Idempotency-Key).

Powertools reads and writes it itself (DynamoDBPersistenceLayer with its
default attribute names); this model only declares the table so provisioning
and the infra template create it like every other table. Not used for I/O.
"""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class IdempotencyRecord(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("idempotency")

    id = UnicodeAttribute(hash_key=True)
    # Powertools writes epoch seconds here; the table's TTL attribute (infra).
    expiration = NumberAttribute(null=True)
    status = UnicodeAttribute(null=True)
    data = UnicodeAttribute(null=True)
