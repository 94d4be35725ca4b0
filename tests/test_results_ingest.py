"""Lab results in: HL7 v2 ORU^R01 over HTTPS from an interface account.

The corpus (tests/fixtures/hl7) follows the HL7 2.5.1 standard and the published
styles of several labs: a reference lab on 2.3.1 with local codes and LOINC as the
alternate coding, another on 2.3 with a Z segment, an LRI 2.5.1 lab with SPM and
performing-organization fields, and a hospital lab on 2.4 with microbiology text.
"""
from __future__ import annotations

import json

import pytest

from tests.helpers import make_patient
from tests.results_helpers import ack_fields, control_id, message, post_hl7


@pytest.fixture
def patient(api):
    return make_patient(api, given="Eve", family="Everywoman", birth_date="1980-01-15")


def reports_of(patient_id: str):
    from chalicelib.models.result_report import ResultReport

    return list(ResultReport.query(patient_id))


def versions_of(patient_id: str):
    from chalicelib.models.result_version import ResultVersion

    return list(ResultVersion.query(patient_id))


def new_mail(mailbox, before):
    return [m for m in mailbox.messages() if m["id"] not in before]


def test_a_lab_files_a_lipid_panel_and_gets_aa(api, demo, patient, mailbox):
    before = {m["id"] for m in mailbox.messages()}
    raw = message("quest_lipid_231.hl7", patient)
    res = post_hl7(api, raw, demo["lab_credential"])
    assert res.status == 200 and res.headers["Content-Type"] == "application/hl7-v2"
    ack = ack_fields(res)
    assert ack["code"] == "AA" and ack["control_id"] == control_id(raw)
    assert ack["msh"][8] == "ACK^R01^ACK" and ack["msh"][4] == "QLAB"  # answered to the sender

    [report] = reports_of(patient["patient_id"])
    assert (report.code, report.code_system, report.status, report.version) == ("57698-3", "LOINC", "final", 1)
    assert report.severity == "abnormal" and report.release == "released"
    observations = {o["code"]: o for o in json.loads(report.observations)}
    ldl = observations["18262-6"]
    assert (ldl["value"], ldl["units"], ldl["flag"], ldl["local_code"]) == ("138", "mg/dL", "H", "8293")
    assert ldl["range"] == {"text": "<100", "low": None, "high": "100"}
    assert ldl["notes"][0].startswith("Desirable range <100 mg/dL")
    assert json.loads(report.ordering_provider)["name"] == "Wei Chen, MD"
    assert report.ordering_user_id == demo["dr.chen@example.org"]  # found by NPI: Dr. Chen's inbox
    assert json.loads(report.performing_lab)["name"] == "Quest Diagnostics-Wood Dale"
    assert report.collected_at == "2026-11-28T14:30:00.000Z"  # 8:30 AM Chicago, no offset sent

    from chalicelib import audit

    events, _ = audit.query(patient["patient_id"])
    filed = [e for e in events if e.resource == "lab-result"]
    assert filed[0].actor_role == "interface" and filed[0].actor_id == demo["lab_account"]
    assert filed[0].actor_name == "Midwest Reference Lab interface"

    mail = new_mail(mailbox, before)
    to_patient = [m for m in mail if m["to"] == patient["email"]]
    assert to_patient and to_patient[0]["subject"] == "You have a new test result from Maple Street Family Practice"
    assert f"#/results/{report.report_id}" in to_patient[0]["body_text"]
    for m in mail:
        text = (m["subject"] + m["body_text"]).lower()
        assert "cholesterol" not in text and "138" not in text and "everywoman" not in text


@pytest.mark.parametrize("fixture,code,value,units,flag", [
    ("labcorp_cbc_23.hl7", "777-3", "98", "x10E3/uL", "L"),  # NM, 2.3, Z segment ignored
    ("lri_sn_titer_251.hl7", "5048-4", "1:80", "{titer}", "A"),  # SN ratio
    ("lri_sn_titer_251.hl7", "1988-5", "<0.5", "mg/dL", "N"),  # SN comparator
    ("lri_sn_titer_251.hl7", "5196-1", "Nonreactive", None, "N"),  # ST
    ("lri_strep_cwe_251.hl7", "78012-2", "Detected", None, "A"),  # CWE
    ("lri_a1c_251.hl7", "4548-4", "7.2", "%", "H"),  # NM with UCUM units
])
def test_every_value_type_is_kept_as_the_lab_sent_it(api, demo, patient, fixture, code, value, units, flag):
    res = post_hl7(api, message(fixture, patient), demo["lab_credential"])
    assert ack_fields(res)["code"] == "AA", res.raw_body
    observations = {o["code"]: o for r in reports_of(patient["patient_id"]) for o in json.loads(r.observations)}
    got = observations[code]
    assert (got["value"], got["units"], got["flag"]) == (value, units, flag)


def test_a_251_lab_names_the_performing_lab_specimen_and_collection(api, demo, patient):
    post_hl7(api, message("lri_a1c_251.hl7", patient), demo["lab_credential"])
    [report] = reports_of(patient["patient_id"])
    assert json.loads(report.performing_lab) == {"name": "Midwest Reference Lab",
                                                 "address": "400 Lab Way, Rockford, IL 61101",
                                                 "clia": "14D0123456", "director": "Anand Patel"}
    assert json.loads(report.specimen)["type"] == "Blood specimen"
    assert report.collected_at == "2026-11-29T13:45:00.000Z"


def test_microbiology_text_keeps_its_lines(api, demo, patient):
    post_hl7(api, message("hospital_culture_final_24.hl7", patient), demo["lab_credential"])
    [report] = reports_of(patient["patient_id"])
    [culture] = json.loads(report.observations)
    assert culture["value"].splitlines() == [">100,000 CFU/mL Escherichia coli.",
                                             "Susceptible to nitrofurantoin, cefazolin.", "Resistant to ampicillin."]
    assert report.category == "microbiology"


def test_a_preliminary_then_the_final_result_make_one_report_with_history(api, demo, patient):
    post_hl7(api, message("hospital_culture_prelim_24.hl7", patient, tag="c1"), demo["lab_credential"])
    [report] = reports_of(patient["patient_id"])
    assert report.status == "preliminary"
    post_hl7(api, message("hospital_culture_final_24.hl7", patient, tag="c1"), demo["lab_credential"])
    [report] = reports_of(patient["patient_id"])
    assert (report.status, report.version) == ("final", 2)
    assert [v.status for v in versions_of(patient["patient_id"])] == ["preliminary", "final"]


def test_a_late_preliminary_does_not_replace_the_final(api, demo, patient):
    post_hl7(api, message("hospital_culture_final_24.hl7", patient, tag="c2"), demo["lab_credential"])
    post_hl7(api, message("hospital_culture_prelim_24.hl7", patient, tag="c2"), demo["lab_credential"])
    [report] = reports_of(patient["patient_id"])
    assert (report.status, report.version) == ("final", 1)
    assert [v.status for v in versions_of(patient["patient_id"])] == ["final", "preliminary"]


def test_a_corrected_result_replaces_the_value_and_keeps_the_original(api, demo, patient):
    post_hl7(api, message("quest_tsh_original_231.hl7", patient, tag="t1"), demo["lab_credential"])
    post_hl7(api, message("quest_tsh_corrected_231.hl7", patient, tag="t1"), demo["lab_credential"])
    [report] = reports_of(patient["patient_id"])
    assert (report.status, report.version, report.severity) == ("corrected", 2, "normal")
    assert json.loads(report.observations)[0]["value"] == "2.1"
    first, second = versions_of(patient["patient_id"])
    assert json.loads(first.content)["observations"][0]["value"] == "6.8"
    assert json.loads(second.content)["observations"][0]["value"] == "2.1"
    from chalicelib.models.result_point import ResultPoint

    assert [p.value for p in ResultPoint.query(patient["patient_id"])] == ["2.1"]  # the trend shows the correction


def test_the_same_control_id_twice_changes_nothing(api, demo, patient, mailbox):
    raw = message("quest_lipid_231.hl7", patient)
    assert ack_fields(post_hl7(api, raw, demo["lab_credential"]))["code"] == "AA"
    before = {m["id"] for m in mailbox.messages()}
    again = ack_fields(post_hl7(api, raw, demo["lab_credential"]))
    assert again["code"] == "AA" and "Duplicate" in again["reason"]
    assert len(reports_of(patient["patient_id"])) == 1 and len(versions_of(patient["patient_id"])) == 1
    assert new_mail(mailbox, before) == []


@pytest.mark.parametrize("change,reason", [
    ({"birth_date": "1980-01-16"}, "birth date differs"),
    ({"family_name": "Everyman"}, "name differs"),
    ({"mrn": "999999999"}, "no patient has this MRN"),
])
def test_a_patient_who_does_not_match_exactly_waits_for_staff(api, demo, patient, change, reason):
    raw = message("quest_lipid_231.hl7", {**patient, **change})
    ack = ack_fields(post_hl7(api, raw, demo["lab_credential"]))
    assert ack["code"] == "AA" and reason in ack["reason"]
    assert reports_of(patient["patient_id"]) == []
    from chalicelib.models.lab_message import LabMessage

    queued = list(LabMessage.match_queue_index.query("open", LabMessage.received_at >= "2000"))
    assert control_id(raw) in {m.control_id for m in queued}


@pytest.mark.parametrize("fixture,code,condition", [
    ("malformed_nm_value.hl7", "AE", "102"),
    ("malformed_no_pid.hl7", "AE", "100"),
    ("malformed_not_hl7.hl7", "AE", "102"),
    ("unsupported_adt.hl7", "AR", "200"),
])
def test_a_malformed_or_foreign_message_writes_nothing(api, demo, fixture, code, condition, ddb_calls):
    raw = message(fixture)
    with ddb_calls() as calls:
        res = post_hl7(api, raw, demo["lab_credential"])
    ack = ack_fields(res)
    assert res.status == 200 and ack["code"] == code and ack["err"][3].startswith(condition)
    writes = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}
    assert not writes & set(calls), calls


def test_an_unsupported_version_is_rejected(api, demo, patient):
    raw = message("quest_lipid_231.hl7", patient).replace(b"|P|2.3.1", b"|P|2.7")
    ack = ack_fields(post_hl7(api, raw, demo["lab_credential"]))
    assert ack["code"] == "AR" and "2.7" in ack["reason"]
    assert reports_of(patient["patient_id"]) == []


def test_a_critical_value_emails_the_ordering_provider_at_once(api, demo, patient, mailbox):
    before = {m["id"] for m in mailbox.messages()}
    post_hl7(api, message("critical_potassium_251.hl7", patient), demo["lab_credential"])
    [report] = reports_of(patient["patient_id"])
    assert report.severity == "critical" and report.inbox_sort.startswith("0#")
    [alert] = [m for m in new_mail(mailbox, before) if m["to"] == "dr.chen@example.org"]
    assert alert["subject"].startswith("A critical result needs your attention (ref R-")
    assert "potassium" not in (alert["subject"] + alert["body_text"]).lower()
    assert "6.9" not in alert["body_text"]


@pytest.mark.parametrize("header", [None, "Bearer results-nope.nope", "Bearer not-a-credential"])
def test_the_route_needs_a_valid_interface_credential(api, demo, patient, header):
    raw = message("quest_lipid_231.hl7", patient)
    res = api.request("POST", "/results/hl7", raw=raw,
                      headers={"content-type": "application/hl7-v2", **({"authorization": header} if header else {})})
    assert res.status == 401 and res.error["code"] == "unauthenticated"
    assert reports_of(patient["patient_id"]) == []


def test_a_persons_login_is_not_an_interface_credential(api, demo, patient):
    raw = message("quest_lipid_231.hl7", patient)
    assert post_hl7(api, raw, api.token("admin")).status == 401


def test_http_basic_works_too(api, demo, patient):
    import base64

    account, _, secret = demo["lab_credential"].partition(".")
    basic = base64.b64encode(f"{account}:{secret}".encode()).decode()
    res = api.request("POST", "/results/hl7", raw=message("quest_lipid_231.hl7", patient),
                      headers={"content-type": "application/hl7-v2", "authorization": f"Basic {basic}"})
    assert ack_fields(res)["code"] == "AA"


def test_an_admin_rotates_a_credential_and_the_old_one_works_for_a_grace_period(api, demo, patient):
    created = api.post("/interface-accounts", {"name": "Springfield Memorial lab", "scope": "results"},
                       as_user="admin")
    assert created.status == 201, created
    old = created.json["credential"]
    assert ack_fields(post_hl7(api, message("lri_a1c_251.hl7", patient), old))["code"] == "AA"
    rotated = api.post(f"/interface-accounts/{created.json['account_id']}/rotate", as_user="admin")
    new = rotated.json["credential"]
    assert new != old and rotated.json["previous_secret_valid_hours"] == 24
    assert ack_fields(post_hl7(api, message("lri_a1c_251.hl7", patient), new))["code"] == "AA"
    assert ack_fields(post_hl7(api, message("lri_a1c_251.hl7", patient), old))["code"] == "AA"
    import time_machine

    from chalicelib import clock

    with time_machine.travel(clock.now().timestamp() + 25 * 3600, tick=True):
        assert post_hl7(api, message("lri_a1c_251.hl7", patient), old).status == 401
        api.forget("admin")
    api.post(f"/interface-accounts/{created.json['account_id']}/disable", as_user="admin")
    assert post_hl7(api, message("lri_a1c_251.hl7", patient), new).status == 401
    listed = api.get("/interface-accounts?scope=results", as_user="admin").json["items"]
    assert {"name": "Springfield Memorial lab", "status": "disabled"}.items() <= \
        next(a for a in listed if a["account_id"] == created.json["account_id"]).items()
    assert "secret" not in json.dumps(listed) and "credential" not in json.dumps(listed)


@pytest.mark.parametrize("who,status", [("nurse", 403), ("provider", 403), ("front_desk", 403),
                                        ("billing", 403), ("alex", 403)])
def test_only_admins_manage_interface_accounts(api, who, status):
    assert api.post("/interface-accounts", {"name": "x", "scope": "results"}, as_user=who).status == status


def test_staff_upload_a_labs_file_from_the_console(api, demo, patient):
    raw = message("lri_strep_cwe_251.hl7", patient).decode()
    res = api.post("/results/upload", {"message": raw}, as_user="front_desk")
    assert res.status == 200 and res.json["code"] == "AA" and res.json["outcome"] == "stored", res
    assert len(res.json["report_ids"]) == 1
    assert api.post("/results/upload", {"message": raw}, as_user="billing").status == 403
    assert api.post("/results/upload", {"message": raw}, as_user="alex").status == 403


def test_a_retry_racing_the_first_send_is_answered_as_a_duplicate(api, demo, patient):
    """Two deliveries of one message at once: the second loses the transaction's condition
    on the control id and gets the first one's answer (nothing is filed twice)."""
    from unittest import mock

    from chalicelib.models.lab_message import LabMessage
    from chalicelib.services.results import ingest

    raw = message("quest_lipid_231.hl7", patient)
    real_get = LabMessage.get
    calls = {"n": 0}

    def first_get_misses(*args, **kwargs):  # the race: the duplicate check ran before the first commit
        calls["n"] += 1
        if calls["n"] == 1:
            raise LabMessage.DoesNotExist()
        return real_get(*args, **kwargs)

    assert ack_fields(post_hl7(api, raw, demo["lab_credential"]))["code"] == "AA"
    with mock.patch.object(LabMessage, "get", side_effect=first_get_misses):
        from chalicelib.auth import interface_caller

        answer = ingest.receive(interface_caller(f"Bearer {demo['lab_credential']}", "results"), raw)
    assert answer["outcome"] == "duplicate" and answer["code"] == "AA"
    assert len(reports_of(patient["patient_id"])) == 1 and len(versions_of(patient["patient_id"])) == 1
