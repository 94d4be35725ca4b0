"""Patient demographics: the root of the patient compartment (hash key patient_id)."""
from __future__ import annotations

from pynamodb.attributes import MapAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class MrnIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "mrn-index"
        projection = AllProjection()

    mrn = UnicodeAttribute(hash_key=True)


class BirthDateIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "birth-date-index"
        projection = AllProjection()

    birth_date = UnicodeAttribute(hash_key=True)
    name_key = UnicodeAttribute(range_key=True)


class InviteQueueIndex(GlobalSecondaryIndex):
    """Sparse: patients with no portal invitation yet (the front desk's Today). `invite_queue`
    is set when the patient is registered and removed by the first invitation or account."""

    class Meta:
        index_name = "invite-queue-index"
        projection = AllProjection()

    invite_queue = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class PhoneIndex(GlobalSecondaryIndex):
    """SMS replies (STOP, START, HELP) arrive with the sender's number only (E.164)."""

    class Meta:
        index_name = "phone-index"
        projection = AllProjection()

    phone = UnicodeAttribute(hash_key=True)


class Patient(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("patients")

    patient_id = UnicodeAttribute(hash_key=True)
    mrn = UnicodeAttribute()
    given_name = UnicodeAttribute()
    family_name = UnicodeAttribute()
    birth_date = UnicodeAttribute()  # ISO date
    sex = UnicodeAttribute()  # FHIR administrative gender
    email = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)
    address = MapAttribute(null=True)
    preferences = MapAttribute(null=True)  # {"email": bool, "sms": bool}
    pharmacy = MapAttribute(null=True)  # preferred pharmacy: {"name", "phone", "address"} (services/pharmacy.py)
    account_status = UnicodeAttribute(default="none")  # none | invited | active
    user_id = UnicodeAttribute(null=True)
    invitation_code_hash = UnicodeAttribute(null=True)
    invited_at = UnicodeAttribute(null=True)  # the last invitation sent
    invite_queue = UnicodeAttribute(null=True)  # "waiting" until invited (InviteQueueIndex)
    # Batch invitations (issue 15): "queued" | "sending" | "failed" in invite_queue, and the channel
    invite_channel = UnicodeAttribute(null=True)  # email | sms (email and a text message)
    invite_batch = UnicodeAttribute(null=True)  # the batch that queued it (services/rollout/batch_state.py)
    invite_claimed_at = UnicodeAttribute(null=True)  # when a run claimed it ("sending"): stale claims are taken back
    name_key = UnicodeAttribute()  # 'family|given': birth-date matches in name order
    # When the practice last dealt with the patient (a visit booked, moved or marked):
    # the directory lists recent patients first (services/directory.py).
    recent_at = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    mrn_index = MrnIndex()
    birth_date_index = BirthDateIndex()
    phone_index = PhoneIndex()
    invite_queue_index = InviteQueueIndex()


def name_key(family: str, given: str) -> str:
    return f"{family.strip().lower()}|{given.strip().lower()}"
