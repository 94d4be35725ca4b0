"""Questionnaires and consent forms (issue 17): the practice's forms (admin publishes),
questionnaires a clinician sends, the patient's answers with scores."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.handlers._http import body, caller, obj, query_param, route, text
from chalicelib.pagination import parse_limit
from chalicelib.services.questionnaires import followups, forms, responses

bp = Blueprint(__name__)

ID = text(80)
VISIT_TYPES = {"type": "array", "maxItems": 50, "items": text(64)}
QUESTIONNAIRE = obj({"questionnaire": {"type": "object", "title": "the questionnaire"},
                     "visit_type_ids": VISIT_TYPES, "form_id": ID, "active": {"type": "boolean"}},
                    ("questionnaire",))
CONSENT = obj({"title": text(120, title="the title"), "text": text(20000, title="the text of the form"),
               "form_id": ID, "active": {"type": "boolean"}}, ("title", "text"))
SEND = obj({"form_id": ID}, ("form_id",))
ANSWERS = obj({"answers": {"type": "object", "maxProperties": 200}}, ("answers",))
NOTHING = obj({}, ())
PAGE = {"limit": "1-100, default 25", "cursor": "from the previous page"}


@route(bp, "/forms", tag="questionnaires", summary="The practice's questionnaires and consent forms (staff)")
def list_forms():
    return forms.list_forms(caller(bp))


@route(bp, "/forms/questionnaires", "POST", body=QUESTIONNAIRE, tag="questionnaires",
       summary="Publish a questionnaire (FHIR Questionnaire), or a new version with form_id (admin)")
def publish_questionnaire():
    data = body(bp, QUESTIONNAIRE)
    return Response(status_code=201, body=forms.publish_questionnaire(
        caller(bp), data["questionnaire"], data.get("visit_type_ids"), data.get("form_id"), data.get("active", True)))


@route(bp, "/forms/consents", "POST", body=CONSENT, tag="questionnaires",
       summary="Publish a consent form, or its next version with form_id: patients sign it again (admin)")
def publish_consent():
    data = body(bp, CONSENT)
    return Response(status_code=201, body=forms.publish_consent(
        caller(bp), data["title"], data["text"], data.get("form_id"), data.get("active", True)))


@route(bp, "/patients/{patient_id}/questionnaire-responses", tag="questionnaires", query=PAGE,
       summary="Answered questionnaires with scores and flags, newest first (clinicians, the patient side)")
def list_responses(patient_id):
    return responses.list_responses(caller(bp), patient_id, parse_limit(query_param(bp, "limit")),
                                    query_param(bp, "cursor"))


@route(bp, "/patients/{patient_id}/questionnaire-requests", tag="questionnaires",
       summary="Questionnaires sent to the patient, pending first")
def list_requests(patient_id):
    return responses.list_requests(caller(bp), patient_id)


@route(bp, "/patients/{patient_id}/questionnaire-requests", "POST", body=SEND, tag="questionnaires",
       summary="Send a questionnaire to the patient (provider, nurse); they are told without PHI")
def send(patient_id):
    return Response(status_code=201, body=responses.send(caller(bp), patient_id, body(bp, SEND)["form_id"]))


@route(bp, "/patients/{patient_id}/questionnaire-requests/{request_id}", tag="questionnaires",
       summary="One sent questionnaire, with the questionnaire to fill in (and the answers once given)")
def get_request(patient_id, request_id):
    return responses.get_request(caller(bp), patient_id, request_id)


@route(bp, "/patients/{patient_id}/questionnaire-requests/{request_id}/response", "POST", body=ANSWERS,
       tag="questionnaires", summary="Answer a sent questionnaire, once (patient, full proxy)")
def answer(patient_id, request_id):
    return Response(status_code=201, body=responses.answer_request(caller(bp), patient_id, request_id,
                                                                   body(bp, ANSWERS)["answers"]))


@route(bp, "/patients/{patient_id}/questionnaire-responses/{response_id}/follow-up", "POST", body=NOTHING,
       tag="questionnaires",
       summary="Mark a flagged answer followed up (provider, nurse); idempotent, records who and when")
def follow_up(patient_id, response_id):
    body(bp, NOTHING)
    return followups.mark(caller(bp), patient_id, response_id)
