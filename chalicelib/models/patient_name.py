"""The directory's name index: one item per name token of a patient.

A patient "Alex Morgan" has the items ("a", "alex#<id>") and ("m", "morgan#<id>"):
the partition is the token's first character, the sort key the token then the
patient id, so a typed prefix ("mor") is one Query with begins_with. Kept in step
with the patient's names in the same transaction (services/directory.py).
"""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class PatientNameToken(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("patient-names")

    bucket = UnicodeAttribute(hash_key=True)  # first character of the token
    entry = UnicodeAttribute(range_key=True)  # "<token>#<patient_id>"
    patient_id = UnicodeAttribute()
    part = UnicodeAttribute()  # "given" | "family": "Morgan, Alex" matches each part to its own
