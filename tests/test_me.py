"""GET /me tells the front end whether two-step sign-in is on (the account page shows it)."""
from __future__ import annotations

from tests.helpers import make_patient_account
from tests.test_mfa import current_code


def test_me_shows_whether_two_step_sign_in_is_on(api):
    user = make_patient_account(api)
    token = api.post("/auth/sign-in", {"email": user["email"], "password": user["password"]}).json["access_token"]
    assert api.get("/me", token=token).json["mfa_enabled"] is False

    secret = api.post("/auth/mfa/setup", token=token).json["secret"]
    assert api.post("/auth/mfa/verify", {"code": current_code(secret)}, token=token).status == 200
    assert api.get("/me", token=token).json["mfa_enabled"] is True
