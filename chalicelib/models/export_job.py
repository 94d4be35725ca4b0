"""Export jobs (issue 16): a record export (FHIR or PDF) or a statement PDF, made by the
export worker into S3 while the page polls its status.

Two kinds of item per patient partition:
- a job, `export_id` = "<format>-<random>" (the format in the id lets the status route
  check the right permission before it reads the partition);
- a running marker, `export_id` = "running#<format>#<subject>#<user>", written with a
  condition, so a second request while a job runs returns that job instead of a second.
Both expire by TTL a day later, as the exported objects do (S3 lifecycle).
"""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class ExportJob(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("exports")

    patient_id = UnicodeAttribute(hash_key=True)
    export_id = UnicodeAttribute(range_key=True)
    format = UnicodeAttribute(null=True)  # fhir | pdf | statement
    subject_id = UnicodeAttribute(null=True)  # the statement of a statement PDF
    status = UnicodeAttribute(null=True)  # pending | ready | failed
    requested_by = UnicodeAttribute(null=True)  # user id
    notify_email = UnicodeAttribute(null=True)  # where "your export is ready" goes (record exports)
    requested_at = UnicodeAttribute(null=True)
    finished_at = UnicodeAttribute(null=True)
    s3_key = UnicodeAttribute(null=True)
    filename = UnicodeAttribute(null=True)
    content_type = UnicodeAttribute(null=True)
    size = NumberAttribute(null=True)
    # running markers only: the job that holds it, and until when (a crashed worker's
    # marker stops blocking new requests after this, epoch seconds)
    current = UnicodeAttribute(null=True)
    held_until = NumberAttribute(null=True)
    purge_at = TTLAttribute(null=True)
