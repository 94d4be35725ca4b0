"""Problem reports about the portal itself (issue 15, "speak up"): from patients and staff,
answered by the admin. Not part of any patient's chart."""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class StatusIndex(GlobalSecondaryIndex):
    """The admin's list by status (new, in_progress, resolved), newest first."""

    class Meta:
        index_name = "status-index"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ReporterIndex(GlobalSecondaryIndex):
    """A reporter's own reports, newest first."""

    class Meta:
        index_name = "reporter-index"
        projection = AllProjection()

    reporter_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ProblemReport(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("problems")

    report_id = UnicodeAttribute(hash_key=True)
    reporter_id = UnicodeAttribute()  # the user id
    reporter_email = UnicodeAttribute()  # where "resolved" goes (a deep link, nothing else)
    reporter_kind = UnicodeAttribute()  # patient | staff
    what = UnicodeAttribute()  # what happened, in the reporter's words (never logged)
    page = UnicodeAttribute(null=True)  # the portal route it happened on ("/billing")
    status = UnicodeAttribute(default="new")  # new | in_progress | resolved
    reply = UnicodeAttribute(null=True)
    # an optional screenshot, kept under problems/ in the documents bucket (never a chart document)
    screenshot_key = UnicodeAttribute(null=True)
    screenshot_type = UnicodeAttribute(null=True)
    replied_by = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    resolved_at = UnicodeAttribute(null=True)

    status_index = StatusIndex()
    reporter_index = ReporterIndex()
