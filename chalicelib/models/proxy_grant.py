"""Proxy grants: a user (caregiver) may act for a patient. Hash grantee, range patient."""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class PatientGrantsIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "patient-grants-index"
        projection = AllProjection()

    patient_id = UnicodeAttribute(hash_key=True)
    grantee_id = UnicodeAttribute(range_key=True)


class ProxyGrant(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("proxy-grants")

    grantee_id = UnicodeAttribute(hash_key=True)  # User.user_id
    patient_id = UnicodeAttribute(range_key=True)
    scope = UnicodeAttribute()  # full | limited
    relationship = UnicodeAttribute(null=True)
    expires_at = UnicodeAttribute(null=True)  # ISO date; None = no expiry
    granted_by = UnicodeAttribute()
    granted_at = UnicodeAttribute()
    revoked_by = UnicodeAttribute(null=True)
    revoked_at = UnicodeAttribute(null=True)

    patient_grants_index = PatientGrantsIndex()
