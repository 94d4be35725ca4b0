"""Demo forms (issue 17): the PHQ-9 asked at check-in for an annual physical, the GAD-7
for clinicians to send, and the practice's consent to treatment (version 1). Alex's
physical (devserver/seed_appointments.py) is within the check-in window from the start."""
from __future__ import annotations

CONSENT_TITLE = "Consent to treatment and notice of privacy practices"
CONSENT_TEXT = (
    "I consent to examination and treatment by the clinicians of Maple Street Family Practice. "
    "I have been offered the practice's notice of privacy practices, which explains how my health "
    "information is used and shared, and my rights. I understand I may withdraw this consent in writing "
    "at any time, except for care already given.")


def seed_forms(ids: dict[str, str]) -> dict[str, str]:
    from chalicelib.services.questionnaires import forms
    from chalicelib.services.questionnaires.examples import gad7, phq9

    made = {
        "form_phq9": forms.publish_questionnaire(None, phq9(), [ids["visit_type_physical"]])["form_id"],
        "form_gad7": forms.publish_questionnaire(None, gad7())["form_id"],
        "form_consent": forms.publish_consent(None, CONSENT_TITLE, CONSENT_TEXT)["form_id"],
    }
    made["alex_physical"] = _upcoming(ids["alex"], ids["visit_type_physical"])
    return made


def _upcoming(patient_id: str, visit_type_id: str) -> str:
    """Alex's seeded physical (the check-in walk and the call budgets use it)."""
    from chalicelib.models.appointment import Appointment
    from chalicelib.models._base import iso_now

    for appt in Appointment.patient_start_index.query(patient_id, Appointment.start >= iso_now()):
        if appt.visit_type_id == visit_type_id and appt.status == "booked":
            return appt.appointment_id
    raise RuntimeError("the demo seed has no upcoming physical for Alex")
