"""What a patient filled in before a visit (issue 17), in the patient's partition.

Range keys by what the item is:
- "response#<id>": a QuestionnaireResponse (answers, score, flags). Check-in answers use
  the id "<appointment id>.<form id>" (answering again replaces them: idempotent);
  answers to a staff request use the request's id.
- "consent#<form id>#<version>": the signature of one version of a consent form.
- "ask#<id>": a questionnaire a clinician sent (pending until answered).
- "checkin#<appointment id>": the visit's eCheck-in: the steps done and what changed.
- "followup#<response id>": a flagged response (PHQ-9 item 9 above 0) a clinician must
  follow up. While open it carries `followup_queue = "open"`, which puts it in the sparse
  follow-up index (the Today cards); "Followed up" removes the attribute and records who
  and when. Kept apart from the response so answering the check-in again cannot erase it.
"""
from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class FollowUpIndex(GlobalSecondaryIndex):
    """Flagged responses no clinician has followed up yet, oldest first. Sparse."""

    class Meta:
        index_name = "followup-index"
        projection = AllProjection()

    followup_queue = UnicodeAttribute(hash_key=True)  # "open"
    at = UnicodeAttribute(range_key=True)


class PatientForm(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("patient-forms")

    patient_id = UnicodeAttribute(hash_key=True)
    key = UnicodeAttribute(range_key=True)
    form_id = UnicodeAttribute(null=True)
    version = NumberAttribute(null=True)
    title = UnicodeAttribute(null=True)
    appointment_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)  # ask: pending | answered; response: completed
    data = JSONAttribute(null=True)  # response: {items, score}; checkin: {steps}; ask: {}
    flagged = BooleanAttribute(null=True)  # a response with a clinician flag (PHQ-9 item 9)
    signed_name = UnicodeAttribute(null=True)
    document_id = UnicodeAttribute(null=True)  # consent: the signed PDF in documents
    at = UnicodeAttribute()  # written (answered, signed, asked, started)
    by = UnicodeAttribute()
    by_name = UnicodeAttribute()
    submitted_as = UnicodeAttribute(null=True)  # self | proxy | staff
    completed_at = UnicodeAttribute(null=True)  # checkin: when it was finished
    answered_at = UnicodeAttribute(null=True)  # ask
    # followup: the responsible clinician (the visit's, or who sent the questionnaire; none:
    # the clinical pool), the open queue, and who marked it followed up and when.
    followup_owner = UnicodeAttribute(null=True)
    followup_queue = UnicodeAttribute(null=True)
    followed_up_at = UnicodeAttribute(null=True)
    followed_up_by = UnicodeAttribute(null=True)
    followed_up_by_name = UnicodeAttribute(null=True)

    followup_index = FollowUpIndex()
