"""The clinician's follow-up: the results inbox, review with an optional comment the
patient reads, holding one result with a reason, and point-of-care results."""
from __future__ import annotations

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, require
from chalicelib.errors import ConflictError, UnprocessableError
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.result_report import ResultReport
from chalicelib.pagination import decode_cursor, encode_cursor, one_page
from chalicelib.services import holds
from chalicelib.services.results import notices, release, views

QUICK_COMMENTS = [
    "Normal, no action needed.",
    "Slightly out of range; nothing to do now. We will recheck at your next visit.",
    "Please book a visit so we can talk about this result.",
    "Please call the office to discuss this result.",
]
INBOX_LIMIT = 50  # a page when the client asks for no `limit`


def inbox(caller: Caller, owner: str | None = None, limit: int = INBOX_LIMIT, cursor: str | None = None) -> dict:
    """Unreviewed reports of the caller (or `owner`: "unassigned" for results whose
    ordering provider the lab did not name), critical, then abnormal, then normal (oldest
    first within each): one index Query of `limit` reports a page, `cursor` to go on."""
    require(caller, "results.inbox")
    owner = caller.user_id if owner in (None, "", "me") else owner
    scope = f"results-inbox:{owner}"
    query = ResultReport.inbox_index.query(owner, limit=limit, page_size=limit,
                                           last_evaluated_key=decode_cursor(cursor, scope))
    reports, last_key = one_page(query, ResultReport)
    from chalicelib.models.patient import Patient
    from chalicelib.services.patients import summary

    ids = sorted({r.patient_id for r in reports})
    patients = {p.patient_id: summary(p) for p in Patient.batch_get(ids)} if ids else {}
    audit.record_many(caller, [(r.patient_id, "read", "lab-result", r.report_id) for r in reports])
    return {"owner": owner, "quick_comments": QUICK_COMMENTS,
            "items": [{**views.detail(r, staff=True), "patient": patients.get(r.patient_id)} for r in reports],
            "cursor": encode_cursor(last_key, scope)}


def review(caller: Caller, patient_id: str, report_id: str, comment: str | None, *, send: bool = True) -> dict:
    """Reviewed with one click; a comment is shown to the patient and they are told
    (send False: the demo seed, the home still shows it)."""
    authorize_patient(caller, patient_id, "results.review")
    report = views.load(patient_id, report_id)
    comment = (comment or "").strip() or None
    was_visible = release.visible(report)
    now = iso_now()
    actions = [ResultReport.reviewed_at.set(now), ResultReport.reviewed_by.set(caller.user_id),
               ResultReport.reviewed_by_name.set(caller.display_name),
               ResultReport.inbox_owner.remove(), ResultReport.inbox_sort.remove()]
    if report.release == release.AWAITING:  # reviewed: the patient's wait is over
        actions += [ResultReport.release.set(release.RELEASED), ResultReport.due.remove()]
    if comment:
        actions += [ResultReport.comment.set(comment), ResultReport.comment_by_name.set(caller.display_name),
                    ResultReport.comment_at.set(now)]
    report.update(actions=actions, condition=ResultReport.version == report.version)
    audit.record(caller, patient_id, "update", "lab-result", report_id)
    if comment:
        audit.record(caller, patient_id, "create", "result-comment", report_id)
    now_visible = release.visible(report)
    if now_visible and (comment or not was_visible):
        from chalicelib.services.patients import load

        notices.tell_patient(load(patient_id), report, "new_result" if not was_visible else "result_comment",
                             send=send)
    return views.detail(report, staff=True)


def hold(caller: Caller, patient_id: str, report_id: str, reason: str) -> dict:
    """Keep this one result from the patient for now, with a recorded reason (holds report)."""
    authorize_patient(caller, patient_id, "results.hold")
    reason = reason.strip()
    if not reason:
        raise UnprocessableError("Give the reason for the hold.", field="reason")
    report = views.load(patient_id, report_id)
    if report.release == release.HELD:
        raise ConflictError("This result is already on hold.")
    now = iso_now()
    from pynamodb.exceptions import TransactWriteError

    try:
        with transact_write() as tx:
            tx.update(report, actions=[ResultReport.release.set(release.HELD), ResultReport.due.remove(),
                                       ResultReport.hold_reason.set(reason),
                                       ResultReport.held_by_name.set(caller.display_name),
                                       ResultReport.held_at.set(now)],
                      condition=ResultReport.release == report.release)
            tx.save(holds.hold_item(caller, patient_id, "lab-result", report_id, reason))
    except TransactWriteError:
        raise ConflictError("This result changed meanwhile. Reload and try again.") from None
    audit.record(caller, patient_id, "create", "result-hold", report_id)
    from chalicelib.services import home

    home.clear(patient_id, "result", report_id)
    return views.detail(views.load(patient_id, report_id), staff=True)


def release_hold(caller: Caller, patient_id: str, report_id: str) -> dict:
    authorize_patient(caller, patient_id, "results.hold")
    report = views.load(patient_id, report_id)
    if report.release != release.HELD:
        raise ConflictError("This result is not on hold.")
    now = iso_now()
    from pynamodb.exceptions import TransactWriteError

    try:
        with transact_write() as tx:
            tx.update(report, actions=[ResultReport.release.set(release.RELEASED)],
                      condition=ResultReport.release == release.HELD)
            tx.update(holds.key(patient_id, "lab-result", report_id), actions=holds.lift_actions(caller, now))
    except TransactWriteError:
        raise ConflictError("This result changed meanwhile. Reload and try again.") from None
    audit.record(caller, patient_id, "update", "result-hold", report_id)
    from chalicelib.services.patients import load

    report = views.load(patient_id, report_id)
    notices.tell_patient(load(patient_id), report)
    return views.detail(report, staff=True)
