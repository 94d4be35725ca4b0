"""What a visit's check-in asks for (current consents, the visit type's questionnaires)
and what it changed, read for the check-in page and the front desk's review."""
from __future__ import annotations

from chalicelib.auth import Caller, may
from chalicelib.models.appointment import Appointment
from chalicelib.models.patient_form import PatientForm
from chalicelib.services.questionnaires import forms

SIGNATURE = "consent#"


def signatures(patient_id: str) -> dict[str, PatientForm]:
    """The newest signature of each consent form: form id -> item (one Query)."""
    latest: dict[str, PatientForm] = {}
    for item in PatientForm.query(patient_id, PatientForm.key.startswith(SIGNATURE)):
        latest[item.form_id] = item  # "consent#<form>#<version 4 digits>": the newest sorts last
    return latest


def consents(patient_id: str) -> list[dict]:
    signed = signatures(patient_id)
    out = []
    for form in forms.current("consent"):
        mine = signed.get(form.form_id)
        version = int(form.version)
        out.append({"form_id": form.form_id, "version": version, "title": form.title,
                    "text": form.definition.get("text", ""),
                    "signed_version": int(mine.version) if mine else None,
                    "signed_at": mine.at if mine else None,
                    "needs_signature": not mine or int(mine.version) < version})
    return out


def questionnaires(appt: Appointment, step: PatientForm | None, reads_answers: bool) -> list[dict]:
    answered = ((step.data or {}).get("responses") or {}) if step else {}
    out = []
    for form in forms.for_visit_type(appt.visit_type_id):
        given = answered.get(form.form_id)
        shown = {"form_id": form.form_id, "version": int(form.version), "title": form.title,
                 "questionnaire": forms.questionnaire_resource(form), "answered": bool(given)}
        if given and reads_answers:
            shown.update(response_id=given["response_id"], score_words=given.get("score_words"),
                         flagged=bool(given.get("flagged")))
        out.append(shown)
    return out


def changes(caller: Caller, patient_id: str, steps: dict[str, PatientForm]) -> dict:
    """What each step did, for the review view. Questionnaire scores only for callers who
    read answers; medication and allergy corrections only as a count for the office."""
    def meta(item: PatientForm) -> dict:
        return {"at": item.at, "by_name": item.by_name}

    out: dict = {}
    if "contact" in steps:
        data = steps["contact"].data or {}
        contact = {**meta(steps["contact"]), "changes": data.get("changes"), "request_id": data.get("request_id")}
        if data.get("request_id"):
            from chalicelib.models.change_request import ChangeRequest

            try:
                request = ChangeRequest.get(patient_id, data["request_id"])
                contact.update(request_status=request.status, decided_by_name=request.decided_by_name)
            except ChangeRequest.DoesNotExist:
                contact["request_status"] = None
        out["contact"] = contact
    if "insurance" in steps:
        out["insurance"] = {**meta(steps["insurance"]), **(steps["insurance"].data or {})}
    if "health" in steps:
        ids = (steps["health"].data or {}).get("request_ids") or []
        out["health"] = {**meta(steps["health"]), "corrections": len(ids),
                         **({"request_ids": ids} if may(caller, patient_id, "health.read") else {})}
    if "consents" in steps:
        out["consents"] = {**meta(steps["consents"]), "signed": (steps["consents"].data or {}).get("signed", [])}
    if "questionnaires" in steps:
        answered = list(((steps["questionnaires"].data or {}).get("responses") or {}).values())
        if not may(caller, patient_id, "questionnaires.read"):
            answered = [{"title": a["title"]} for a in answered]
        out["questionnaires"] = {**meta(steps["questionnaires"]), "answered": answered}
    if "done" in steps:
        out["done"] = meta(steps["done"])
    return out
