"""A set of one patient's unreviewed results emailed to their ordering clinician
("3 results to review, ref R-2291"); a reply ("reviewed", "comment: ...") acts on
exactly the results that email listed, not on ones that arrived since."""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class ResultReviewBatch(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("result-review-batches")

    batch_id = UnicodeAttribute(hash_key=True)  # the reply address's object id
    patient_id = UnicodeAttribute()
    owner = UnicodeAttribute()  # the clinician the email (and its reply address) went to
    report_ids = ListAttribute(default=list)
    created_at = UnicodeAttribute()
