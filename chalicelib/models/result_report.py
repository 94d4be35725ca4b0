"""Lab and point-of-care result reports: the current state of each report (one per
lab order), derived from its append-only versions (models/result_version.py).

Observations, specimen, provider and lab details are stored as JSON text: they are
read and written whole, never queried inside.
"""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class OrderIndex(GlobalSecondaryIndex):
    """The lab's order (sending facility + filler order number): a corrected or final
    result finds the report its preliminary created."""

    class Meta:
        index_name = "order-index"
        projection = AllProjection()

    order_key = UnicodeAttribute(hash_key=True)


class InboxIndex(GlobalSecondaryIndex):
    """A clinician's unreviewed reports, critical then abnormal then normal, oldest first.
    Sparse: reviewing removes the keys."""

    class Meta:
        index_name = "inbox-index"
        projection = AllProjection()

    inbox_owner = UnicodeAttribute(hash_key=True)  # ordering provider's user id, or "unassigned"
    inbox_sort = UnicodeAttribute(range_key=True)  # "<0 critical|1 abnormal|2 normal>#<received_at>"


class ReleaseDueIndex(GlobalSecondaryIndex):
    """Results waiting for review at the patient's choice, by the time they are released
    anyway (the job tells the patient then). Sparse: only while waiting."""

    class Meta:
        index_name = "release-due-index"
        projection = AllProjection()

    due = UnicodeAttribute(hash_key=True)  # "awaiting"
    release_at = UnicodeAttribute(range_key=True)


class ResultReport(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("results")

    patient_id = UnicodeAttribute(hash_key=True)
    report_id = UnicodeAttribute(range_key=True)  # ids.sortable_id(): newest last
    order_key = UnicodeAttribute()
    source = UnicodeAttribute()  # hl7 | upload | point-of-care
    code = UnicodeAttribute()
    code_system = UnicodeAttribute()  # LOINC | local
    name = UnicodeAttribute()
    category = UnicodeAttribute()  # general | microbiology | pathology | genetic
    status = UnicodeAttribute()  # preliminary | final | corrected | cancelled
    severity = UnicodeAttribute()  # critical | abnormal | normal
    version = NumberAttribute()
    observations = UnicodeAttribute()  # JSON list
    notes = UnicodeAttribute(default="[]")  # JSON list of report-level notes
    specimen = UnicodeAttribute(null=True)  # JSON
    ordering_provider = UnicodeAttribute(null=True)  # JSON {id, name}
    ordering_user_id = UnicodeAttribute(null=True)
    performing_lab = UnicodeAttribute(null=True)  # JSON {name, address, clia, director}
    collected_at = UnicodeAttribute(null=True)
    reported_at = UnicodeAttribute(null=True)
    received_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    # Release (21st Century Cures Act): released at once unless the patient chose to
    # wait for review (until release_at at the latest) or a provider holds it.
    release = UnicodeAttribute()  # released | awaiting-review | held
    release_at = UnicodeAttribute(null=True)
    due = UnicodeAttribute(null=True)  # "awaiting" while release is awaiting-review (release-due-index)
    hold_reason = UnicodeAttribute(null=True)
    held_by_name = UnicodeAttribute(null=True)
    held_at = UnicodeAttribute(null=True)
    # The clinician's follow-up.
    reviewed_at = UnicodeAttribute(null=True)
    reviewed_by = UnicodeAttribute(null=True)
    reviewed_by_name = UnicodeAttribute(null=True)
    comment = UnicodeAttribute(null=True)
    comment_by_name = UnicodeAttribute(null=True)
    comment_at = UnicodeAttribute(null=True)
    inbox_owner = UnicodeAttribute(null=True)
    inbox_sort = UnicodeAttribute(null=True)
    message_key = UnicodeAttribute(null=True)  # the message that made the current version

    order_index = OrderIndex()
    inbox_index = InboxIndex()
    release_due_index = ReleaseDueIndex()
