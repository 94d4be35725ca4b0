"""One message of a thread (patient, staff, internal note or the portal's auto-answer).

The range key is "<thread id>#<seq>" with seq handed out by the thread's atomic
counter: a thread page is one Query, in the order messages were accepted.
"""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class Message(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("messages")

    patient_id = UnicodeAttribute(hash_key=True)
    message_key = UnicodeAttribute(range_key=True)  # "<thread id>#<seq, 6 digits>"
    thread_id = UnicodeAttribute()
    seq = NumberAttribute()
    kind = UnicodeAttribute()  # message | note (staff only) | auto (after-hours answer)
    side = UnicodeAttribute()  # patient | staff | system
    author_id = UnicodeAttribute()
    author_name = UnicodeAttribute()
    on_behalf_of = UnicodeAttribute(null=True)  # a proxy writes as themself "for" the patient
    body = UnicodeAttribute()  # PHI: never in a notification or a log
    document_ids = ListAttribute(of=UnicodeAttribute, default=list)
    via = UnicodeAttribute(null=True)  # portal | email
    created_at = UnicodeAttribute()
