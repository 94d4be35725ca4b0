"""One-click unsubscribe (RFC 8058) from patient notices, by a signed link in the header.

The token names the patient record and the address the mail went to (no PHI: an
opaque id and a MAC); a POST turns email notices off for that record while its
email is still that address. Account mail (invitations, resets, security notices)
is not affected: it is the only way in.
"""
from __future__ import annotations

import base64
import hashlib
import hmac

from chalicelib.config import get_settings
from chalicelib.errors import InvalidError


def _mac(patient_id: str, email: str) -> str:
    message = f"unsubscribe|{patient_id}|{email.strip().lower()}".encode()
    digest = hmac.new(get_settings().signing_secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def token(patient_id: str, email: str) -> str:
    return f"{patient_id}.{_mac(patient_id, email)}"


def unsubscribe(value: str) -> dict:
    """Turn email notices off for the token's record; the same answer for any bad token."""
    from chalicelib import audit
    from chalicelib.models._base import iso_now
    from chalicelib.models.patient import Patient

    patient_id, _, mac = (value or "").partition(".")
    invalid = InvalidError("This unsubscribe link is not valid.", field="token")
    if not patient_id or not mac:
        raise invalid
    try:
        patient = Patient.get(patient_id)
    except Patient.DoesNotExist:
        raise invalid from None
    if not patient.email or not hmac.compare_digest(_mac(patient_id, patient.email), mac):
        raise invalid
    merged = {**(patient.preferences.as_dict() if patient.preferences else {}), "email": False}
    patient.update(actions=[Patient.preferences.set(merged), Patient.updated_at.set(iso_now())])
    audit.record(None, patient_id, "update", "preferences")
    return {"email": False}
