"""Staff invite a patient; the patient activates with code + date of birth + password."""
from __future__ import annotations

import pytest

import re

from tests.helpers import make_patient


pytestmark = pytest.mark.clock  # run again under another TZ in CI

def invitation_code(mailbox, email: str) -> str:
    mail = next(m for m in mailbox.messages() if m["to"] == email)
    assert mail["subject"].startswith("Your invitation to the Maple Street Family Practice")
    return re.search(r"activation code: ([0-9A-Z]{4}-[0-9A-Z]{4})", mail["body_text"]).group(1)


def test_invitation_email_carries_a_code_and_link_but_no_phi(api, mailbox):
    patient = make_patient(api, given="Rosalind", family="Quimby", birth_date="1971-02-03")
    res = api.post(f"/patients/{patient['patient_id']}/invitation", as_user="front_desk")
    assert res.status == 200, res
    assert res.json["account_status"] == "invited"
    mail = next(m for m in mailbox.messages() if m["to"] == patient["email"])
    code = invitation_code(mailbox, patient["email"])
    assert f"/#/activate?code={code}" in mail["body_text"]
    for phi in ("Rosalind", "Quimby", "1971", patient["mrn"]):
        assert phi not in mail["body_text"] and phi not in mail["subject"] and phi not in mail["body_html"]


def test_activation_needs_the_right_birth_date_and_then_signs_in(api, mailbox):
    patient = make_patient(api, birth_date="1982-06-30")
    api.post(f"/patients/{patient['patient_id']}/invitation", as_user="nurse")
    code = invitation_code(mailbox, patient["email"])

    wrong = api.post("/auth/activate", {"code": code, "birth_date": "1982-06-29", "password": "Good-Password-2026!"})
    assert wrong.status == 422 and wrong.error["field"] == "birth_date"
    weak = api.post("/auth/activate", {"code": code, "birth_date": "1982-06-30", "password": "weak"})
    assert weak.status == 422 and weak.error["field"] == "password"

    ok = api.post("/auth/activate", {"code": code.lower(), "birth_date": "1982-06-30",
                                     "password": "Good-Password-2026!"})
    assert ok.status == 200, ok
    me = api.get("/me", token=ok.json["access_token"]).json
    assert me["patient_id"] == patient["patient_id"] and me["roles"] == ["patient"]

    again = api.post("/auth/activate", {"code": code, "birth_date": "1982-06-30", "password": "Good-Password-2026!"})
    assert again.status == 422 and again.error["field"] == "code"  # single use
    assert api.get(f"/patients/{patient['patient_id']}", as_user="front_desk").json["account_status"] == "active"


def test_reinvite_cancels_the_previous_code(api, mailbox):
    patient = make_patient(api, birth_date="1979-09-09")
    api.post(f"/patients/{patient['patient_id']}/invitation", as_user="front_desk")
    first = invitation_code(mailbox, patient["email"])
    api.post(f"/patients/{patient['patient_id']}/invitation", as_user="front_desk")
    second = invitation_code(mailbox, patient["email"])
    assert first != second
    old = api.post("/auth/activate", {"code": first, "birth_date": "1979-09-09", "password": "Good-Password-2026!"})
    assert old.status == 422
    new = api.post("/auth/activate", {"code": second, "birth_date": "1979-09-09", "password": "Good-Password-2026!"})
    assert new.status == 200


def test_too_many_wrong_birth_dates_burn_the_code(api, mailbox):
    patient = make_patient(api, birth_date="1960-01-01")
    api.post(f"/patients/{patient['patient_id']}/invitation", as_user="front_desk")
    code = invitation_code(mailbox, patient["email"])
    for day in range(2, 7):
        api.post("/auth/activate", {"code": code, "birth_date": f"1960-01-0{day}", "password": "Good-Password-2026!"})
    res = api.post("/auth/activate", {"code": code, "birth_date": "1960-01-01", "password": "Good-Password-2026!"})
    assert res.status == 429


def test_expired_code_is_refused(api, mailbox):
    from chalicelib.models.one_time_code import OneTimeCode
    from chalicelib.services.codes import code_hash

    patient = make_patient(api, birth_date="1990-05-05")
    api.post(f"/patients/{patient['patient_id']}/invitation", as_user="front_desk")
    code = invitation_code(mailbox, patient["email"])
    OneTimeCode(code_hash(code)).update(actions=[OneTimeCode.expires_at.set(1)])
    res = api.post("/auth/activate", {"code": code, "birth_date": "1990-05-05", "password": "Good-Password-2026!"})
    assert res.status == 422 and res.error["field"] == "code"


def test_cannot_invite_without_email_or_when_already_active(api, demo):
    patient = make_patient(api, email=None)
    api.patch(f"/patients/{patient['patient_id']}/contact", {"email": None}, as_user="front_desk")
    res = api.post(f"/patients/{patient['patient_id']}/invitation", as_user="front_desk")
    assert res.status == 400 and res.error["field"] == "email"
    active = api.post(f"/patients/{demo['alex']}/invitation", as_user="front_desk")
    assert active.status == 409


def test_only_chart_staff_may_invite(api):
    patient = make_patient(api)
    assert api.post(f"/patients/{patient['patient_id']}/invitation", as_user="billing").status == 403
    assert api.post(f"/patients/{patient['patient_id']}/invitation", as_user="alex").status == 404
