"""Statements in (CSV import: good, bad rows, dry run, re-import) and out (lists, one
statement, PDF with any name, the home's balance due)."""
from __future__ import annotations

import io

import pytest
import requests

from tests.billing_helpers import csv_of, import_rows, new_statement, number, row
from devserver.seed import DEMO_PASSWORD
from tests.helpers import make_patient_account, unique_email
from tests.export_helpers import finish, pdf_text


@pytest.fixture(scope="module")
def patient(api):
    return make_patient_account(api, given="Linh", family="Nguyễn", birth_date="1979-02-03",
                                email=unique_email("linh"), password=DEMO_PASSWORD)


def test_a_good_file_creates_each_statement_once_with_its_charge(api, patient):
    first = number()
    res = import_rows(api, row(first, patient["mrn"]), row(first, patient["mrn"], description="Flu shot",
                      cpt="90686", charge="40.00", insurance="40.00", adjustment="0", responsibility="0"))
    assert res.status == 200, res
    assert res.json["errors"] == [] and res.json["counts"] == {"new": 1, "updated": 0, "unchanged": 0}
    created = res.json["statements"][0]
    assert created["total_cents"] == 5000 and created["version"] == 1
    again = import_rows(api, row(first, patient["mrn"]), row(first, patient["mrn"], description="Flu shot",
                        cpt="90686", charge="40.00", insurance="40.00", adjustment="0", responsibility="0"))
    assert again.json["counts"] == {"new": 0, "updated": 0, "unchanged": 1}
    assert again.json["statements"][0]["statement_id"] == created["statement_id"]
    shown = api.get(f"/patients/{patient['patient_id']}/statements/{created['statement_id']}",
                    as_user=patient["email"]).json
    assert [e["kind"] for e in shown["entries"]] == ["charge"]
    assert shown["balance_cents"] == shown["ledger_balance_cents"] == 5000
    assert len(shown["lines"]) == 2 and shown["lines"][1]["cpt_code"] == "90686"


def test_dry_run_reports_each_bad_row_and_writes_nothing(api, patient):
    good, bad = number(), number()
    text = csv_of(row(good, patient["mrn"]),
                  row(bad, patient["mrn"], charge="abc"),
                  row(bad, "999999999"),
                  row(bad, patient["mrn"], responsibility="49.00"),
                  row(bad, patient["mrn"], statement_offset=-4))
    res = api.post("/statements/import", {"csv": text, "dry_run": True}, as_user="billing")
    assert res.status == 200, res
    by_row = {(e["row"], e["field"]) for e in res.json["errors"]}
    assert {(3, "charge"), (5, "patient_responsibility"), (6, "statement_date")} <= by_row
    assert any(e["field"] == "mrn" for e in res.json["errors"])
    real = api.post("/statements/import", {"csv": text}, as_user="billing")
    assert real.status == 422 and real.error["field"] == "csv"
    assert api.get(f"/statements?number={good}", as_user="billing").json["items"] == []


def test_dry_run_of_a_good_file_says_what_would_happen_without_doing_it(api, patient):
    fresh = number()
    res = import_rows(api, row(fresh, patient["mrn"]), dry_run=True)
    assert res.json["statements"][0]["outcome"] == "new" and res.json["statements"][0]["statement_id"] is None
    assert api.get(f"/statements?number={fresh}", as_user="billing").json["items"] == []


def test_missing_column_names_the_column(api):
    res = api.post("/statements/import", {"csv": "statement_number,mrn\nX-1,100001\n"}, as_user="billing")
    assert res.status == 400 and res.error["field"] == "csv" and "statement_date" in res.error["message"]


def test_reimport_with_changes_supersedes_and_keeps_history(api, patient):
    from chalicelib.models.statement_version import StatementVersion

    changed = number()
    created = import_rows(api, row(changed, patient["mrn"])).json["statements"][0]
    res = import_rows(api, row(changed, patient["mrn"], adjustment="50.00", responsibility="30.00"))
    assert res.json["statements"][0]["outcome"] == "updated" and res.json["statements"][0]["version"] == 2
    shown = api.get(f"/patients/{patient['patient_id']}/statements/{created['statement_id']}", as_user="billing").json
    assert shown["version"] == 2 and shown["total_cents"] == 3000 and shown["balance_cents"] == 3000
    assert [(e["kind"], e["amount_cents"]) for e in shown["entries"]] == [("charge", 5000), ("adjustment", -2000)]
    history = list(StatementVersion.query(patient["patient_id"],
                                          StatementVersion.version_key.startswith(created["statement_id"])))
    assert [(v.version, int(v.total_cents)) for v in history] == [(1, 5000)]


def test_a_statement_number_cannot_move_to_another_patient(api, patient, demo):
    from chalicelib.models.patient import Patient

    moved = number()
    import_rows(api, row(moved, patient["mrn"]))
    res = import_rows(api, row(moved, Patient.get(demo["priya"]).mrn), dry_run=True)
    assert res.json["errors"][0]["field"] == "mrn" and "another patient" in res.json["errors"][0]["message"]


def test_only_billing_staff_import(api, patient):
    text = csv_of(row(number(), patient["mrn"]))
    for who in ("alex", "front_desk", "provider", "nurse"):
        res = api.post("/statements/import", {"csv": text, "dry_run": True}, as_user=who)
        assert res.status == 403, (who, res)
    assert api.post("/statements/import", {"csv": text, "dry_run": True}, as_user="admin").status == 200


def test_billing_lists_unpaid_by_age_and_searches_by_number_or_patient(api, patient):
    old = new_statement(api, patient, statement_offset=-70, due_offset=-40, service_offset=-80)
    unpaid = api.get("/statements?limit=100", as_user="billing").json["items"]
    mine = next(s for s in unpaid if s["statement_id"] == old["statement_id"])
    assert mine["age_bucket"] == "61-90" and mine["status"] == "overdue"
    dates = [s["statement_date"] for s in unpaid]
    assert dates == sorted(dates)
    by_number = api.get(f"/statements?number={old['number']}", as_user="billing").json["items"]
    assert [s["statement_id"] for s in by_number] == [old["statement_id"]]
    by_patient = api.get(f"/statements?mrn={patient['mrn']}", as_user="billing").json["items"]
    assert old["statement_id"] in {s["statement_id"] for s in by_patient}
    assert api.get("/statements", as_user="front_desk").status == 403


def test_new_statement_shows_on_the_home_and_is_announced_without_phi(api, mailbox):
    someone = make_patient_account(api, given="Rosa", family="Quintero", password=DEMO_PASSWORD)
    statement = new_statement(api, someone, responsibility_cents=12345)
    home = api.get(f"/patients/{someone['patient_id']}/home", as_user=someone["email"]).json
    assert home["sections"]["balance_due"]["balance_cents"] == 12345
    assert any(i["kind"] == "statement" and i["resource_id"] == statement["statement_id"] for i in home["attention"])
    sent = [m for m in mailbox.messages() if someone["email"] in m.get("to", [])]
    assert sent, "the patient is told a statement is waiting"
    body = str(sent[0])
    assert "123.45" not in body and "Quintero" not in body and "Office visit" not in body


def test_statement_pdf_prints_non_latin_names(api, patient):
    from pypdf import PdfReader

    statement = new_statement(api, patient, responsibility_cents=2500)
    res = api.post(f"/patients/{patient['patient_id']}/statements/{statement['statement_id']}/pdf", {},
                   as_user=patient["email"])
    assert res.status == 202 and res.json["status"] == "pending", res
    job = finish(api, patient["patient_id"], res.json["export_id"], as_user=patient["email"])
    assert job["status"] == "ready" and job["filename"] == f"statement-{statement['number']}.pdf", job
    fetched = requests.get(job["url"], timeout=30)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(fetched.content)).pages)
    assert "Linh Nguyễn" in text and statement["number"] in text and "$25.00" in text
    assert "Nguy?n" not in text


def test_record_export_pdf_prints_non_latin_names(api, patient):
    text = pdf_text(api, patient["patient_id"], as_user=patient["email"])
    assert "Linh Nguyễn" in text and "Nguy?n" not in text


def test_statement_reads_are_audited_and_other_patients_get_404(api, demo):
    alex_statement = demo["alex_statement"]
    assert api.get(f"/patients/{demo['alex']}/statements/{alex_statement}", as_user="priya").status == 404
    assert api.get(f"/patients/{demo['alex']}/statements", as_user="priya").status == 404
    assert api.get(f"/patients/{demo['alex']}/statements/{alex_statement}", as_user="alex").status == 200
    log = api.get(f"/patients/{demo['alex']}/access-log?limit=3", as_user="alex").json["items"]
    assert log[0]["resource"] == "statement" and log[0]["resource_id"] == alex_statement


def test_the_billing_system_posts_its_csv_with_an_interface_account(api, patient):
    created = api.post("/interface-accounts", {"name": "Practice billing system", "scope": "billing"},
                       as_user="admin")
    assert created.status == 201, created
    credential = created.json["credential"]
    fresh = number()
    text = csv_of(row(fresh, patient["mrn"])).encode()

    def feed(header, query=""):
        headers = {"content-type": "text/csv", **({"authorization": header} if header else {})}
        return api.request("POST", f"/statements/feed{query}", raw=text, headers=headers)

    dry = feed(f"Bearer {credential}", "?dry_run=true")
    assert dry.status == 200 and dry.json["statements"][0]["outcome"] == "new", dry
    assert feed(f"Bearer {credential}").json["counts"]["new"] == 1
    assert feed(f"Bearer {credential}").json["counts"]["unchanged"] == 1
    assert feed(None).status == 401
    assert feed(f"Bearer {api.token('billing')}").status == 401  # a person's login is not the system's
    lab = api.post("/interface-accounts", {"name": "Lab", "scope": "results"}, as_user="admin").json["credential"]
    assert feed(f"Bearer {lab}").status == 401  # a results credential does not reach billing
    log = api.get(f"/patients/{patient['patient_id']}/access-log?limit=5", as_user=patient["email"]).json["items"]
    assert any(e["resource"] == "statement" and e["actor"]["name"] == "Practice billing system" for e in log)


def test_ask_about_this_bill_starts_a_billing_conversation_about_the_statement(api, demo):
    res = api.post(f"/patients/{demo['alex']}/messages",
                   {"topic": "billing", "subject": "Question about my statement", "body": "Is the lab fee right?",
                    "about": {"type": "statement", "id": demo["alex_statement"]}}, as_user="alex")
    assert res.status == 201, res
    assert res.json["about"]["label"].startswith("Statement S-1002")
    other = api.post(f"/patients/{demo['alex']}/messages",
                     {"topic": "billing", "subject": "Q", "body": "Q",
                      "about": {"type": "statement", "id": demo["priya_statement"]}}, as_user="alex")
    assert other.status in (400, 404, 422)
    # Leave Alex's open conversations as found: the practice caps them per patient.
    closed = api.post(f"/patients/{demo['alex']}/messages/{res.json['thread_id']}/close", {}, as_user="alex")
    assert closed.status == 200, closed
