"""Adoption rollup (issue 15): daily counters, once-markers and samples in one table.

- `period` "YYYY-MM" + `key` "<practice day>#<event>": a daily counter (UpdateItem ADD);
  `samples` holds a bounded list of measured values (first response seconds).
- `period` "marker" + `key` "<what>#<subject>": written once with a condition (monthly
  active per user, a patient's firsts, the weekly email's week).
- `period` "weekly" + `key` the Monday: the week's wins as sent (services/adoption/weekly.py).
- `period` "seen" + `key` a patient id: their last visit day (the nightly job).
- `period` "week" + `key` the Monday: a settled week's counters for the dashboard, in `data`
  (JSON; the nightly job, services/adoption/week_totals.py).
"""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class AdoptionItem(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("adoption")

    period = UnicodeAttribute(hash_key=True)
    key = UnicodeAttribute(range_key=True)
    value = NumberAttribute(default=0)
    amount = NumberAttribute(null=True)  # a sum beside the count (cents paid online)
    samples = ListAttribute(of=NumberAttribute, null=True)
    at = UnicodeAttribute(null=True)
    data = UnicodeAttribute(null=True)
    provider = UnicodeAttribute(null=True)  # "seen": the clinician of the patient's last visit  # JSON: a week's summary (period "weekly")
