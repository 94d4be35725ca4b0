"""/patients/{id}/visit-summaries (drafts, publish, amend), my summary templates and the holds report."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import DATE, body, caller, obj, query_param, route, text
from chalicelib.pagination import parse_limit
from chalicelib.services import holds, summary_templates, visit_summaries

bp = Blueprint(__name__)

PAGE = {"limit": "1-100, default 25", "cursor": "from the previous page"}
NEW_FIELDS = {"visit_date": DATE, "provider_name": text(120), "reason": text(1000), "assessment": text(5000),
              "instructions": text(5000), "follow_up": text(1000)}
# Editing may empty a part ("" removes it); at least one part must stay written.
FIELDS = {"visit_date": DATE, "provider_name": text(120), "reason": text(1000, 0), "assessment": text(5000, 0),
          "instructions": text(5000, 0), "follow_up": text(1000, 0)}
HOLD = {"hold_reason": text(500, description="provider only: keep it from the patient for now, with this reason")}
SUMMARY = obj({
    **NEW_FIELDS, **HOLD,
    "draft": {"type": "boolean", "description": "save without publishing: the patient side does not see it"},
    "appointment_id": text(80, description="the visit it is written for (Today's 'summary to write')"),
}, ("visit_date",))
DRAFT = obj(FIELDS)
PUBLISH = obj(HOLD)
AMEND = obj({**FIELDS, "amend_reason": text(500, description="why it changed; the patient sees that it was amended")},
            ("amend_reason",))
TEMPLATE_FIELDS = {"name": text(80), "reason": text(1000, 0), "assessment": text(5000, 0),
                   "instructions": text(5000, 0), "follow_up": text(1000, 0)}
TEMPLATE = obj(TEMPLATE_FIELDS, ("name",))
TEMPLATE_EDIT = obj(TEMPLATE_FIELDS)
EMPTY = obj({})
ONE = "/patients/{patient_id}/visit-summaries/{summary_id}"


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


@route(bp, ONE, "PATCH", body=DRAFT, tag="visit-summaries", summary="Edit a draft (clinicians)")
def update_draft(patient_id, summary_id):
    return visit_summaries.update_draft(caller(bp), patient_id, summary_id, body(bp, DRAFT))


@route(bp, ONE + "/publish", "POST", body=PUBLISH, tag="visit-summaries",
       summary="Publish a draft: the patient sees it and is told (or it is held, with a provider's reason)")
def publish(patient_id, summary_id):
    return visit_summaries.publish(caller(bp), patient_id, summary_id, body(bp, PUBLISH))


@route(bp, ONE + "/amend", "POST", body=AMEND, tag="visit-summaries",
       summary="Amend a published summary with a reason; the earlier version is kept and the patient is told")
def amend(patient_id, summary_id):
    return visit_summaries.amend(caller(bp), patient_id, summary_id, body(bp, AMEND))


@route(bp, "/me/summary-templates", tag="summary-templates", summary="My visit-summary templates (clinicians)")
def list_templates():
    return summary_templates.list_templates(caller(bp))


@route(bp, "/me/summary-templates", "POST", body=TEMPLATE, tag="summary-templates",
       summary="Save a visit-summary template of my own")
def create_template():
    from chalice import Response

    return Response(status_code=201, body=summary_templates.create(caller(bp), body(bp, TEMPLATE)))


@route(bp, "/me/summary-templates/{template_id}", "PATCH", body=TEMPLATE_EDIT, tag="summary-templates",
       summary="Edit one of my templates")
def update_template(template_id):
    return summary_templates.update(caller(bp), template_id, body(bp, TEMPLATE_EDIT))


@route(bp, "/me/summary-templates/{template_id}", "DELETE", tag="summary-templates",
       summary="Delete one of my templates")
def delete_template(template_id):
    return summary_templates.delete(caller(bp), template_id)


@route(bp, ONE + "/release", "POST", body=EMPTY,
       tag="visit-summaries", summary="Lift the hold: the patient sees the summary and is told (provider)")
def release(patient_id, summary_id):
    body(bp, EMPTY)
    return visit_summaries.release(caller(bp), patient_id, summary_id)


@route(bp, "/reports/holds", tag="reports", query={"year": "YYYY, default this year", **PAGE},
       summary="Every hold placed in a year: by whom, why, when it was lifted (admin)")
def holds_report():
    return holds.report(caller(bp), query_param(bp, "year"), parse_limit(query_param(bp, "limit")),
                        query_param(bp, "cursor"))
