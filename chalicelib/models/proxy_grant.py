"""Proxy grants: a user (caregiver) may act for a patient. Hash grantee, range patient.

A grant to an adult starts `pending` and gives nothing until the patient approves it in
the portal or staff record written consent; a grant to a minor's parent or guardian
(`minor_birth_date` set) needs no consent and follows the age bands (auth.grant_scope).
"""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class PatientGrantsIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "patient-grants-index"
        projection = AllProjection()

    patient_id = UnicodeAttribute(hash_key=True)
    grantee_id = UnicodeAttribute(range_key=True)


class BandIndex(GlobalSecondaryIndex):
    """Sparse: guardian grants still waiting for an age band change (12th or 18th birthday)."""

    class Meta:
        index_name = "band-index"
        projection = KeysOnlyProjection()

    band_watch = UnicodeAttribute(hash_key=True)  # "minor" while a band change is ahead
    band_change_on = UnicodeAttribute(range_key=True)  # ISO date of the next change


class ProxyGrant(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("proxy-grants")

    grantee_id = UnicodeAttribute(hash_key=True)  # User.user_id
    patient_id = UnicodeAttribute(range_key=True)
    scope = UnicodeAttribute()  # full | limited (as granted; age bands may narrow it)
    relationship = UnicodeAttribute(null=True)
    expires_at = UnicodeAttribute(null=True)  # ISO date; None = no expiry
    granted_by = UnicodeAttribute()  # who asked for it (staff user id, or "system")
    granted_at = UnicodeAttribute()
    revoked_by = UnicodeAttribute(null=True)
    revoked_at = UnicodeAttribute(null=True)
    # ---- consent (issue 9) ----
    status = UnicodeAttribute(null=True)  # pending | active | declined; None = made before consent existed
    request_expires_on = UnicodeAttribute(null=True)  # a pending request lapses after this practice day
    consent = UnicodeAttribute(null=True)  # patient | written | guardian (a minor's parent needs none)
    consented_by = UnicodeAttribute(null=True)  # the patient's user id, or the staff member who recorded it
    consented_at = UnicodeAttribute(null=True)
    consent_signed_on = UnicodeAttribute(null=True)  # written consent: the form's date
    consent_reference = UnicodeAttribute(null=True)  # written consent: where the form is kept
    consent_document_id = UnicodeAttribute(null=True)  # written consent: the scanned form in the chart
    declined_at = UnicodeAttribute(null=True)
    # ---- age bands for a minor's parent or guardian ----
    minor_birth_date = UnicodeAttribute(null=True)  # the patient's birth date when granted as a minor
    band_watch = UnicodeAttribute(null=True)
    band_change_on = UnicodeAttribute(null=True)
    narrowed_at = UnicodeAttribute(null=True)
    ended_at = UnicodeAttribute(null=True)
    ended_reason = UnicodeAttribute(null=True)  # age_18

    patient_grants_index = PatientGrantsIndex()
    band_index = BandIndex()
