"""Message threads with the care team, in the patient's partition.

`inbox` ("<pool>#<state>", state waiting | answered | closed) and `inbox_sort`
put every thread in the staff inbox index: one Query per inbox page, oldest
waiting first, never a Scan. The thread id index answers "which patient" for
a reply by email (its signed address carries only the thread id).

Two sparse indexes keyed on attributes every write already keeps (so no write path
changes and none can race them): `waiting_since` and `due_at` exist exactly while a
thread waits for the care team (set by a patient message, removed by a staff answer and
by closing). `assigned-waiting-index` (assigned_to, waiting_since) holds the waiting
threads assigned to someone, by assignee, oldest first; `due-index` (pool, due_at) the
waiting threads of a pool by when they are due, so "overdue" is the key range
`due_at < now`: it grows with time without a write.
"""
from __future__ import annotations

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class InboxIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "inbox-index"
        projection = AllProjection()

    inbox = UnicodeAttribute(hash_key=True)  # "<pool>#<state>"
    inbox_sort = UnicodeAttribute(range_key=True)  # "<waiting since or last change>#<thread id>"


class ThreadIdIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "thread-id-index"
        projection = KeysOnlyProjection()

    thread_id = UnicodeAttribute(hash_key=True)


class AssignedWaitingIndex(GlobalSecondaryIndex):
    """Sparse: waiting threads assigned to a staff member (their Today), oldest waiting first."""

    class Meta:
        index_name = "assigned-waiting-index"
        projection = AllProjection()

    assigned_to = UnicodeAttribute(hash_key=True)
    waiting_since = UnicodeAttribute(range_key=True)


class DueIndex(GlobalSecondaryIndex):
    """Sparse: a pool's waiting threads by due time; overdue = `due_at < now`."""

    class Meta:
        index_name = "due-index"
        projection = AllProjection()

    pool = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class MessageThread(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("message-threads")

    patient_id = UnicodeAttribute(hash_key=True)
    thread_id = UnicodeAttribute(range_key=True)  # ids.sortable_id(): newest sorts last
    ref = UnicodeAttribute()  # "M-1042": what staff say on the phone and see in email subjects
    topic = UnicodeAttribute()
    pool = UnicodeAttribute()
    subject = UnicodeAttribute()  # PHI: never in a notification or a log
    about = MapAttribute(null=True)  # {"type": "visit-summary" | "appointment", "id": ...}
    status = UnicodeAttribute()  # open | closed
    seq = NumberAttribute(default=0)  # last message number; ADD 1 hands out the next, in order
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    created_by_name = UnicodeAttribute()
    last_message_at = UnicodeAttribute()
    waiting_since = UnicodeAttribute(null=True)  # first unanswered patient message; AssignedWaitingIndex
    due_at = UnicodeAttribute(null=True)  # waiting_since + the practice's target, in business hours; DueIndex
    first_response_at = UnicodeAttribute(null=True)
    first_response_seconds = NumberAttribute(null=True)  # business seconds to the first staff answer
    assigned_to = UnicodeAttribute(null=True)
    assigned_name = UnicodeAttribute(null=True)
    staff_count = NumberAttribute(default=0)  # staff messages the patient can see
    patient_seen = NumberAttribute(default=0)  # of those, how many the patient side has opened
    staff_read_seq = NumberAttribute(default=0)  # "Read by the care team" up to this message
    closed_at = UnicodeAttribute(null=True)
    reopened = NumberAttribute(default=0)  # a closed thread reopens once, within 7 days
    after_hours_for = UnicodeAttribute(null=True)  # the opening an auto-answer was given for
    escalated_at = UnicodeAttribute(null=True)
    inbox = UnicodeAttribute()
    inbox_sort = UnicodeAttribute()

    inbox_index = InboxIndex()
    thread_id_index = ThreadIdIndex()
    assigned_waiting_index = AssignedWaitingIndex()
    due_index = DueIndex()
