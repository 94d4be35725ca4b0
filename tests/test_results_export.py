"""Results in the record export: DiagnosticReport + Observation in the FHIR Bundle
(validated with fhir.resources, as the rest of the export) and a section of the PDF.
Only what the patient may see now: a held result is not exported."""
from __future__ import annotations

import json

from tests import export_helpers
from tests.helpers import make_patient_account
from tests.results_helpers import ack_fields, message, post_hl7
from tests.test_export import bundle_of, validate


def test_alexs_results_are_diagnostic_reports_with_observations(api, demo):
    bundle = bundle_of(api, "alex", demo["alex"])
    validate(bundle)
    resources = [e["resource"] for e in bundle["entry"]]
    reports = {r["id"]: r for r in resources if r["resourceType"] == "DiagnosticReport"}
    visible = {i["report_id"] for i in api.get(f"/patients/{demo['alex']}/results?limit=100", as_user="alex").json["items"]
               if i["status"] != "pending"}
    assert set(reports) >= visible and demo["alex_lipid"] in reports
    lipid = reports[demo["alex_lipid"]]
    assert lipid["status"] == "final" and lipid["code"]["coding"][0] == {
        "system": "http://loinc.org", "code": "57698-3", "display": "Lipid panel"}
    assert lipid["conclusion"].startswith('Your LDL ("bad") cholesterol is a little high')
    urls = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    observations = [urls[ref["reference"]] for ref in lipid["result"]]
    ldl = next(o for o in observations if o["code"]["coding"][0]["code"] == "13457-7")
    assert ldl["valueQuantity"] == {"value": 131, "unit": "mg/dL", "system": "http://unitsofmeasure.org",
                                    "code": "mg/dL"}
    assert ldl["referenceRange"][0]["high"]["value"] == 100 and ldl["referenceRange"][0]["text"] == "<100"
    assert ldl["interpretation"][0]["coding"][0]["code"] == "H"
    assert all(r["subject"] == lipid["subject"] for r in observations)


def test_every_value_type_exports_as_valid_fhir_and_held_results_stay_out(api, demo):
    eve = make_patient_account(api, given="Eve", family="Everywoman", birth_date="1980-01-15")
    for fixture in ("lri_sn_titer_251.hl7", "lri_strep_cwe_251.hl7", "hospital_culture_final_24.hl7",
                    "quest_lipid_231.hl7"):
        assert ack_fields(post_hl7(api, message(fixture, eve), demo["lab_credential"]))["code"] == "AA"
    token = api.token(eve["email"], eve["password"])
    pid = eve["patient_id"]
    lipid = next(i for i in api.get(f"/patients/{pid}/results", token=token).json["items"]
                 if i["lab_name"] == "Lipid panel with direct LDL")
    api.post(f"/patients/{pid}/results/{lipid['report_id']}/hold", {"reason": "Discuss first"}, as_user="provider")
    bundle = export_helpers.bundle(api, pid, token=token)
    validate(bundle)
    resources = [e["resource"] for e in bundle["entry"]]
    observations = {o["code"]["coding"][0]["code"]: o for o in resources if o["resourceType"] == "Observation"}
    assert observations["5048-4"]["valueString"] == "1:80"
    assert observations["1988-5"]["valueQuantity"]["comparator"] == "<"
    assert observations["78012-2"]["valueCodeableConcept"]["text"] == "Detected"
    assert observations["630-4"]["valueString"].startswith(">100,000 CFU/mL Escherichia coli.")
    assert lipid["report_id"] not in {r["id"] for r in resources if r["resourceType"] == "DiagnosticReport"}
    assert "2093-3" not in observations


def test_the_pdf_has_a_results_section(api, demo):
    text = export_helpers.pdf_text(api, demo["alex"], as_user="alex")
    assert "Test results" in text and "Lipid panel" in text and "Hemoglobin A1c" in text
    assert json.dumps(text).count("LDL Cholesterol") >= 1
