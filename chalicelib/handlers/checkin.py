"""eCheck-in of one visit (issue 17): its state and review, the steps, finishing."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import ADDRESS, EMAIL, PHONE, body, caller, obj, route, text
from chalicelib.services import checkin
from chalicelib.services.checkin import steps

bp = Blueprint(__name__)

BASE = "/patients/{patient_id}/appointments/{appointment_id}/checkin"
ID = text(80)
CONTACT = obj({"changes": obj({"email": EMAIL, "phone": PHONE, "address": ADDRESS})})
INSURANCE = obj({"document_ids": {"type": "array", "minItems": 1, "maxItems": 2, "items": ID,
                                  "title": "the insurance card (front and back)"},
                 "on_file": {"type": "boolean"}})
HEALTH = obj({"request_ids": {"type": "array", "maxItems": 20, "items": ID}})
CONSENTS = obj({"signatures": {"type": "array", "maxItems": 20, "items": obj({
    "form_id": ID, "version": {"type": "integer", "minimum": 1},
    "signed_name": text(120, title="your full name")}, ("form_id", "version", "signed_name"))}}, ("signatures",))
QUESTIONNAIRES = obj({"responses": {"type": "array", "maxItems": 20, "items": obj({
    "form_id": ID, "answers": {"type": "object", "maxProperties": 200}}, ("form_id", "answers"))}}, ("responses",))
EMPTY = obj({})


@route(bp, BASE, tag="checkin",
       summary="The visit's online check-in: window, steps done, consents and questionnaires to do, what changed")
def get_checkin(patient_id, appointment_id):
    return checkin.get(caller(bp), patient_id, appointment_id)


@route(bp, BASE + "/contact", "POST", body=CONTACT, tag="checkin",
       summary="Confirm contact details, or propose changes (the front desk reviews them)")
def contact(patient_id, appointment_id):
    return steps.contact(caller(bp), patient_id, appointment_id, body(bp, CONTACT).get("changes"))


@route(bp, BASE + "/insurance", "POST", body=INSURANCE, tag="checkin",
       summary="Insurance cards: uploaded now (document ids, front and back) or the ones on file")
def insurance(patient_id, appointment_id):
    data = body(bp, INSURANCE)
    return steps.insurance(caller(bp), patient_id, appointment_id, data.get("document_ids"),
                           bool(data.get("on_file")))


@route(bp, BASE + "/health", "POST", body=HEALTH, tag="checkin",
       summary="Medications and allergies reviewed (with the corrections sent, if any)")
def health(patient_id, appointment_id):
    return steps.health(caller(bp), patient_id, appointment_id, body(bp, HEALTH).get("request_ids"))


@route(bp, BASE + "/consents", "POST", body=CONSENTS, tag="checkin",
       summary="Sign the current consent forms (name typed; a signed PDF goes to documents)")
def consents(patient_id, appointment_id):
    return steps.consents(caller(bp), patient_id, appointment_id, body(bp, CONSENTS)["signatures"])


@route(bp, BASE + "/questionnaires", "POST", body=QUESTIONNAIRES, tag="checkin",
       summary="Answer the visit type's questionnaires (checked against each questionnaire, scored)")
def questionnaires(patient_id, appointment_id):
    return steps.questionnaires(caller(bp), patient_id, appointment_id, body(bp, QUESTIONNAIRES)["responses"])


@route(bp, BASE + "/complete", "POST", body=EMPTY, tag="checkin",
       summary="Finish: the visit shows \"Checked in online\" (again: the same answer)")
def complete(patient_id, appointment_id):
    body(bp, EMPTY)
    return checkin.complete(caller(bp), patient_id, appointment_id)
