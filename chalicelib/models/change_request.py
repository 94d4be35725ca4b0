"""Patient corrections and refill requests, waiting for a clinician's decision.

A pending request carries `queue = "pending"`, which puts it in the sparse
review-queue index; deciding removes the attribute and so takes it out.
"""
from __future__ import annotations

from pynamodb.attributes import MapAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class ReviewQueueIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "review-queue-index"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    request_id = UnicodeAttribute(range_key=True)  # sortable: oldest first


class ChangeRequest(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("change-requests")

    patient_id = UnicodeAttribute(hash_key=True)
    request_id = UnicodeAttribute(range_key=True)  # ids.sortable_id()
    type = UnicodeAttribute()  # correction | refill
    kind = UnicodeAttribute()  # the health summary section concerned
    action = UnicodeAttribute()  # add | change | retire | refill
    entry_id = UnicodeAttribute(null=True)
    entry_label = UnicodeAttribute(null=True)  # the entry's name when the request was made
    fields = MapAttribute(null=True)  # proposed values (add, change)
    note = UnicodeAttribute(null=True)  # the patient's own words
    status = UnicodeAttribute()  # pending | accepted | declined
    submitted_at = UnicodeAttribute()
    submitted_by = UnicodeAttribute()
    submitted_by_name = UnicodeAttribute()
    submitted_as = UnicodeAttribute()  # self | proxy
    decided_at = UnicodeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    decided_by_name = UnicodeAttribute(null=True)
    decision_note = UnicodeAttribute(null=True)
    applied_entry_id = UnicodeAttribute(null=True)
    # An accepted refill: how it reached the pharmacy (eprescribed | phoned | faxed) and the
    # pharmacy it went to, as on file at the decision (where the patient picks it up).
    sent_by = UnicodeAttribute(null=True)
    pharmacy = MapAttribute(null=True)
    queue = UnicodeAttribute(null=True)

    review_queue_index = ReviewQueueIndex()
