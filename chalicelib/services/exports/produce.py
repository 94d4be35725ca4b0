"""The export worker's side: make the file of one job into S3 and say it is ready.

Runs in the export worker function (handlers/jobs.py, @on_sqs_message), the only one
with the PDF layer (fpdf2, fontTools, Pillow, the fonts: infra/package.py). Within
Lambda's limits whatever the record's size: the file is built in /tmp and uploaded with
S3's managed transfer (multipart above TRANSFER_THRESHOLD), never returned through API
Gateway (6 MB) nor made while a request waits (29 s).
"""
from __future__ import annotations

import json
import tempfile

from chalicelib.models._base import iso_now
from chalicelib.observability import logger

TRANSFER_THRESHOLD = 8 * 1024 * 1024
CONTENT_TYPES = {"fhir": "application/fhir+json", "pdf": "application/pdf", "statement": "application/pdf"}


def handle_message(body: str) -> str:
    from chalicelib import pdfdoc

    with pdfdoc.worker():
        return _handle(body)


def _handle(body: str) -> str:
    """One queue message {"patient_id", "export_id"} (or another PDF the worker makes:
    {"kind": "consent", ...}) -> "ready", "failed" or "skipped"."""
    from chalicelib.models.export_job import ExportJob

    message = json.loads(body)
    if message.get("kind") == "consent":
        from chalicelib.services.checkin import consent_pdf

        return consent_pdf.make(message)
    try:
        job = ExportJob.get(message["patient_id"], message["export_id"], consistent_read=True)
    except ExportJob.DoesNotExist:
        return "skipped"  # expired, or a message delivered again after the job finished
    if job.status != "pending":
        return "skipped"
    try:
        key, filename, size = _make(job)
    except Exception:
        logger.exception("export failed", extra={"patient_id": job.patient_id, "export_id": job.export_id})
        _finish(job, status="failed")
        return "failed"
    _finish(job, status="ready", s3_key=key, filename=filename, size=size)
    if job.notify_email:
        from chalicelib import notify

        notify.send("record_export_ready", email=job.notify_email, values={"link": "/#/account"},
                    patient_id=job.patient_id, user_id=job.requested_by)
    return "ready"


def _make(job) -> tuple[str, str, int]:
    """Build the file in /tmp, upload it, return (key, filename, size)."""
    from chalicelib import clock

    day = clock.local().date().isoformat()
    with tempfile.TemporaryFile(prefix="export-") as out:  # /tmp on Lambda (512 MB+)
        if job.format == "fhir":
            _write_fhir(job.patient_id, out)
            filename = f"health-record-{day}.json"
        elif job.format == "pdf":
            out.write(_record_pdf(job.patient_id))
            filename = f"health-record-{day}.pdf"
        else:
            number, pdf = _statement_pdf(job.patient_id, job.subject_id)
            out.write(pdf)
            filename = f"statement-{number}.pdf"
        size = out.tell()
        out.seek(0)
        key = f"exports/{job.patient_id}/{job.export_id}{filename[filename.rindex('.'):]}"
        _upload(out, key, CONTENT_TYPES[job.format])
    return key, filename, size


def _items(patient):
    from chalicelib import fhir
    from chalicelib.config import get_settings

    return fhir.collect(fhir.Context(patient=patient, portal_url=get_settings().portal_url))


def _write_fhir(patient_id: str, out) -> None:
    import io

    from chalicelib import fhir
    from chalicelib.services.patients import load

    bundle = fhir.bundle(_items(load(patient_id)), iso_now())
    text = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    json.dump(bundle, text, separators=(",", ":"))
    text.flush()
    text.detach()  # keep `out` open for the upload


def _record_pdf(patient_id: str) -> bytes:
    from chalicelib.fhir.pdf import render
    from chalicelib.services.patients import load
    from chalicelib.services.practice import current_settings

    patient = load(patient_id)
    return render(_items(patient), practice=current_settings(), patient=patient, generated_at=iso_now())


def _statement_pdf(patient_id: str, statement_id: str) -> tuple[str, bytes]:
    from chalicelib.services.billing import ledger
    from chalicelib.services.billing.pdf import render
    from chalicelib.services.billing.statements import load
    from chalicelib.services.patients import load as load_patient
    from chalicelib.services.practice import current_settings

    statement = load(patient_id, statement_id)
    body = render(statement, ledger.entries(patient_id, statement_id), load_patient(patient_id),
                  current_settings())
    return statement.number, body


def _upload(fileobj, key: str, content_type: str) -> None:
    """Managed transfer: one PutObject for a small file, multipart above the threshold.
    No threads: one part at a time keeps memory flat (and Lambda has few cores)."""
    from boto3.s3.transfer import TransferConfig

    from chalicelib.aws import client
    from chalicelib.config import get_settings

    config = TransferConfig(multipart_threshold=TRANSFER_THRESHOLD, multipart_chunksize=TRANSFER_THRESHOLD,
                            use_threads=False)
    client("s3").upload_fileobj(fileobj, get_settings().documents_bucket, key,
                                ExtraArgs={"ContentType": content_type}, Config=config)


def _finish(job, *, status: str, **done) -> None:
    """Mark the job (only if it is still pending: a message may arrive twice) and free
    the requester's running marker, so the next Export starts a new job."""
    from chalicelib.models.export_job import ExportJob
    from pynamodb.exceptions import DeleteError, UpdateError

    actions = [ExportJob.status.set(status), ExportJob.finished_at.set(iso_now())]
    actions += [getattr(ExportJob, name).set(value) for name, value in done.items()]
    actions.append(ExportJob.content_type.set(CONTENT_TYPES[job.format]))
    try:
        job.update(actions=actions, condition=ExportJob.status == "pending")
    except UpdateError:
        logger.warning("export finished twice", extra={"export_id": job.export_id})
    marker = ExportJob(job.patient_id, f"running#{job.format}#{job.subject_id or '-'}#{job.requested_by}")
    try:
        marker.delete(condition=ExportJob.current == job.export_id)
    except DeleteError:
        pass  # a newer job holds it (this one went stale)
