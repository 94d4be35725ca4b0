"""The waitlist for earlier slots (issue 17, item 4): who asked, in order, and the offers.

WaitlistEntry: one per visit that asks for an earlier time, in its visit type's
partition, range key "<asked at>#<appointment id>": a Query gives the first who asked
first. WaitlistOffer: in the patient's partition (the compartment rule), one per offered
slot and visit; slot-index finds every offer of one slot (tell the others it is gone).
"""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class WaitlistEntry(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("waitlist")

    visit_type_id = UnicodeAttribute(hash_key=True)
    asked = UnicodeAttribute(range_key=True)  # "<iso asked at>#<appointment id>"
    patient_id = UnicodeAttribute()
    appointment_id = UnicodeAttribute()
    before = UnicodeAttribute()  # the visit's start: only earlier slots are offered


class SlotOfferIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "slot-index"
        projection = AllProjection()

    slot_key = UnicodeAttribute(hash_key=True)  # "<provider id>#<start>"
    offer_id = UnicodeAttribute(range_key=True)


class WaitlistOffer(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("waitlist-offers")

    patient_id = UnicodeAttribute(hash_key=True)
    offer_id = UnicodeAttribute(range_key=True)
    appointment_id = UnicodeAttribute()  # the visit that moves if accepted
    visit_type_id = UnicodeAttribute()
    provider_id = UnicodeAttribute()
    start = UnicodeAttribute()
    end = UnicodeAttribute()
    slot_key = UnicodeAttribute()
    status = UnicodeAttribute()  # open | accepted | gone | declined ("No thanks") | withdrawn (left the list)
    expires_at = UnicodeAttribute()
    created_at = UnicodeAttribute()

    slot_index = SlotOfferIndex()
