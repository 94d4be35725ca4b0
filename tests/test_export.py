"""Record export: the whole record as a FHIR R4 Bundle (validated with fhir.resources)
and as a readable PDF, made by the export worker (tests/export_helpers.py runs it);
every export is audited. The job itself (idempotency, status, email, a 100x record):
tests/test_export_jobs.py."""
from __future__ import annotations

import json

import pytest

from tests import export_helpers

pytestmark = pytest.mark.clock  # run again under another TZ in CI

PATIENTS = ("alex", "priya", "jordan", "sam")


def bundle_of(api, who, pid):
    return export_helpers.bundle(api, pid, as_user=who)


def validate(bundle: dict):
    # R4B is R4 with a few unrelated additions; these resources are the same in both.
    from fhir.resources.R4B.bundle import Bundle

    return Bundle.model_validate(bundle)


def expected_ids(api, pid, reader):
    """What the patient can see through the API: every entry (retired too), every
    released summary, every visible document."""
    health = api.get(f"/patients/{pid}/health?include_retired=true", as_user=reader).json
    summaries = api.get(f"/patients/{pid}/visit-summaries?limit=100", as_user=reader).json["items"]
    documents = api.get(f"/patients/{pid}/documents?limit=100", as_user=reader).json["items"]
    assert health["cursor"] is None
    return ({i["entry_id"]: i["resource"] for i in health["items"]},
            {s["summary_id"] for s in summaries if s["status"] == "available"},
            {s["summary_id"] for s in summaries if s["status"] == "pending"},
            {d["document_id"] for d in documents})


@pytest.mark.parametrize("who,key", [("alex", "alex"), ("priya", "priya"), ("jordan", "jordan"),
                                     ("jordan", "sam")])
def test_the_bundle_validates_and_holds_exactly_this_patients_record(api, demo, who, key):
    pid = demo[key]
    bundle = bundle_of(api, who, pid)
    validate(bundle)
    assert bundle["type"] == "collection"
    resources = [e["resource"] for e in bundle["entry"]]
    by_id = {r["id"]: r for r in resources}
    entries, released, pending, documents = expected_ids(api, pid, who)

    for entry_id, resource_type in entries.items():
        assert by_id[entry_id]["resourceType"] == resource_type
    for summary_id in released:
        assert by_id[summary_id]["resourceType"] == "Encounter"
        assert by_id[f"{summary_id}-summary"]["resourceType"] == "DocumentReference"
    for summary_id in pending:
        assert summary_id not in by_id and f"{summary_id}-summary" not in by_id
    for document_id in documents:
        assert by_id[document_id]["resourceType"] == "DocumentReference"
    patient = [r for r in resources if r["resourceType"] == "Patient"]
    assert [p["id"] for p in patient] == [pid]
    # Appointments (issue 5): every visit and request of this patient, cancelled ones too.
    from chalicelib.models.appointment import Appointment

    visits = {a.appointment_id for a in Appointment.query(pid)}
    assert {r["id"] for r in resources if r["resourceType"] == "Appointment"} == visits
    # Test results (issue 12): a DiagnosticReport per report the patient may see, an Observation per value.
    import json as _json

    from chalicelib.models.result_report import ResultReport
    from chalicelib.services.results.release import visible

    results = [r for r in ResultReport.query(pid) if visible(r)]
    assert {r["id"] for r in resources if r["resourceType"] == "DiagnosticReport"} == {r.report_id for r in results}
    values = sum(len(_json.loads(r.observations)) for r in results)
    # Messages (issue 11): every message the patient side reads, as Communication; no internal notes.
    from chalicelib.models.message import Message

    readable = {f"{m.thread_id}-{int(m.seq)}" for m in Message.query(pid) if m.kind != "note"}
    assert {r["id"] for r in resources if r["resourceType"] == "Communication"} == readable
    # Billing statements (issue 13): an Invoice per statement (billing records are in the record set).
    from chalicelib.models.statement import Statement

    statements = {s.statement_id for s in Statement.query(pid)}
    assert {r["id"] for r in resources if r["resourceType"] == "Invoice"} == statements
    # Issue 14: an amended summary also carries each earlier version (a superseded DocumentReference).
    from chalicelib.models.visit_summary import VisitSummary

    earlier = sum(len(s.versions or []) for s in VisitSummary.query(pid) if s.summary_id in released)
    assert len(resources) == 1 + len(entries) + 2 * len(released) + earlier + len(documents) + len(visits) \
        + len(results) + values + len(readable) + len(statements)

    # Every reference to a patient is to this one; nothing of anyone else.
    patient_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    for resource in resources:
        for field in ("subject", "patient"):
            if field in resource:
                assert resource[field]["reference"] == patient_url
    text = json.dumps(bundle)
    for other in PATIENTS:
        if other != key:
            assert demo[other] not in text


def test_seeded_items_are_all_in_alexs_bundle(api, demo):
    from devserver.seed_health import RECORDS

    bundle = bundle_of(api, "alex", demo["alex"])
    resources = [e["resource"] for e in bundle["entry"]]
    text = json.dumps(resources)
    for _section, fields, *_ in RECORDS["alex"]:
        title = next(iter(fields.values()))
        assert title in text
    meds = {r["medicationCodeableConcept"]["text"]: r for r in resources if r["resourceType"] == "MedicationStatement"}
    assert meds["Azithromycin 250 mg tablet"]["status"] == "completed"  # retired, still in the record
    assert meds["Lisinopril 10 mg tablet"]["dosage"][0]["patientInstruction"].startswith("Take in the morning")
    allergy = next(r for r in resources if r["resourceType"] == "AllergyIntolerance")
    assert allergy["clinicalStatus"]["coding"][0]["code"] == "active"
    assert allergy["reaction"][0]["severity"] == "moderate"
    for other in ("Levothyroxine", "Sumatriptan", "Albuterol"):
        assert other not in text


def test_held_summaries_stay_out_until_released(api, demo):
    pid = demo["priya"]
    held = next(s for s in api.get(f"/patients/{pid}/visit-summaries", as_user="priya").json["items"]
                if s["status"] == "pending")
    assert held["summary_id"] not in json.dumps(bundle_of(api, "priya", pid))


def test_summary_text_travels_inside_the_bundle(api, demo):
    import base64

    bundle = bundle_of(api, "alex", demo["alex"])
    notes = [e["resource"] for e in bundle["entry"] if e["resource"]["id"].endswith("-summary")]
    texts = [base64.b64decode(n["content"][0]["attachment"]["data"]).decode() for n in notes]
    assert any("Blood pressure follow-up" in t and "Continue lisinopril" in t for t in texts)


def test_every_export_shows_in_the_patients_access_log(api, demo):
    pid = demo["sam"]
    bundle_of(api, "jordan", pid)
    export_helpers.export(api, pid, "pdf", as_user="jordan")
    log = api.get(f"/patients/{pid}/access-log?limit=5", as_user="jordan").json["items"]
    exports = [e for e in log if e["action"] == "export"]
    assert {e["resource_id"] for e in exports[:2]} == {"fhir", "pdf"}
    assert exports[0]["description"] == "Jordan Morgan (proxy) downloaded whole health record (export)"


def test_the_readable_copy_is_a_pdf_of_this_patients_record(api, demo):
    job, _ = export_helpers.export(api, demo["alex"], "pdf", as_user="alex")
    assert job["filename"].endswith(".pdf") and job["expires_in"] == 300
    text = export_helpers.pdf_text(api, demo["alex"], as_user="alex")
    for expected in ("Alex Morgan", "Lisinopril 10 mg tablet", "Penicillin", "Tdap", "Laparoscopic appendectomy",
                     "Blood pressure follow-up", "Medications", "Allergies",
                     "Billing statements", "Statement S-1002"):
        assert expected in text, expected
    for other in ("Levothyroxine", "Sumatriptan", "Shah"):
        assert other not in text


def test_export_is_a_handful_of_calls_without_scan(api, demo, ddb_calls):
    api.token("alex")
    with ddb_calls() as request:
        res = export_helpers.start(api, demo["alex"], "fhir", as_user="alex")
    # The request: user, running marker, job, audit. Nothing of the record is read on it.
    assert res.status == 202 and "Scan" not in request and len(request) <= 5, request
    with ddb_calls() as worker:
        export_helpers.run_worker()
    # The worker: the job, then one Query per source (results: issue 12; statements: issue 13;
    # messages, issue 11, add their threads and messages; questionnaire answers, issue 17, one),
    # then the job and the marker.
    assert "Scan" not in worker and len(worker) <= 16, worker
