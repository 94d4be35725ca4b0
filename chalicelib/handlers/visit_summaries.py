"""/patients/{id}/visit-summaries and the holds report."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import DATE, body, caller, obj, query_param, route, text
from chalicelib.pagination import parse_limit
from chalicelib.services import holds, visit_summaries

bp = Blueprint(__name__)

PAGE = {"limit": "1-100, default 25", "cursor": "from the previous page"}
SUMMARY = obj({
    "visit_date": DATE, "provider_name": text(120), "reason": text(1000), "assessment": text(5000),
    "instructions": text(5000), "follow_up": text(1000),
    "hold_reason": text(500, description="provider only: keep it from the patient for now, with this reason"),
}, ("visit_date",))
EMPTY = obj({})


@route(bp, "/patients/{patient_id}/visit-summaries", "POST", body=SUMMARY, tag="visit-summaries",
       summary="Write an after-visit summary (provider, nurse); visible to the patient at once unless held")
def create(patient_id):
    from chalice import Response

    return Response(status_code=201, body=visit_summaries.create(caller(bp), patient_id, body(bp, SUMMARY)))


@route(bp, "/patients/{patient_id}/visit-summaries", tag="visit-summaries", query=PAGE,
       summary="Visit summaries, newest first; held ones show to the patient side as pending")
def list_summaries(patient_id):
    return visit_summaries.list_summaries(caller(bp), patient_id, parse_limit(query_param(bp, "limit")),
                                          query_param(bp, "cursor"))


@route(bp, "/patients/{patient_id}/visit-summaries/{summary_id}", tag="visit-summaries",
       summary="One visit summary with its attachments")
def get_summary(patient_id, summary_id):
    return visit_summaries.get(caller(bp), patient_id, summary_id)


@route(bp, "/patients/{patient_id}/visit-summaries/{summary_id}/release", "POST", body=EMPTY,
       tag="visit-summaries", summary="Lift the hold: the patient sees the summary and is told (provider)")
def release(patient_id, summary_id):
    body(bp, EMPTY)
    return visit_summaries.release(caller(bp), patient_id, summary_id)


@route(bp, "/reports/holds", tag="reports", query={"year": "YYYY, default this year", **PAGE},
       summary="Every hold placed in a year: by whom, why, when it was lifted (admin)")
def holds_report():
    return holds.report(caller(bp), query_param(bp, "year"), parse_limit(query_param(bp, "limit")),
                        query_param(bp, "cursor"))
