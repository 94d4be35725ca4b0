"""Every HL7 message taken (not the rejected ones: those change nothing): the
idempotency record of its control id, the ACK it got, and, while its patient is
not matched, the message itself for the staff match queue."""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class MatchQueueIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "match-queue-index"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)  # "open" while unmatched; removed when resolved (sparse)
    received_at = UnicodeAttribute(range_key=True)


class LabMessage(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("lab-messages")

    message_key = UnicodeAttribute(hash_key=True)  # "<sending app>|<sending facility>|<control id>"
    message_id = UnicodeAttribute()  # random id for the match-queue routes
    control_id = UnicodeAttribute()
    received_at = UnicodeAttribute()
    received_by = UnicodeAttribute()  # interface account id or staff user id
    via = UnicodeAttribute()  # interface | upload
    outcome = UnicodeAttribute()  # stored | queued | matched | dismissed
    ack_code = UnicodeAttribute()
    ack_reason = UnicodeAttribute()
    patient_id = UnicodeAttribute(null=True)
    report_ids = ListAttribute(default=list)
    queue = UnicodeAttribute(null=True)
    queue_reason = UnicodeAttribute(null=True)  # why it did not match (no PHI: "birth date differs")
    sending_facility = UnicodeAttribute(null=True)
    raw = UnicodeAttribute(null=True)  # kept only while queued (PHI; KMS-encrypted table)
    resolved_by_name = UnicodeAttribute(null=True)
    resolved_at = UnicodeAttribute(null=True)
    resolution_note = UnicodeAttribute(null=True)  # why staff dismissed it (e.g. "not our patient; lab told")

    match_queue_index = MatchQueueIndex()
