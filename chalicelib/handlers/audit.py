"""/audit: the admin's audit search by patient and date range."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.errors import InvalidError
from chalicelib.handlers._http import caller, query_param, route
from chalicelib.pagination import parse_limit
from chalicelib.services import access_log

bp = Blueprint(__name__)


@route(bp, "/audit", tag="audit",
       summary="Audit events of one patient (or patient_id=practice-settings: changes to the practice settings) "
               "within a date range (admin)",
       query={"patient_id": "required", "since": "ISO date or time", "until": "ISO date or time",
              "limit": "1-100", "cursor": "from the previous page"})
def search_audit():
    patient_id = query_param(bp, "patient_id")
    if not patient_id:
        raise InvalidError("patient_id is required.", field="patient_id")
    return access_log.admin_search(caller(bp), patient_id, query_param(bp, "since"), query_param(bp, "until"),
                                   parse_limit(query_param(bp, "limit")), query_param(bp, "cursor"))


@route(bp, "/audit/denials", tag="audit", summary="Refused requests of one practice day: who, route, patient id "
       "asked for, outcome (admin)", query={"date": "YYYY-MM-DD, default today", "limit": "1-100",
                                            "cursor": "from the previous page"})
def search_denials():
    return access_log.denials(caller(bp), query_param(bp, "date"), parse_limit(query_param(bp, "limit")),
                              query_param(bp, "cursor"))
