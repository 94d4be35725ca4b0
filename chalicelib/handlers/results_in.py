"""Results in: the lab interface route (HL7 v2 over HTTPS), the staff upload of a lab's
file, and the interface accounts (machine credentials) an admin manages."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.auth import interface_caller
from chalicelib.config import get_settings
from chalicelib.errors import PayloadTooLargeError
from chalicelib.handlers._http import body, caller, error_response, obj, query_param, route, text
from chalicelib.services import interface_accounts
from chalicelib.services.results import ingest

bp = Blueprint(__name__)

HL7_TYPES = ["application/hl7-v2", "x-application/hl7-v2+er7", "text/plain"]
UPLOAD = obj({"message": text(60000)}, ("message",))
ACCOUNT = obj({"name": text(120), "scope": {"type": "string", "enum": list(interface_accounts.SCOPES)}},
              ("name", "scope"))
EMPTY = obj({})


@route(bp, "/results/hl7", "POST", interface="results", content_types=HL7_TYPES, tag="results",
       summary="A lab's HL7 v2 ORU^R01 message (interface account credential: Bearer <id>.<secret> or "
               "Basic); answers the HL7 ACK (MSA AA/AE/AR with the reason) with status 200")
def receive_hl7():
    request = bp.current_request
    ctx = request.context or {}
    raw = request.raw_body or b""
    if len(raw) > get_settings().max_body_bytes:
        return error_response(PayloadTooLargeError("The message is too large."))
    who = interface_caller(request.headers.get("authorization", ""), "results", ctx.get("requestId"),
                           (ctx.get("identity") or {}).get("sourceIp"))
    answer = ingest.receive(who, raw, via="interface")
    return Response(status_code=200, body=answer["ack"], headers={"Content-Type": "application/hl7-v2"})


@route(bp, "/results/upload", "POST", body=UPLOAD, tag="results",
       summary="File a lab's HL7 v2 result message uploaded from the staff console (chart keepers)")
def upload_hl7():
    answer = ingest.receive(caller(bp), body(bp, UPLOAD)["message"], via="upload")
    return {key: answer[key] for key in ("code", "reason", "outcome", "report_ids")}


@route(bp, "/interface-accounts", "POST", body=ACCOUNT, tag="interface-accounts",
       summary="Create an interface account (admin); the credential is shown once")
def create_account():
    data = body(bp, ACCOUNT)
    return Response(status_code=201, body=interface_accounts.create(caller(bp), data["name"], data["scope"]))


@route(bp, "/interface-accounts", tag="interface-accounts", query={"scope": "results"},
       summary="Interface accounts of one scope (admin)")
def list_accounts():
    return interface_accounts.list_accounts(caller(bp), query_param(bp, "scope") or "results")


@route(bp, "/interface-accounts/{account_id}/rotate", "POST", body=EMPTY, tag="interface-accounts",
       summary="New secret for an interface account (admin); the old one works 24 hours more")
def rotate_account(account_id):
    body(bp, EMPTY)
    return interface_accounts.rotate(caller(bp), account_id)


@route(bp, "/interface-accounts/{account_id}/disable", "POST", body=EMPTY, tag="interface-accounts",
       summary="Disable an interface account at once, old and new secret alike (admin)")
def disable_account(account_id):
    body(bp, EMPTY)
    return interface_accounts.set_status(caller(bp), account_id, "disabled")
