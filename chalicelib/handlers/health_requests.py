"""Corrections and refill requests from the patient side; the clinicians' review queue;
the patient's preferred pharmacy (where refills go)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import ADDRESS, PHONE, body, caller, obj, query_param, route, text, validate
from chalicelib.handlers.health import entry_schema
from chalicelib.pagination import parse_limit
from chalicelib.services import change_requests, pharmacy
from chalicelib.services.health_kinds import KINDS

bp = Blueprint(__name__)

PAGE = {"limit": "1-100, default 25", "cursor": "from the previous page"}
CORRECTION = obj({
    "kind": {"type": "string", "enum": list(KINDS)},
    "action": {"type": "string", "enum": ["add", "change", "retire"]},
    "entry_id": text(80),
    "fields": {"type": "object"},
    "note": text(1000),
}, ("kind", "action"))
REFILL = obj({"entry_id": text(80), "note": text(500)}, ("entry_id",))
DECISION = obj({"decision": {"type": "string", "enum": ["accept", "decline"]}, "note": text(1000),
                "sent_by": {"type": "string", "enum": list(pharmacy.SENT_BY), "title": "how the refill was sent",
                            "description": "accepting a refill: e-prescribed in the EHR, phoned or faxed"}},
               ("decision",))
PHARMACY = {"anyOf": [obj({"name": text(120, title="the pharmacy's name"), "phone": PHONE, "address": ADDRESS},
                          ("name", "phone")), {"type": "null"}]}
PHARMACY_BODY = obj({"pharmacy": PHARMACY}, ("pharmacy",))


@route(bp, "/patients/{patient_id}/corrections", "POST", body=CORRECTION, tag="health-requests",
       summary="Ask the practice to add, change or retire a health summary entry (patient, full proxy)")
def submit_correction(patient_id):
    from chalice import Response

    data = body(bp, CORRECTION)
    if "fields" in data:  # checked against the section's own fields, named as fields.<name>
        validate(obj({"fields": entry_schema(data["kind"], data["action"] != "add")}), {"fields": data["fields"]})
    return Response(status_code=201, body=change_requests.submit_correction(
        caller(bp), patient_id, data["kind"], data["action"], entry_id=data.get("entry_id"),
        fields=data.get("fields"), note=data.get("note")))


@route(bp, "/patients/{patient_id}/refills", "POST", body=REFILL, tag="health-requests",
       summary="Ask for a refill of an active medication (patient, full proxy)")
def submit_refill(patient_id):
    from chalice import Response

    data = body(bp, REFILL)
    return Response(status_code=201, body=change_requests.submit_refill(caller(bp), patient_id, data["entry_id"],
                                                                        data.get("note")))


@route(bp, "/patients/{patient_id}/requests", tag="health-requests", query=PAGE,
       summary="Corrections and refill requests with their status, newest first")
def list_requests(patient_id):
    return change_requests.list_for_patient(caller(bp), patient_id, parse_limit(query_param(bp, "limit")),
                                            query_param(bp, "cursor"))


@route(bp, "/patients/{patient_id}/requests/{request_id}/decision", "POST", body=DECISION, tag="health-requests",
       summary="Accept (applies it to the record) or decline with a note (provider, nurse)")
def decide(patient_id, request_id):
    data = body(bp, DECISION)
    return change_requests.decide(caller(bp), patient_id, request_id, data["decision"], data.get("note"),
                                  sent_by=data.get("sent_by"))


@route(bp, "/patients/{patient_id}/pharmacy", tag="health-requests",
       summary="The patient's preferred pharmacy (where refills are sent and picked up)")
def get_pharmacy(patient_id):
    return pharmacy.get(caller(bp), patient_id)


@route(bp, "/patients/{patient_id}/pharmacy", "PUT", body=PHARMACY_BODY, tag="health-requests",
       summary="Keep the preferred pharmacy on file (null removes it): the patient, a full proxy, chart keepers")
def put_pharmacy(patient_id):
    return pharmacy.put(caller(bp), patient_id, body(bp, PHARMACY_BODY)["pharmacy"])


@route(bp, "/review-queue", tag="health-requests", query=PAGE,
       summary="Pending corrections and refill requests of every patient, oldest first (provider, nurse)")
def review_queue():
    return change_requests.review_queue(caller(bp), parse_limit(query_param(bp, "limit")), query_param(bp, "cursor"))
