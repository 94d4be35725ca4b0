"""Speak up (issue 15, item 4): "Report a problem with the portal", for patients and staff.

A report says what happened and on which page; the admin lists reports by status (new, in
progress, resolved), replies and resolves; the reporter is told by email (no PHI, no report
text: a deep link to their reports) and reads the reply in the portal. Reports are not part
of any patient's chart (their own table) and their text is never logged (ids only). Rate
limited per reporter (throttle.py). Medical questions belong in messages: the page says so.
"""
from __future__ import annotations

import uuid

from chalicelib import throttle
from chalicelib.auth import Caller, require
from chalicelib.errors import ConflictError, NotFoundError
from chalicelib.models._base import iso_now
from chalicelib.observability import logger
from chalicelib.pagination import decode_cursor, encode_cursor

REPORT_LIMIT = throttle.Limit("problem-report", 5, 3600)  # per reporter
UPLOAD_LIMIT = throttle.Limit("problem-upload", 10, 3600)
SCREENSHOT_TYPES = {"image/png": "png", "image/jpeg": "jpeg"}
STATUSES = ("new", "in_progress", "resolved")
LINK = "/#/problems"


def start_screenshot(caller: Caller, content_type: str) -> dict:
    """A presigned POST for an optional screenshot (PNG or JPEG) under problems/<user>/, not
    under any patient: it is the report's attachment, never a chart document."""
    from chalicelib import storage

    throttle.check(UPLOAD_LIMIT, caller.user_id, "You have uploaded several screenshots in the last hour.")
    key = f"problems/{caller.user_id}/{uuid.uuid4().hex}"
    post = storage.presigned_post(key, content_type)
    return {"key": key, "upload": {"url": post["url"], "fields": post["fields"]}, "max_bytes": storage.MAX_BYTES}


def _kept_screenshot(caller: Caller, key: str) -> str:
    """Check the uploaded screenshot (this reporter's, arrived, at most 10 MB, really a PNG or
    JPEG) and keep it where no upload form writes; 422 otherwise."""
    from chalicelib import storage
    from chalicelib.errors import UnprocessableError

    prefix = f"problems/{caller.user_id}/"
    rest = key[len(prefix):]
    if not key.startswith(prefix) or not rest.isalnum():
        raise UnprocessableError("This screenshot was not uploaded here.", field="screenshot_key")
    try:
        found = storage.stored(key)
    except storage.ChangedError:
        found = None
    if found is None:
        raise UnprocessableError("The screenshot has not arrived. Attach it again.", field="screenshot_key")
    size, head, etag = found
    if not 0 < size <= storage.MAX_BYTES or storage.sniff(head) not in ("png", "jpeg"):
        storage.delete(key)
        raise UnprocessableError("The screenshot must be a PNG or JPEG image of at most 10 MB.",
                                 field="screenshot_key")
    try:
        return storage.keep(key, etag)
    except storage.ChangedError:
        raise UnprocessableError("The screenshot changed while it was checked. Attach it again.",
                                 field="screenshot_key") from None


def screenshot_link(caller: Caller, report_id: str) -> dict:
    """A short download link to a report's screenshot (admin)."""
    from chalicelib import storage
    from chalicelib.models.problem_report import ProblemReport

    require(caller, "problems.manage")
    try:
        item = ProblemReport.get(report_id)
    except ProblemReport.DoesNotExist:
        raise NotFoundError("Report not found.") from None
    if not item.screenshot_key:
        raise NotFoundError("This report has no screenshot.")
    kind = "png" if item.screenshot_type == "image/png" else "jpg"
    return {"url": storage.presigned_get(item.screenshot_key, f"screenshot.{kind}", item.screenshot_type)}


def report(caller: Caller, what: str, page: str | None, screenshot_key: str | None = None,
           screenshot_type: str | None = None) -> dict:
    from chalicelib.models.problem_report import ProblemReport

    throttle.check(REPORT_LIMIT, caller.user_id, "You have sent several reports in the last hour.")
    kept = _kept_screenshot(caller, screenshot_key) if screenshot_key else None
    now = iso_now()
    item = ProblemReport(uuid.uuid4().hex, reporter_id=caller.user_id, reporter_email=caller.email,
                         reporter_kind="staff" if caller.is_staff else "patient", what=what.strip(),
                         page=(page or "").strip() or None, created_at=now, updated_at=now,
                         screenshot_key=kept, screenshot_type=(screenshot_type or "image/png") if kept else None)
    item.save(condition=ProblemReport.report_id.does_not_exist())
    logger.info("problem reported", extra={"report_id": item.report_id})
    return to_dict(item)


def mine(caller: Caller, limit: int, cursor: str | None) -> dict:
    from chalicelib.models.problem_report import ProblemReport

    result = ProblemReport.reporter_index.query(caller.user_id, scan_index_forward=False, limit=limit,
                                                last_evaluated_key=decode_cursor(cursor, "problems-mine"))
    items = [to_dict(r) for r in result]
    return {"items": items, "cursor": encode_cursor(result.last_evaluated_key, "problems-mine")}


def listing(caller: Caller, status: str, limit: int, cursor: str | None) -> dict:
    from chalicelib.models.problem_report import ProblemReport

    require(caller, "problems.manage")
    result = ProblemReport.status_index.query(status, scan_index_forward=False, limit=limit,
                                              last_evaluated_key=decode_cursor(cursor, f"problems-{status}"))
    items = [to_dict(r, staff=True) for r in result]
    return {"items": items, "cursor": encode_cursor(result.last_evaluated_key, f"problems-{status}")}


def open_count(cap: int = 1000) -> int:
    """Reports not resolved yet (new and in progress), each state counted up to `cap`: for the
    weekly email (services/adoption/weekly.py). One Query per state of at most `cap` + 1 items
    (`pagination.count_up_to`; PynamoDB's `count(limit=n)` paged through every open report)."""
    from chalicelib.models.problem_report import ProblemReport
    from chalicelib.pagination import count_up_to

    return sum(count_up_to(ProblemReport.status_index, status, cap)[0] for status in ("new", "in_progress"))


def update(caller: Caller, report_id: str, status: str, reply: str | None) -> dict:
    from chalicelib import notify
    from chalicelib.models.problem_report import ProblemReport

    require(caller, "problems.manage")
    try:
        item = ProblemReport.get(report_id)
    except ProblemReport.DoesNotExist:
        raise NotFoundError("Report not found.") from None
    if item.status == "resolved" and status == "resolved" and (reply or None) == item.reply:
        return to_dict(item, staff=True)  # nothing changes: no second email
    before = item.status
    now = iso_now()
    actions = [ProblemReport.status.set(status), ProblemReport.updated_at.set(now)]
    if reply is not None:
        actions += [ProblemReport.reply.set(reply.strip()) if reply.strip() else ProblemReport.reply.remove(),
                    ProblemReport.replied_by.set(caller.display_name or "The practice")]
    if status == "resolved" and before != "resolved":
        actions.append(ProblemReport.resolved_at.set(now))
    try:
        item.update(actions=actions, condition=ProblemReport.status == before)
    except Exception:  # noqa: BLE001 - someone else changed it meanwhile
        raise ConflictError("Someone else just changed this report. Reload and try again.") from None
    if status == "resolved" and before != "resolved":
        notify.send("problem_resolved", email=item.reporter_email, user_id=item.reporter_id, values={"link": LINK})
    logger.info("problem report updated", extra={"report_id": report_id, "status": status})
    return to_dict(item, staff=True)


def to_dict(item, staff: bool = False) -> dict:
    shown = {"report_id": item.report_id, "what": item.what, "page": item.page, "status": item.status,
             "reply": item.reply, "replied_by": item.replied_by, "created_at": item.created_at,
             "resolved_at": item.resolved_at, "has_screenshot": bool(item.screenshot_key)}
    if staff:
        shown["reporter_kind"] = item.reporter_kind
    return shown
