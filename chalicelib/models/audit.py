"""Append-only audit trail, partitioned by patient, sorted by time.

No code path updates or deletes these items; the IAM policy denies it too.
"""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class AuditEvent(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("audit")

    patient_id = UnicodeAttribute(hash_key=True)
    event_key = UnicodeAttribute(range_key=True)  # "<iso time>#<uuid>"
    at = UnicodeAttribute()
    actor_id = UnicodeAttribute()
    actor_name = UnicodeAttribute()
    actor_role = UnicodeAttribute()
    action = UnicodeAttribute()  # e.g. "read", "update", "create", "export"
    resource = UnicodeAttribute()  # e.g. "demographics", "proxy-grant"
    resource_id = UnicodeAttribute(null=True)
    request_id = UnicodeAttribute(null=True)
    source_ip = UnicodeAttribute(null=True)
    # Refusals only (partition "denials#<practice day>"): resource_id is the patient id asked for.
    outcome = UnicodeAttribute(null=True)  # not_found | forbidden
    route = UnicodeAttribute(null=True)  # "GET /patients/{patient_id}"
