"""Who sees a result, and when (21st Century Cures Act, information blocking rule).

- Released at once: the default, final and preliminary alike (preliminary says so).
- Awaiting review: only if the patient chose, for this category, to wait for their
  clinician's review; visible as soon as it is reviewed or after the days they chose.
- Held: a provider held this one result with a recorded reason (holds report).
The patient side sees a result that is not visible yet as "pending", never nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib import audit, clock
from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import UnprocessableError
from chalicelib.models._base import iso, iso_now
from chalicelib.models.patient import Patient

RELEASED, AWAITING, HELD = "released", "awaiting-review", "held"
CATEGORIES = {
    "general": "Blood, urine and other lab tests",
    "microbiology": "Cultures and infection tests",
    "pathology": "Pathology (biopsies, Pap tests)",
    "genetic": "Genetic tests",
}
DEFAULT_WAIT_DAYS = 3
MAX_WAIT_DAYS = 14


def initial(patient: Patient, category: str, now: str) -> tuple[str, str | None]:
    choice = ((patient.preferences.as_dict() if patient.preferences else {}) or {}).get("results_wait") or {}
    if category in (choice.get("categories") or []):
        days = int(choice.get("days") or DEFAULT_WAIT_DAYS)
        return AWAITING, iso(datetime.fromisoformat(now.replace("Z", "+00:00")) + timedelta(days=days))
    return RELEASED, None


def visible(report) -> bool:
    """May the patient side read this report's content now?"""
    if report.release == RELEASED:
        return True
    if report.release == AWAITING:
        return bool(report.reviewed_at) or (report.release_at or "") <= iso_now()
    return False


def release_due(limit: int = 100) -> int:
    """The job: results whose patient chose to wait, unreviewed when their days ran out,
    are released and the patient is told (once: the condition makes a rerun a no-op)."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.result_report import ResultReport
    from chalicelib.services.patients import load
    from chalicelib.services.results import notices

    released = 0
    for report in ResultReport.release_due_index.query("awaiting", ResultReport.release_at <= iso_now(), limit=limit):
        try:
            report.update(actions=[ResultReport.release.set(RELEASED), ResultReport.due.remove()],
                          condition=ResultReport.release == AWAITING)
        except UpdateError:
            continue
        audit.record(None, report.patient_id, "update", "lab-result", report.report_id)
        notices.tell_patient(load(report.patient_id), report)
        released += 1
    return released


def get_preferences(caller: Caller, patient_id: str) -> dict:
    authorize_patient(caller, patient_id, "results.preferences")
    from chalicelib.services.patients import load

    patient = load(patient_id)
    audit.record(caller, patient_id, "read", "preferences")
    return _preferences(patient)


def set_preferences(caller: Caller, patient_id: str, categories: list[str], days: int | None) -> dict:
    """The patient's own choice to wait for review, recorded with who chose it and when."""
    authorize_patient(caller, patient_id, "results.preferences")
    unknown = sorted(set(categories) - set(CATEGORIES))
    if unknown:
        raise UnprocessableError(f"Unknown category: {unknown[0]}.", field="categories")
    days = days or DEFAULT_WAIT_DAYS
    if not 1 <= days <= MAX_WAIT_DAYS:
        raise UnprocessableError(f"days must be between 1 and {MAX_WAIT_DAYS}.", field="days")
    from chalicelib.services.patients import load

    patient = load(patient_id)
    choice = {"categories": sorted(set(categories)), "days": days, "chosen_at": iso_now(),
              "chosen_by": caller.user_id}
    prefs = {**(patient.preferences.as_dict() if patient.preferences else {}), "results_wait": choice}
    patient.update(actions=[Patient.preferences.set(prefs), Patient.updated_at.set(iso_now())])
    audit.record(caller, patient_id, "update", "preferences")
    return _preferences(patient)


def _preferences(patient: Patient) -> dict:
    choice = ((patient.preferences.as_dict() if patient.preferences else {}) or {}).get("results_wait") or {}
    return {"categories": choice.get("categories") or [], "days": int(choice.get("days") or DEFAULT_WAIT_DAYS),
            "chosen_at": choice.get("chosen_at"), "default_days": DEFAULT_WAIT_DAYS, "max_days": MAX_WAIT_DAYS,
            "available": [{"key": k, "label": v} for k, v in CATEGORIES.items()]}


def practice_day_label(moment: str | None) -> str | None:
    """'Tuesday, December 1 at 8:00 AM' in practice time, for people."""
    if not moment:
        return None
    local = clock.local(datetime.fromisoformat(moment.replace("Z", "+00:00")))
    return f"{local:%A, %B} {local.day} at {local:%I:%M %p}".replace(" 0", " ")
