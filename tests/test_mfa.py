"""TOTP enrolment and the MFA sign-in challenge (moto checks codes against its fixed secret)."""
from __future__ import annotations

import time

from tests.helpers import make_patient_account


def current_code(secret: str) -> str:
    """RFC 6238 code. moto's fixed secret is shorter than pyotp accepts, so use the
    same primitive moto verifies with."""
    from moto.cognitoidp.utils import cognito_totp

    return cognito_totp(secret).generate(int(time.time())).decode()


def test_enrol_totp_then_sign_in_needs_the_code(api):
    user = make_patient_account(api)
    tokens = api.post("/auth/sign-in", {"email": user["email"], "password": user["password"]}).json
    setup = api.post("/auth/mfa/setup", token=tokens["access_token"])
    assert setup.status == 200, setup
    assert setup.json["otpauth_uri"].startswith("otpauth://totp/Maple%20Street%20Family%20Practice:")

    wrong = api.post("/auth/mfa/verify", {"code": "000000"}, token=tokens["access_token"])
    assert wrong.status == 422 and wrong.error["field"] == "code"
    ok = api.post("/auth/mfa/verify", {"code": current_code(setup.json["secret"])}, token=tokens["access_token"])
    assert ok.status == 200 and ok.json == {"mfa_enabled": True}

    challenge = api.post("/auth/sign-in", {"email": user["email"], "password": user["password"]})
    assert challenge.status == 200
    assert challenge.json["challenge"] == "mfa" and "access_token" not in challenge.json
    bad = api.post("/auth/mfa/challenge", {"email": user["email"], "session": challenge.json["session"],
                                           "code": "000000"})
    assert bad.status == 422
    challenge = api.post("/auth/sign-in", {"email": user["email"], "password": user["password"]}).json
    good = api.post("/auth/mfa/challenge", {"email": user["email"], "session": challenge["session"],
                                            "code": current_code(setup.json["secret"])})
    assert good.status == 200, good
    assert api.get("/me", token=good.json["access_token"]).status == 200

    off = api.post("/auth/mfa/disable", {"password": user["password"], "code": current_code(setup.json["secret"])},
                   token=good.json["access_token"])
    assert off.status == 200 and off.json == {"mfa_enabled": False}
    assert "access_token" in api.post("/auth/sign-in", {"email": user["email"], "password": user["password"]}).json


def test_staff_must_enrol_mfa_where_it_is_required(api, monkeypatch):
    """In the prod stage staff without MFA reach only enrolment routes."""
    from chalicelib.config import get_settings

    monkeypatch.setenv("STAFF_MFA_REQUIRED", "true")
    get_settings.cache_clear()
    try:
        api.forget("nurse")
        signed_in = api.post("/auth/sign-in", {"email": "nina.patel@example.org", "password": "Demo-Portal-2026!"})
        assert signed_in.json["mfa_setup_required"] is True
        token = signed_in.json["access_token"]
        blocked = api.get("/patients?name=mor", token=token)
        assert blocked.status == 403 and blocked.error["code"] == "mfa_required"
        assert api.get("/me", token=token).status == 200
        assert api.post("/auth/mfa/disable", token=token).status == 403
        patient = api.post("/auth/sign-in", {"email": "priya.shah@example.org", "password": "Demo-Portal-2026!"})
        assert patient.json["mfa_setup_required"] is False
    finally:
        monkeypatch.delenv("STAFF_MFA_REQUIRED")
        get_settings.cache_clear()
        api.forget("nurse")
    time.sleep(0)
