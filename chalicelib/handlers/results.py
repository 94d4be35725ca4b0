"""Results out: the patient's list, report and trend; the clinician's inbox, review,
hold; the match queue; point-of-care entry; the patient's wait-for-review choice."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.handlers._http import body, caller, obj, query_param, route, text
from chalicelib.pagination import parse_limit
from chalicelib.services.results import clinician, match_queue, point_of_care, release, views

bp = Blueprint(__name__)

PAGE = {"limit": "1-100, default 25", "cursor": "from the previous page"}
REVIEW = obj({"comment": text(2000, 0, description="shown to the patient, who is told")})
HOLD = obj({"reason": text(500)}, ("reason",))
MATCH = obj({"patient_id": text(64)}, ("patient_id",))
DISMISS = obj({"note": text(500)}, ("note",))
PREFERENCES = obj({"categories": {"type": "array", "items": text(40), "maxItems": 10},
                   "days": {"type": "integer", "minimum": 1, "maximum": release.MAX_WAIT_DAYS}}, ("categories",))
POINT_OF_CARE = obj({"test": text(40), "values": {"type": "object", "maxProperties": 10,
                                                  "additionalProperties": text(40)},
                     "note": text(1000, 0)}, ("test", "values"))
EMPTY = obj({})
STAFF_PAGE = {"limit": "1-100, default 50", "cursor": "from the previous page"}


@route(bp, "/patients/{patient_id}/results", tag="results", query=PAGE,
       summary="Test results, newest first, new ones marked; held or waiting ones show as pending")
def list_results(patient_id):
    return views.list_results(caller(bp), patient_id, parse_limit(query_param(bp, "limit")),
                              query_param(bp, "cursor"))


@route(bp, "/patients/{patient_id}/results/trend", tag="results", query={"code": "the test's code (LOINC)"},
       summary="Every value of one test over time, with its range")
def trend(patient_id):
    return views.trend(caller(bp), patient_id, query_param(bp, "code"))


@route(bp, "/patients/{patient_id}/results/preferences", tag="results",
       summary="The patient's choice to see some kinds of results only after review (up to N days)")
def get_preferences(patient_id):
    return release.get_preferences(caller(bp), patient_id)


@route(bp, "/patients/{patient_id}/results/preferences", "PUT", body=PREFERENCES, tag="results",
       summary="Choose the kinds of results to see after the clinician's review (patient, full proxy)")
def set_preferences(patient_id):
    data = body(bp, PREFERENCES)
    return release.set_preferences(caller(bp), patient_id, data["categories"], data.get("days"))


@route(bp, "/patients/{patient_id}/results/{report_id}", tag="results",
       summary="One report: values, units, ranges, in or out of range, the clinician's comment, history")
def get_result(patient_id, report_id):
    return views.get_result(caller(bp), patient_id, report_id)


@route(bp, "/patients/{patient_id}/results/{report_id}/review", "POST", body=REVIEW, tag="results",
       summary="Mark reviewed, optionally with a comment the patient reads (clinicians)")
def review(patient_id, report_id):
    return clinician.review(caller(bp), patient_id, report_id, body(bp, REVIEW).get("comment"))


@route(bp, "/patients/{patient_id}/results/{report_id}/hold", "POST", body=HOLD, tag="results",
       summary="Hold one result from the patient with a reason (provider); the patient sees it pending")
def hold(patient_id, report_id):
    return clinician.hold(caller(bp), patient_id, report_id, body(bp, HOLD)["reason"])


@route(bp, "/patients/{patient_id}/results/{report_id}/release", "POST", body=EMPTY, tag="results",
       summary="Lift the hold: the patient sees the result and is told (provider)")
def release_hold(patient_id, report_id):
    body(bp, EMPTY)
    return clinician.release_hold(caller(bp), patient_id, report_id)


@route(bp, "/patients/{patient_id}/results", "POST", body=POINT_OF_CARE, tag="results",
       summary="Enter a point-of-care result (rapid strep, A1c, glucose, urine tests) in the chart (clinicians)")
def enter_point_of_care(patient_id):
    return Response(status_code=201, body=point_of_care.enter(caller(bp), patient_id, body(bp, POINT_OF_CARE)))


@route(bp, "/results/point-of-care-tests", tag="results", summary="The point-of-care tests the chart offers")
def point_of_care_tests():
    caller(bp)
    return point_of_care.catalogue()


@route(bp, "/results-inbox", tag="results", query={"owner": "me (default) or unassigned", **STAFF_PAGE},
       summary="Unreviewed results of the signed-in clinician: critical, abnormal, then normal; prior values beside")
def inbox():
    return clinician.inbox(caller(bp), query_param(bp, "owner"), _staff_limit(clinician.INBOX_LIMIT),
                           query_param(bp, "cursor"))


@route(bp, "/results-match-queue", tag="results", query=STAFF_PAGE,
       summary="Lab results whose patient did not match exactly, waiting for staff, oldest first")
def match_queue_list():
    return match_queue.list_queue(caller(bp), _staff_limit(match_queue.QUEUE_LIMIT), query_param(bp, "cursor"))


@route(bp, "/results-match-queue/{message_id}/match", "POST", body=MATCH, tag="results",
       summary="File a queued result under the patient staff chose")
def match(message_id):
    return match_queue.match(caller(bp), message_id, body(bp, MATCH)["patient_id"])


@route(bp, "/results-match-queue/{message_id}/dismiss", "POST", body=DISMISS, tag="results",
       summary="Take a queued result off the queue without filing it (not our patient), with a note")
def dismiss(message_id):
    return match_queue.dismiss(caller(bp), message_id, body(bp, DISMISS)["note"])


def _staff_limit(default: int) -> int:
    raw = query_param(bp, "limit")
    return default if raw in (None, "") else parse_limit(raw)
