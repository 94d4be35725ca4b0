"""Patient documents stored in S3. An upload intent is a "pending" item; registering
the upload (after the stored object is checked) makes it "available". Deleting
hides it (deleted_at) and keeps the object."""
from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class Document(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("documents")

    patient_id = UnicodeAttribute(hash_key=True)
    document_id = UnicodeAttribute(range_key=True)  # ids.sortable_id(); the S3 key is patients/<pid>/<id>
    s3_key = UnicodeAttribute()
    category = UnicodeAttribute()  # insurance_card | photo_id | form | letter | imaging_report | other
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
