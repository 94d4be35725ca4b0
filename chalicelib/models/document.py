"""Patient documents stored in S3. An upload intent is a "pending" item; registering
the upload (after the stored object is checked) makes it "available". Deleting
hides it (deleted_at) and keeps the object.

Lists read by key (issue 16): who sees a document is in its index keys, so a list
reads only what its caller may see. A registered document is in one "state" of the
patient: `shared` (the patient side sees it), `staff` (not shared) or `removed`
(deleted; staff list it on request). Three sparse indexes, all partitioned by patient
and state, newest first by document_id:
- document-state-index (`state_key` "<pid>#<state>"): clinical staff and the patient side;
- id-document-index (`id_key`, identity documents only): front desk and billing;
- document-category-index (`category_key` "<pid>#<category>#<state>"): ?category=.
A list merges the states it may see (services/documents.py); pending intents have
no keys. `key_actions()` rewrites the keys with every change of status, sharing or
deletion.
"""
from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.auth import ID_DOCUMENT_CATEGORIES
from chalicelib.config import table_name
from chalicelib.models._base import BaseModel, sparse_key_actions


class DocumentStateIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "document-state-index"
        projection = AllProjection()

    state_key = UnicodeAttribute(hash_key=True)
    document_id = UnicodeAttribute(range_key=True)


class IdDocumentIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "id-document-index"
        projection = AllProjection()

    id_key = UnicodeAttribute(hash_key=True)
    document_id = UnicodeAttribute(range_key=True)


class DocumentCategoryIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "document-category-index"
        projection = AllProjection()

    category_key = UnicodeAttribute(hash_key=True)
    document_id = UnicodeAttribute(range_key=True)


class Document(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("documents")

    patient_id = UnicodeAttribute(hash_key=True)
    document_id = UnicodeAttribute(range_key=True)  # ids.sortable_id(); the S3 key is patients/<pid>/<id>
    s3_key = UnicodeAttribute()
    category = UnicodeAttribute()  # insurance_card | photo_id | form | letter | imaging_report | other | proxy_consent
    title = UnicodeAttribute()
    content_type = UnicodeAttribute()  # declared at intent; checked against the bytes at registration
    size = NumberAttribute(null=True)
    status = UnicodeAttribute()  # pending | available
    uploaded_by = UnicodeAttribute()
    uploaded_by_name = UnicodeAttribute()
    uploaded_side = UnicodeAttribute()  # patient | staff
    created_at = UnicodeAttribute()
    registered_at = UnicodeAttribute(null=True)
    shared_with_patient = BooleanAttribute(default=False)
    visit_summary_id = UnicodeAttribute(null=True)
    deleted_at = UnicodeAttribute(null=True)
    deleted_by_name = UnicodeAttribute(null=True)
    purge_at = TTLAttribute(null=True)  # unregistered intents disappear after a day
    # Sparse index keys (see the module docstring); absent while pending.
    state_key = UnicodeAttribute(null=True)
    id_key = UnicodeAttribute(null=True)
    category_key = UnicodeAttribute(null=True)

    state_index = DocumentStateIndex()
    id_index = IdDocumentIndex()
    category_index = DocumentCategoryIndex()

    @property
    def state(self) -> str | None:
        if self.status != "available":
            return None
        if self.deleted_at:
            return "removed"
        return "shared" if self.shared_with_patient else "staff"

    def list_keys(self) -> dict[str, str | None]:
        state, pid = self.state, self.patient_id
        return {
            "state_key": f"{pid}#{state}" if state else None,
            "id_key": f"{pid}#{state}" if state and self.category in ID_DOCUMENT_CATEGORIES else None,
            "category_key": f"{pid}#{self.category}#{state}" if state else None,
        }

    def key_actions(self) -> list:
        """Update actions writing the keys for this instance's (new) status, sharing and deletion."""
        return sparse_key_actions(self, self.list_keys())
