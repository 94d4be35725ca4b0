"""Exports that scale (issue 16): a record export is a job the export worker makes into S3
(status pending -> ready with a short-lived link, or failed), started once however often
it is asked for, emailed without PHI when ready; and a 100x record goes through it."""
from __future__ import annotations

import io
import json
import uuid

import pytest
import requests

from tests import export_helpers
from tests.export_helpers import finish, run_worker, start
from tests.helpers import make_patient_account


@pytest.fixture
def patient(api):
    return make_patient_account(api, given="Export", family=f"Jobs{uuid.uuid4().hex[:6]}")


def _login(api, patient) -> dict:
    return {"token": api.token(patient["email"], patient["password"])}


def test_the_request_answers_at_once_with_a_pending_job_and_the_worker_makes_the_file(api, patient, mailbox):
    who = _login(api, patient)
    pid = patient["patient_id"]
    res = start(api, pid, "pdf", **who)
    assert res.status == 202, res
    job = res.json
    assert job["status"] == "pending" and job["format"] == "pdf" and "url" not in job
    assert api.get(f"/patients/{pid}/exports/{job['export_id']}", **who).json["status"] == "pending"
    ready = finish(api, pid, job["export_id"], **who)
    assert ready["status"] == "ready" and ready["expires_in"] == 300 and ready["size"] > 1000
    assert ready["filename"].startswith("health-record-") and ready["filename"].endswith(".pdf")
    fetched = requests.get(ready["url"], timeout=30)
    assert fetched.content.startswith(b"%PDF-") and len(fetched.content) == ready["size"]
    # The email: that it is ready and where to get it; nothing of the record, not even the name.
    mail = next(m for m in mailbox.messages() if m["channel"] == "email" and m["to"] == patient["email"])
    assert mail["subject"] == "Your record export is ready"
    assert "http://portal.test/#/account" in mail["body_text"]
    for text in (mail["subject"], mail["body_text"], mail["body_html"]):
        assert patient["family_name"] not in text and patient["given_name"] not in text
        assert ready["url"] not in text


def test_a_retry_with_the_same_idempotency_key_starts_no_second_job(api, patient):
    who = _login(api, patient)
    pid = patient["patient_id"]
    run_worker()  # nothing of other tests waiting
    first = start(api, pid, "fhir", key="export-retry-0001", **who)
    again = start(api, pid, "fhir", key="export-retry-0001", **who)
    assert first.status == again.status == 202
    assert again.json["export_id"] == first.json["export_id"]
    assert start(api, pid, "pdf", key="export-retry-0001", **who).status == 422  # the key, another body
    assert run_worker() == 1


def test_a_second_request_while_one_runs_joins_it_and_the_next_one_after_starts_anew(api, patient):
    from chalicelib.models.audit import AuditEvent

    who = _login(api, patient)
    pid = patient["patient_id"]
    run_worker()
    first = start(api, pid, "fhir", **who).json
    second = start(api, pid, "fhir", **who).json
    assert second["export_id"] == first["export_id"]
    other_format = start(api, pid, "pdf", **who).json  # a PDF is another file: its own job
    assert other_format["export_id"] != first["export_id"]
    assert run_worker() == 2
    assert api.get(f"/patients/{pid}/exports/{first['export_id']}", **who).json["status"] == "ready"
    third = start(api, pid, "fhir", **who).json
    assert third["export_id"] != first["export_id"] and third["status"] == "pending"
    run_worker()
    # Audited per job started, as the access log reads it (who, which patient, when).
    exports = [e for e in AuditEvent.query(pid) if e.action == "export"]
    assert sorted(e.resource_id for e in exports) == ["fhir", "fhir", "pdf"]


def test_only_the_requester_reads_the_job(api, demo, patient):
    who = _login(api, patient)
    pid = patient["patient_id"]
    job = start(api, pid, "fhir", **who).json
    run_worker()
    path = f"/patients/{pid}/exports/{job['export_id']}"
    assert api.get(path, as_user="alex").status == 404  # another patient
    assert api.get(path, as_user="provider").status == 403  # staff do not export records
    assert api.get(f"/patients/{pid}/exports/fhir-{'0' * 32}", **who).status == 404
    assert api.get(f"/patients/{pid}/exports/running#fhir#-#x", **who).status == 404
    # Jordan's export of Sam's record is Jordan's: Sam's record, Jordan's job.
    sams = start(api, demo["sam"], "fhir", as_user="jordan").json
    run_worker()
    assert api.get(f"/patients/{demo['sam']}/exports/{sams['export_id']}", as_user="jordan").json["status"] == "ready"
    assert api.get(f"/patients/{demo['sam']}/exports/{sams['export_id']}", as_user="alex").status == 404


def test_bad_format_is_a_400_naming_the_field_and_starts_nothing(api, patient):
    who = _login(api, patient)
    res = api.post(f"/patients/{patient['patient_id']}/exports", {"format": "docx"}, **who)
    assert res.status == 400 and res.error["field"] == "format", res
    assert run_worker() == 0


def test_a_job_the_worker_fails_on_reports_failed_and_frees_the_next_request(api, patient, monkeypatch):
    from chalicelib.services.exports import produce

    who = _login(api, patient)
    pid = patient["patient_id"]
    run_worker()

    def broken(job):
        raise RuntimeError("disk full")

    monkeypatch.setattr(produce, "_make", broken)
    job = start(api, pid, "pdf", **who).json
    failed = finish(api, pid, job["export_id"], **who)
    assert failed["status"] == "failed" and "url" not in failed and "Try again" in failed["message"]
    monkeypatch.undo()
    retry = start(api, pid, "pdf", **who).json
    assert retry["export_id"] != job["export_id"]
    assert finish(api, pid, retry["export_id"], **who)["status"] == "ready"


def test_a_message_delivered_twice_makes_the_file_once(api, patient):
    from chalicelib.services.exports.produce import handle_message

    who = _login(api, patient)
    pid = patient["patient_id"]
    job = start(api, pid, "fhir", **who).json
    run_worker()
    again = json.dumps({"patient_id": pid, "export_id": job["export_id"]})
    assert handle_message(again) == "skipped"
    assert handle_message(json.dumps({"patient_id": pid, "export_id": "fhir-gone"})) == "skipped"


def test_a_large_file_goes_up_in_parts(demo):
    """Above the threshold the upload is multipart (no file through memory twice, no 5 GB limit)."""
    import tempfile

    from chalicelib.aws import client
    from chalicelib.config import get_settings
    from chalicelib.services.exports import produce

    size = produce.TRANSFER_THRESHOLD + 1024 * 1024
    with tempfile.TemporaryFile() as big:
        big.write(b"{" + b" " * (size - 2) + b"}")
        big.seek(0)
        key = f"exports/test/{uuid.uuid4().hex}.json"
        produce._upload(big, key, "application/fhir+json")
    head = client("s3").head_object(Bucket=get_settings().documents_bucket, Key=key)
    assert head["ContentLength"] == size and head["ETag"].strip('"').endswith("-2")  # two parts


# ---- a 100x record ---------------------------------------------------------------------


def _grow(source_pid: str, target_pid: str, times: int) -> dict:
    """Copy the source patient's health entries and results `times` over into the target's
    partition (fresh ids, no index keys that would put them in staff queues)."""
    from chalicelib.models.health import HealthEntry
    from chalicelib.models.result_report import ResultReport
    from chalicelib.services.results.release import visible

    entries = list(HealthEntry.query(source_pid))
    reports = [r for r in ResultReport.query(source_pid) if visible(r)]
    with HealthEntry.batch_write() as batch:
        for n in range(times):
            for entry in entries:
                copy = HealthEntry.from_raw_data(entry.serialize())
                copy.patient_id, copy.entry_id = target_pid, f"{entry.entry_id[:40]}-{n:03d}"
                batch.save(copy)
    with ResultReport.batch_write() as batch:
        for n in range(times):
            for report in reports:
                copy = ResultReport.from_raw_data(report.serialize())
                copy.patient_id, copy.report_id = target_pid, f"{report.report_id[:40]}-{n:03d}"
                copy.order_key = f"grown-{target_pid}-{report.report_id}-{n}"
                for index_key in ("inbox_owner", "inbox_sort", "due"):
                    if hasattr(copy, index_key):
                        setattr(copy, index_key, None)
                batch.save(copy)
    return {"entries": len(entries) * times, "reports": len(reports) * times,
            "observations": sum(len(json.loads(r.observations)) for r in reports) * times}


def test_the_export_of_a_100x_record_completes_through_the_async_path(api, demo, patient):
    """The FHIR file of a record a hundred times the demo's (3.6 MB once, over half of what
    API Gateway could return) and its PDF: made by the worker, downloaded by the link, parsed."""
    from pypdf import PdfReader

    who = _login(api, patient)
    pid = patient["patient_id"]
    grown = _grow(demo["alex"], pid, 100)
    assert grown["entries"] >= 1000 and grown["reports"] >= 100

    job, fetched = export_helpers.export(api, pid, "fhir", **who)
    bundle = json.loads(fetched.content)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("DiagnosticReport") == grown["reports"]
    assert kinds.count("Observation") >= grown["observations"]  # social history is Observations too
    assert len(bundle["entry"]) >= 1 + grown["entries"] + grown["reports"] + grown["observations"]
    assert job["size"] == len(fetched.content) > 1_000_000

    job, fetched = export_helpers.export(api, pid, "pdf", **who)
    reader = PdfReader(io.BytesIO(fetched.content))
    assert len(reader.pages) > 50
    assert f"Health record of Export {patient['family_name']}" in reader.pages[0].extract_text()
    assert any("Test results" in page.extract_text() for page in reader.pages)
    assert "Hemoglobin A1c" in reader.pages[-1].extract_text()  # the whole record, to its last section


# ---- other PDFs the worker makes ---------------------------------------------------------


def test_a_signed_consents_pdf_copy_is_made_by_the_worker_not_on_the_request(api, ddb_calls):
    """Signing writes the signature and the document at once; the PDF follows from the worker
    (the API function has no PDF library), from ids alone: no name travels on the queue."""
    from pypdf import PdfReader

    from tests.checkin_helpers import fresh_patient_with_physical
    from tests.test_checkin import _base, _sign_all

    patient, appt = fresh_patient_with_physical(api, family="Consent")
    who, base, pid = patient["email"], _base(patient, appt), patient["patient_id"]
    run_worker()
    made = api.post("/forms/consents", {"title": "Export consent", "text": "I agree to the test."}, as_user="admin")
    form_id = made.json["form_id"]
    try:
        state = api.get(base, as_user=who).json
        assert _sign_all(api, base, state, who, name="Robin Consent").status == 200
        signed = api.get(base, as_user=who).json["changes"]["consents"]["signed"]
        document_id = next(s["document_id"] for s in signed if s["form_id"] == form_id)
        assert run_worker() >= 1
        link = api.get(f"/patients/{pid}/documents/{document_id}/download", as_user=who).json
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(requests.get(link["url"], timeout=30)
                                                                         .content)).pages)
        assert "Export consent" in text and "I agree to the test." in text
        assert "Signed electronically by Robin Consent" in text
    finally:
        api.post("/forms/consents", {"title": "Export consent", "text": "Retired.", "form_id": form_id,
                                     "active": False}, as_user="admin")


def test_a_pdf_started_outside_the_export_worker_is_refused():
    """The API function has no fpdf2 on Lambda: a request path that made a PDF would fail
    there only. It fails here too, in every test that reaches it."""
    from chalicelib import pdfdoc

    with pytest.raises(pdfdoc.NotInWorkerError):
        pdfdoc.new_document("Anything", "Practice")
    with pdfdoc.worker():
        assert pdfdoc.new_document("Anything", "Practice").page == 1
