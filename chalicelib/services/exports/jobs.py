"""Starting an export job and reading its status (the API side; no PDF or FHIR code here)."""
from __future__ import annotations

import functools
import json

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import InvalidError, NotFoundError
from chalicelib.ids import random_id
from chalicelib.models._base import iso_now, utcnow

# format -> (permission, audit resource): what the requester needs, what the access log says.
FORMATS = {"fhir": ("record.export", "record-export"), "pdf": ("record.export", "record-export"),
           "statement": ("billing.read", "statement-pdf")}
LINK_SECONDS = 300  # the download link handed out with a ready job
KEEP_SECONDS = 24 * 3600  # jobs and their files (S3 lifecycle rule "expire-record-exports")
# A job still pending after this is reported failed (its worker died or timed out twice);
# its running marker stops blocking a new request then too.
STALE_SECONDS = 15 * 60


def start(caller: Caller, patient_id: str, fmt: str, *, subject_id: str | None = None) -> dict:
    """Start (or join) an export job; the caller polls status() or waits for the email."""
    if fmt not in FORMATS:
        raise InvalidError("Choose fhir or pdf.", field="format")
    permission, resource = FORMATS[fmt]
    authorize_patient(caller, patient_id, permission)
    from chalicelib.models.export_job import ExportJob

    if fmt == "statement":
        from chalicelib.services.billing.statements import load

        load(patient_id, subject_id)  # 404 for a statement that is not this patient's
    now = utcnow()
    epoch = int(now.timestamp())
    marker_id = f"running#{fmt}#{subject_id or '-'}#{caller.user_id}"
    job = ExportJob(patient_id, random_id(f"{fmt}-"), format=fmt, subject_id=subject_id, status="pending",
                    requested_by=caller.user_id, requested_at=iso_now(),
                    notify_email=caller.email if fmt != "statement" else None, purge_at=_purge(epoch))
    marker = ExportJob(patient_id, marker_id, current=job.export_id, held_until=epoch + STALE_SECONDS,
                       purge_at=_purge(epoch))
    from pynamodb.exceptions import PutError

    try:
        marker.save(condition=ExportJob.export_id.does_not_exist() | (ExportJob.held_until < epoch))
    except PutError as exc:
        if not _condition_failed(exc):
            raise
        running = _running(patient_id, marker_id)
        if running is not None:
            return to_dict(running)
        marker.save()  # the marker went between our write and read: take it
    job.save()
    audit.record(caller, patient_id, "export", resource, subject_id or fmt)
    enqueue({"patient_id": patient_id, "export_id": job.export_id})
    return to_dict(job)


def _purge(epoch: int):
    from datetime import datetime, timezone

    return datetime.fromtimestamp(epoch + KEEP_SECONDS, timezone.utc)


def _condition_failed(exc) -> bool:
    cause = getattr(exc, "cause_response_code", None)
    return cause == "ConditionalCheckFailedException"


def _running(patient_id: str, marker_id: str):
    from chalicelib.models.export_job import ExportJob

    try:
        marker = ExportJob.get(patient_id, marker_id, consistent_read=True)
        return ExportJob.get(patient_id, marker.current, consistent_read=True)
    except ExportJob.DoesNotExist:
        return None


def enqueue(message: dict) -> None:
    """One SQS message (ids only) for the export worker (handlers/jobs.py): an export job, or
    another PDF it makes (a signed consent's copy: services/checkin/consent_pdf.py)."""
    from chalicelib.aws import client
    from chalicelib.config import get_settings

    client("sqs").send_message(QueueUrl=get_settings().export_queue_url, MessageBody=json.dumps(message))


def status(caller: Caller, patient_id: str, export_id: str) -> dict:
    """pending | ready (+ a short-lived link) | failed. Only the requester sees their job."""
    fmt = export_id.split("-", 1)[0]
    if fmt not in FORMATS or export_id.startswith("running#"):
        raise NotFoundError("Export not found.")
    authorize_patient(caller, patient_id, FORMATS[fmt][0])
    from chalicelib.models.export_job import ExportJob

    try:
        job = ExportJob.get(patient_id, export_id, consistent_read=True)
    except ExportJob.DoesNotExist:
        raise NotFoundError("Export not found.") from None
    if job.requested_by != caller.user_id:
        raise NotFoundError("Export not found.")
    return to_dict(job)


def to_dict(job) -> dict:
    out = {"export_id": job.export_id, "format": job.format, "status": job.status,
           "requested_at": job.requested_at}
    if job.subject_id:
        out["statement_id"] = job.subject_id
    if job.status == "pending" and _stale(job):
        out["status"] = "failed"
    if out["status"] == "ready":
        from chalicelib import storage

        out.update(url=storage.presigned_get(job.s3_key, job.filename, job.content_type, LINK_SECONDS),
                   expires_in=LINK_SECONDS, filename=job.filename, size=int(job.size or 0))
    if out["status"] == "failed":
        out["message"] = "The file could not be made. Try again; if it fails again, call the practice."
    return out


def _stale(job) -> bool:
    from datetime import datetime

    started = datetime.fromisoformat(job.requested_at.replace("Z", "+00:00"))
    return (utcnow() - started).total_seconds() > STALE_SECONDS


@functools.cache
def _idempotent_start():
    from chalicelib.idempotency import runner

    def work(caller: Caller, request: dict) -> dict:
        body = request["body"]
        return start(caller, request["patient_id"], body["format"], subject_id=body.get("statement_id"))

    return runner("export_start", "[user, patient_id, key]", work)


def start_once(caller: Caller, patient_id: str, fmt: str, key: str | None, lambda_context=None, *,
               subject_id: str | None = None) -> dict:
    """start() honouring an Idempotency-Key: a retry with the same key gets the first job."""
    if not key:
        return start(caller, patient_id, fmt, subject_id=subject_id)
    from chalicelib.idempotency import run_once

    body = {"format": fmt, "statement_id": subject_id}
    return run_once(_idempotent_start, caller, {"user": caller.user_id, "patient_id": patient_id, "key": key,
                                                "body": body}, lambda_context,
                    what="export", doing="This export is already being started")
