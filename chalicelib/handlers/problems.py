"""/problems: "Report a problem with the portal" (issue 15; services/problems.py)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import body, caller, obj, query_param, route, text
from chalicelib.pagination import parse_limit
from chalicelib.services import problems

bp = Blueprint(__name__)

REPORT = obj({"what": {**text(2000), "title": "what happened"},
              "page": {**text(200, min_length=0), "title": "the page"},
              "screenshot_key": {**text(200), "title": "the screenshot"},
              "screenshot_type": {"type": "string", "enum": list(problems.SCREENSHOT_TYPES), "title": "the image type"}},
             ("what",))
SCREENSHOT = obj({"content_type": {"type": "string", "enum": list(problems.SCREENSHOT_TYPES),
                                   "title": "the image type", "x-message": "Attach a PNG or JPEG image."}},
                 ("content_type",))
UPDATE = obj({"status": {"type": "string", "enum": list(problems.STATUSES), "title": "the status"},
              "reply": {**text(2000, min_length=0), "title": "the reply"}}, ("status",))
PAGE = {"limit": "1-100, default 25", "cursor": "from the previous page"}


@route(bp, "/problems", "POST", body=REPORT, tag="problems",
       summary="Report a problem with the portal (any signed-in user; a few an hour)")
def report_problem():
    data = body(bp, REPORT)
    return problems.report(caller(bp), data["what"], data.get("page"), data.get("screenshot_key"),
                           data.get("screenshot_type"))


@route(bp, "/problems/screenshots", "POST", body=SCREENSHOT, tag="problems",
       summary="Start an optional screenshot upload for a problem report (a presigned POST; not a chart document)")
def start_screenshot():
    return problems.start_screenshot(caller(bp), body(bp, SCREENSHOT)["content_type"])


@route(bp, "/problems/{report_id}/screenshot", tag="problems", summary="A short link to a report's screenshot (admin)")
def screenshot(report_id):
    return problems.screenshot_link(caller(bp), report_id)


@route(bp, "/me/problems", tag="problems", query=PAGE, summary="The problems I reported, newest first, with replies")
def my_problems():
    return problems.mine(caller(bp), parse_limit(query_param(bp, "limit")), query_param(bp, "cursor"))


@route(bp, "/problems", tag="problems", query={"status": "new (default), in_progress or resolved", **PAGE},
       summary="Problem reports by status, newest first (admin)")
def list_problems():
    from chalicelib.errors import InvalidError

    status = query_param(bp, "status") or "new"
    if status not in problems.STATUSES:
        raise InvalidError("status must be new, in_progress or resolved.", field="status")
    return problems.listing(caller(bp), status, parse_limit(query_param(bp, "limit")), query_param(bp, "cursor"))


@route(bp, "/problems/{report_id}", "PATCH", body=UPDATE, tag="problems",
       summary="Set a report's status and reply (admin); resolving tells the reporter by email (a link only)")
def update_problem(report_id):
    data = body(bp, UPDATE)
    return problems.update(caller(bp), report_id, data["status"], data.get("reply"))
