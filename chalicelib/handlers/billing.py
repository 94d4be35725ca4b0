"""Statements: import from the billing system, the staff lists, the patient's statements."""
from __future__ import annotations

import json

from chalice import Blueprint, Response

from chalicelib import errors
from chalicelib.handlers._http import body, caller, idempotency_key, obj, query_param, route, validate
from chalicelib.pagination import parse_limit
from chalicelib.services.billing import csv_import, statements

bp = Blueprint(__name__)
EMPTY_BODY = obj({})

PAGE = {"limit": "1-100, default 25", "cursor": "from the previous page"}
# A practice's monthly export can pass the usual 64 KB body limit; 2 MB still fits
# API Gateway and a Lambda's memory many times over.
IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT = obj({"csv": {"type": "string", "minLength": 1, "maxLength": IMPORT_MAX_BYTES},
              "dry_run": {"type": "boolean"}}, ("csv",))


@route(bp, "/statements/import", "POST", body=IMPORT, tag="billing",
       summary="Import statements from the billing system's CSV (billing); dry_run reports each bad row "
               "and writes nothing; idempotent by statement number; changes become a new version")
def import_statements():
    raw = bp.current_request.raw_body or b""
    if len(raw) > IMPORT_MAX_BYTES + 1024:
        raise errors.PayloadTooLargeError("The file is too large (2 MB at most).", field="csv")
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise errors.InvalidError("The request body must be JSON.") from None
    validate(IMPORT, data)
    return csv_import.import_csv(caller(bp), data["csv"], bool(data.get("dry_run")))


@route(bp, "/statements/feed", "POST", interface="billing", content_types=["text/csv"], tag="billing",
       query={"dry_run": "true: check and report, write nothing"},
       summary="The billing system posts its CSV export (interface account credential of scope billing: "
               "Bearer <id>.<secret> or Basic); same checks and report as /statements/import")
def statement_feed():
    from chalicelib.auth import interface_caller

    request = bp.current_request
    ctx = request.context or {}
    raw = request.raw_body or b""
    if len(raw) > IMPORT_MAX_BYTES:
        raise errors.PayloadTooLargeError("The file is too large (2 MB at most).", field="csv")
    who = interface_caller(request.headers.get("authorization", ""), "billing", ctx.get("requestId"),
                           (ctx.get("identity") or {}).get("sourceIp"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise errors.InvalidError("The CSV must be UTF-8.", field="csv") from None
    dry_run = (query_param(bp, "dry_run") or "").lower() in ("1", "true", "yes")
    return csv_import.import_csv(who, text, dry_run)


@route(bp, "/statements", tag="billing",
       query={"number": "statement number", "mrn": "the patient's MRN", **PAGE},
       summary="Billing: statements by number or patient; without either, every unpaid one, oldest first")
def staff_statements():
    number, mrn = query_param(bp, "number"), query_param(bp, "mrn")
    statements.check_search(number, mrn)
    return statements.staff_list(caller(bp), number=number, mrn=mrn, limit=parse_limit(query_param(bp, "limit")),
                                 cursor=query_param(bp, "cursor"))


@route(bp, "/patients/{patient_id}/statements", tag="billing", query=PAGE,
       summary="The patient's statements, newest first, with their balance")
def patient_statements(patient_id):
    return statements.list_for_patient(caller(bp), patient_id, parse_limit(query_param(bp, "limit")),
                                       query_param(bp, "cursor"))


@route(bp, "/patients/{patient_id}/statements/{statement_id}", tag="billing",
       summary="One statement: lines, payments, refunds and disputes, balance")
def patient_statement(patient_id, statement_id):
    return statements.get(caller(bp), patient_id, statement_id)


@route(bp, "/patients/{patient_id}/statements/{statement_id}/pdf", "POST", body=EMPTY_BODY, tag="billing",
       summary="Start making the statement as a PDF (the export worker): 202 with the job; poll "
               "GET /patients/{patient_id}/exports/{export_id} for the short-lived link")
def statement_pdf(patient_id, statement_id):
    body(bp, EMPTY_BODY)
    from chalicelib.services.exports import jobs

    key = idempotency_key(bp)
    job = jobs.start_once(caller(bp), patient_id, "statement", key, bp.lambda_context, subject_id=statement_id)
    return Response(status_code=202, body=job)
