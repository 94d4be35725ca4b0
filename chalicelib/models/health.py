"""Health summary entries: problems, medications, allergies, immunizations, surgical,
family and social history. One item per entry in the patient's partition.

`kind` names the section (services/health_kinds.py maps each to its FHIR resource
and status codes); `data` holds the section's fields. Entries are never deleted:
retiring one sets `retired_at` and a FHIR status, and every change appends the
previous values to `history`.

Current entries are listed by key (issue 16): `active_entry` (= entry_id) exists only
while the entry is not retired, so the sparse active-entry-index holds exactly the
current summary and a Query by kind prefix on it never reads a retired entry.
"""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class ActiveEntryIndex(GlobalSecondaryIndex):
    """Sparse: the patient's current (not retired) entries, by entry id (kind prefix first)."""

    class Meta:
        index_name = "active-entry-index"
        projection = AllProjection()

    patient_id = UnicodeAttribute(hash_key=True)
    active_entry = UnicodeAttribute(range_key=True)


class HealthEntry(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("health-entries")

    patient_id = UnicodeAttribute(hash_key=True)
    entry_id = UnicodeAttribute(range_key=True)  # "<kind prefix>-<random>": a Query by prefix lists one kind
    kind = UnicodeAttribute()  # conditions | medications | allergies | immunizations | procedures | ...
    status = UnicodeAttribute()  # the FHIR status code of the kind
    data = MapAttribute()
    recorded_at = UnicodeAttribute()
    recorded_by = UnicodeAttribute()
    recorded_by_name = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    updated_by_name = UnicodeAttribute()
    # Set when the entry came from (or was last changed by) an accepted patient request.
    reported_by = UnicodeAttribute(null=True)
    reported_by_name = UnicodeAttribute(null=True)
    request_id = UnicodeAttribute(null=True)
    retired_at = UnicodeAttribute(null=True)
    retired_by = UnicodeAttribute(null=True)
    retired_by_name = UnicodeAttribute(null=True)
    retired_reason = UnicodeAttribute(null=True)
    # A pending refill request for this medication (one at a time).
    pending_refill = UnicodeAttribute(null=True)
    last_refill_at = UnicodeAttribute(null=True)
    version = NumberAttribute(default=1)
    history = ListAttribute(default=list)  # [{at, by_name, action, previous?, request_id?, reported_by_name?}]
    active_entry = UnicodeAttribute(null=True)  # = entry_id until retired (the sparse index key)

    active_entry_index = ActiveEntryIndex()
