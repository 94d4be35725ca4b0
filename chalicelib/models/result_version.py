"""Every version of every result report, append only: a corrected result adds a
version, never edits one (the IAM policy denies updates and deletes)."""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class ResultVersion(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("result-versions")

    patient_id = UnicodeAttribute(hash_key=True)
    version_key = UnicodeAttribute(range_key=True)  # "<report id>#<version, 4 digits>"
    report_id = UnicodeAttribute()
    version = NumberAttribute()
    status = UnicodeAttribute()
    content = UnicodeAttribute()  # JSON snapshot of the report as received
    received_at = UnicodeAttribute()
    source = UnicodeAttribute()
    message_key = UnicodeAttribute(null=True)
    received_by = UnicodeAttribute()  # interface account or staff user id
