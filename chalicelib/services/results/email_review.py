"""Review by email: the ordering clinician gets "N results to review (ref R-xxxx)" and
replies "reviewed" or "comment: <the note the patient reads>" through the shared inbound
router (chalicelib/inbound: its grammar, cleaner and authentication; this is only the
"results" workflow's handler). The email names no patient and no test."""
from __future__ import annotations

from chalicelib.errors import InvalidError, NotFoundError
from chalicelib.ids import random_id
from chalicelib.models._base import iso_now
from chalicelib.models.result_report import ResultReport
from chalicelib.models.result_review_batch import ResultReviewBatch
from chalicelib.observability import logger


def reference(batch_id: str) -> str:
    return f"R-{batch_id[-4:].upper()}"


def send_digest(owner: str, patient_id: str, critical: bool = False) -> str | None:
    """Email `owner` the patient's results waiting for their review; returns the batch id.
    critical: the email is the critical-value alert (sent at once), with the same reply."""
    from chalicelib import inbound, notify
    from chalicelib.models.user import User

    reports = [r for r in ResultReport.inbox_index.query(owner, filter_condition=ResultReport.patient_id == patient_id,
                                                         limit=50)]
    if not reports:
        return None
    try:
        user = User.get(owner)
    except User.DoesNotExist:
        return None
    batch = ResultReviewBatch(random_id()[:20], patient_id=patient_id, owner=owner,
                              report_ids=[r.report_id for r in reports], created_at=iso_now())
    batch.save(condition=ResultReviewBatch.batch_id.does_not_exist())
    address, expires_at = inbound.reply_address("results", batch.batch_id, owner)
    from datetime import datetime, timezone

    from chalicelib import clock

    expires = datetime.fromtimestamp(expires_at, tz=timezone.utc).astimezone(clock.practice_tz())
    notify.send("critical_result_staff" if critical else "results_review_staff", email=user.email, user_id=owner, reply_to=address,
                values={"count": str(len(reports)), "reference": reference(batch.batch_id),
                        "expires_on": f"{expires:%B} {expires.day}, {expires.year}", "link": "/#/staff/results"})
    logger.info("results digest sent", extra={"batch_id": batch.batch_id, "count": len(reports)})
    return batch.batch_id


def handle_email_reply(reply) -> tuple[str, dict]:
    """The "results" workflow: reviewed marks every result the email listed as reviewed;
    comment does the same with the note the patient reads (and is told about)."""
    from chalicelib.services.results import clinician

    try:
        batch = ResultReviewBatch.get(reply.subject_id)
    except ResultReviewBatch.DoesNotExist:
        raise NotFoundError("These results no longer exist.") from None
    comment = None
    if reply.command.verb == "comment":
        comment = reply.text.strip()
        if not comment:
            raise InvalidError("Write the note after the word comment, for example: "
                               "comment Your cholesterol is a little high; we will recheck in spring.")
    done = 0
    for report_id in batch.report_ids:
        try:
            clinician.review(reply.caller, batch.patient_id, report_id, comment)
            done += 1
        except NotFoundError:
            continue
    values = {"count": str(done), "reference": reference(batch.batch_id)}
    if comment:
        return "results_commented_staff", {**values, "patient_reads": comment}
    return "results_reviewed_staff", values
