"""Answered questionnaires (issue 17) as QuestionnaireResponse, with an Observation of
the total score for a scored instrument (PHQ-9 LOINC 44261-6, GAD-7 70274-6)."""
from __future__ import annotations

import hashlib

from chalicelib import clock
from chalicelib.fhir import Context, Item, compact, reference

SECTION = "Questionnaires"


def fhir_id(key: str) -> str:
    """A FHIR id (at most 64 characters) for a response key of any length."""
    return hashlib.sha256(key.encode()).hexdigest()[:40]


def build(ctx: Context) -> list[Item]:
    from chalicelib.config import get_settings
    from chalicelib.models.patient_form import PatientForm
    from chalicelib.services.questionnaires.engine import answer_words
    from chalicelib.services.questionnaires.scoring import words

    base = get_settings().portal_url.rstrip("/")
    items = []
    for response in PatientForm.query(ctx.patient.patient_id, PatientForm.key.startswith("response#")):
        data = response.data or {}
        ident = fhir_id(response.key)
        resource = compact({
            "resourceType": "QuestionnaireResponse", "id": ident, "status": "completed",
            "questionnaire": f"{base}/fhir/Questionnaire/{response.form_id}|{int(response.version or 1)}",
            "subject": ctx.patient_ref, "authored": response.at, "author": {"display": response.by_name},
            "item": data.get("items", []),
        })
        answers = "; ".join(f"{i['text']} {answer_words(i)}" for i in data.get("items", []))
        score = data.get("score")
        line = f"{response.title}, {clock.say_date(response.at, weekday=False)}"
        if score:
            line += f": {words(score)}"
        items.append(Item(resource, SECTION, f"{line}. {answers}"))
        if score:
            items.append(Item(compact({
                "resourceType": "Observation", "id": f"{ident}-score", "status": "final",
                "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                          "code": "survey", "display": "Survey"}]}],
                "code": {"coding": [{"system": "http://loinc.org", "code": score["loinc"],
                                     "display": f"{score['instrument']} total score"}],
                         "text": f"{score['instrument']} total score"},
                "subject": ctx.patient_ref, "effectiveDateTime": response.at, "valueInteger": score["total"],
                "interpretation": [{"text": score["severity"]}],
                "derivedFrom": [reference("QuestionnaireResponse", ident)],
            }), None))
    return items
