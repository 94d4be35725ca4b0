"""Rules decided in the security review (findings 4 and 10), each stated in docs/security.md."""
from __future__ import annotations

from chalicelib import clock
from tests.appointment_helpers import book, free_slot, visit_type
from tests.helpers import make_patient, unique_email


def test_an_empty_patch_writes_nothing_and_audits_nothing(api, demo, ddb_calls):
    pid = demo["alex"]
    before = api.get(f"/patients/{pid}/access-log?limit=100", as_user="alex").json["items"]
    for path in (f"/patients/{pid}/contact", f"/patients/{pid}/preferences"):
        with ddb_calls() as calls:
            res = api.patch(path, {}, as_user="alex")
        assert res.status == 200, res
        assert not {"PutItem", "UpdateItem", "TransactWriteItems"} & set(calls), (path, calls)
    after = api.get(f"/patients/{pid}/access-log?limit=100", as_user="alex").json["items"]
    assert [e for e in after if e["action"] == "update"][:1] == [e for e in before if e["action"] == "update"][:1]


def test_a_proxy_does_not_see_where_the_patient_signs_in_from(api, demo):
    own = api.get(f"/patients/{demo['sam']}/access-log?limit=20", as_user="jordan")
    assert own.status == 200, own
    assert all(item["source_ip"] is None for item in own.json["items"])


def test_visit_reasons_are_for_the_patient_full_proxies_clinicians_and_the_front_desk(api, demo):
    slot = free_slot(api, visit_type(api, "sick"), first=clock.today())
    booked = book(api, "alex", "alex", slot, visit_type(api, "sick"), reason="Chest pain when running")
    assert booked.status == 201, booked
    path = f"/patients/{demo['alex']}/appointments/{booked.json['appointment_id']}"
    for who in ("alex", "provider", "nurse", "front_desk"):
        assert api.get(path, as_user=who).json["reason"] == "Chest pain when running", who
    for who in ("billing", "admin"):
        res = api.get(path, as_user=who)
        if res.status == 200:
            assert res.json["reason"] is None, who
    day = api.get(f"/schedule?date={slot['start'][:10]}&days=1", as_user="admin").json["items"]
    assert all(item["reason"] is None for item in day)


def test_no_account_for_a_patient_under_the_minimum_age(api):
    child = make_patient(api, given="Young", family="Child", birth_date=clock.today().replace(
        year=clock.today().year - 8).isoformat(), email=unique_email("child"))
    res = api.post(f"/patients/{child['patient_id']}/invitation", as_user="front_desk")
    assert res.status == 422 and res.error["code"] == "too_young" and res.error["field"] == "birth_date"


def test_a_proxy_cannot_change_the_address_the_patients_own_mail_goes_to(api, demo):
    before = api.get(f"/patients/{demo['sam']}", as_user="jordan").json["email"]
    res = api.patch(f"/patients/{demo['sam']}/contact", {"email": unique_email("mine")}, as_user="jordan")
    assert res.status == 403
    assert api.get(f"/patients/{demo['sam']}", as_user="jordan").json["email"] == before


def test_every_grant_and_revocation_is_told_to_the_patient_and_the_caregiver(api, mailbox):
    from tests.helpers import grant_proxy, make_patient_account

    patient = make_patient(api, given="Told", family="Patient", email=unique_email("told"))
    helper = make_patient_account(api, given="Helper", family="Caregiver")
    granted = grant_proxy(api, patient["patient_id"], helper["email"], "limited")  # with written consent
    revoked = api.delete(f"/patients/{patient['patient_id']}/proxies/{granted['grantee_id']}",
                         as_user="front_desk")
    assert revoked.status == 200, revoked
    to_patient = [m for m in mailbox.messages() if m["to"] == patient["email"]]
    to_helper = [m for m in mailbox.messages() if m["to"] == helper["email"]]
    assert [m["subject"] for m in to_patient[:2]] == ["Access to your Maple Street Family Practice portal record "
                                                      "changed"] * 2
    assert "removed from access" in to_patient[0]["body_text"] and "given access" in to_patient[1]["body_text"]
    assert "removed from access" in to_helper[0]["body_text"] and "given access" in to_helper[1]["body_text"]
    for mail in to_patient[:2] + to_helper[:2]:
        for name in ("Told", "Helper", "Caregiver", patient["birth_date"]):
            assert name not in mail["subject"] + mail["body_text"], name


def test_activation_also_refuses_a_patient_under_the_minimum_age(api, mailbox):
    """An invitation sent before the practice raised its minimum age does not make an account."""
    from chalicelib.services import practice
    from tests.test_invitations import invitation_code

    born = clock.today().replace(year=clock.today().year - 15).isoformat()
    teen = make_patient(api, given="Fifteen", family="Teen", birth_date=born, email=unique_email("teen"))
    assert api.post(f"/patients/{teen['patient_id']}/invitation", as_user="front_desk").status == 200
    code = invitation_code(mailbox, teen["email"])
    try:
        practice.update_settings(None, {"min_account_age": 16})
        res = api.post("/auth/activate", {"code": code, "birth_date": born, "password": "Good-Password-2026!"})
        assert res.status == 422 and res.error["code"] == "too_young", res
    finally:
        practice.update_settings(None, {"min_account_age": 13})
    assert api.get(f"/patients/{teen['patient_id']}", as_user="front_desk").json["account_status"] == "invited"
