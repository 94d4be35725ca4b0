"""Portal accounts (one per Cognito user; hash key = the Cognito sub)."""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class EmailIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "email-index"
        projection = AllProjection()

    email = UnicodeAttribute(hash_key=True)


class NpiIndex(GlobalSecondaryIndex):
    """Clinicians by NPI: a lab result's ordering provider (OBR-16) finds their inbox."""

    class Meta:
        index_name = "npi-index"
        projection = AllProjection()

    npi = UnicodeAttribute(hash_key=True)


class StaffIndex(GlobalSecondaryIndex):
    """Sparse: only staff accounts carry `staff_list` ("staff"); the admin's staff list, by email."""

    class Meta:
        index_name = "staff-index"
        projection = AllProjection()

    staff_list = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute(range_key=True)


class User(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("users")

    user_id = UnicodeAttribute(hash_key=True)  # Cognito sub
    email = UnicodeAttribute()  # sign-in email, lower case; also the Cognito username
    display_name = UnicodeAttribute()
    roles = UnicodeSetAttribute()
    patient_id = UnicodeAttribute(null=True)  # set for patients: their own record
    status = UnicodeAttribute(default="active")  # invited (staff, not yet activated) | active | disabled
    failed_sign_ins = NumberAttribute(default=0)
    locked_until = UnicodeAttribute(null=True)
    # Tokens issued before this instant are refused (sign-out revokes).
    tokens_valid_after = NumberAttribute(default=0)
    mfa_enabled = UnicodeAttribute(default="false")
    reset_code_hash = UnicodeAttribute(null=True)  # the one password reset code that still works
    kept_tokens = UnicodeSetAttribute(null=True)  # services/sessions.py: the few pre-revocation tokens that work
    created_at = UnicodeAttribute()
    last_sign_in_at = UnicodeAttribute(null=True)  # shown to staff: a patient's portal state
    npi = UnicodeAttribute(null=True)  # clinicians: National Provider Identifier (sparse index)
    # Staff management (services/staff.py)
    staff_list = UnicodeAttribute(null=True)  # "staff" on every staff account: the sparse staff index
    invitation_code_hash = UnicodeAttribute(null=True)  # the one staff invitation code that still works
    invited_by_name = UnicodeAttribute(null=True)
    deactivated_at = UnicodeAttribute(null=True)
    deactivated_by_name = UnicodeAttribute(null=True)

    email_index = EmailIndex()
    npi_index = NpiIndex()
    staff_index = StaffIndex()
