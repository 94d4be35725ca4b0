"""The practice's forms (issue 17): questionnaires and consent forms, versioned.

Partition by kind ("questionnaire" | "consent"); range key "<form id>#<version, 4
digits>", so one Query lists every version of every form of a kind in order and the
current version of each is the last one. A published version never changes: a
response or a signature names the version it answered.
"""
from __future__ import annotations

from pynamodb.attributes import JSONAttribute, ListAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class PracticeForm(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("forms")

    kind = UnicodeAttribute(hash_key=True)  # questionnaire | consent
    key = UnicodeAttribute(range_key=True)  # <form_id>#<version:04d>
    form_id = UnicodeAttribute()
    version = NumberAttribute()
    title = UnicodeAttribute()
    status = UnicodeAttribute()  # active | retired
    definition = JSONAttribute()  # questionnaire: the FHIR Questionnaire; consent: {"text": ...}
    visit_type_ids = ListAttribute(of=UnicodeAttribute, default=list)  # questionnaires asked at check-in
    published_at = UnicodeAttribute()
    published_by_name = UnicodeAttribute()
