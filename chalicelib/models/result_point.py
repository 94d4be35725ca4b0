"""One value of one test at one collection time: the trend of a test is one Query
(`<code>#` prefix). Derived from the current version of its report."""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class ResultPoint(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("result-points")

    patient_id = UnicodeAttribute(hash_key=True)
    point_key = UnicodeAttribute(range_key=True)  # "<code>#<collected_at>#<report id>"
    report_id = UnicodeAttribute()
    code = UnicodeAttribute()
    name = UnicodeAttribute()
    collected_at = UnicodeAttribute()
    value = UnicodeAttribute()
    number = UnicodeAttribute(null=True)
    units = UnicodeAttribute(null=True)
    range_text = UnicodeAttribute(null=True)
    range_low = UnicodeAttribute(null=True)
    range_high = UnicodeAttribute(null=True)
    flag = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
