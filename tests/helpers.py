"""An API client for tests: signs demo users in through the real /auth routes."""
from __future__ import annotations

import json
import time

from devserver.seed import DEMO_PASSWORD

DEMO_USERS = {
    "alex": "alex.morgan@example.org",
    "priya": "priya.shah@example.org",
    "jordan": "jordan.morgan@example.org",
    "provider": "dr.chen@example.org",
    "nurse": "nina.patel@example.org",
    "front_desk": "frank.ortiz@example.org",
    "billing": "bea.king@example.org",
    "admin": "ada.admin@example.org",
}
STAFF = ("provider", "nurse", "front_desk", "billing", "admin")


class Response:
    def __init__(self, raw):
        self.status = raw.status_code
        self.headers = raw.headers
        self.raw_body = raw.body
        try:
            self.json = json.loads(raw.body) if raw.body else None
        except ValueError:
            self.json = None

    @property
    def error(self) -> dict:
        return (self.json or {}).get("error") or {}

    def __repr__(self):
        return f"<Response {self.status} {self.raw_body[:300]!r}>"


class Api:
    def __init__(self, client, demo: dict):
        self.client = client
        self.demo = demo
        self._tokens: dict[str, tuple[float, str]] = {}

    def token(self, who: str, password: str = DEMO_PASSWORD) -> str:
        email = DEMO_USERS.get(who, who)
        cached = self._tokens.get(email)
        # A test may move the clock (time-machine) either way: a token from another
        # "time" is not reused.
        if cached and 0 <= time.time() - cached[0] < 600:
            return cached[1]
        res = self.post("/auth/sign-in", {"email": email, "password": password})
        assert res.status == 200, res
        self._tokens[email] = (time.time(), res.json["access_token"])
        return res.json["access_token"]

    def forget(self, who: str) -> None:
        self._tokens.pop(DEMO_USERS.get(who, who), None)

    def request(self, method: str, path: str, body=None, as_user: str | None = None,
                token: str | None = None, headers: dict | None = None, raw: bytes | None = None) -> Response:
        hdrs = {"content-type": "application/json", **(headers or {})}
        if as_user:
            token = self.token(as_user)
        if token:
            hdrs["authorization"] = f"Bearer {token}"
        payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        return Response(self.client.http.request(method, path, headers=hdrs, body=payload))

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body if body is not None else {}, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body if body is not None else {}, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body if body is not None else {}, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


def unique_email(prefix: str = "user") -> str:
    import uuid

    return f"{prefix}.{uuid.uuid4().hex[:10]}@example.org"


def make_patient(api, given: str = "Test", family: str = "Patient", birth_date: str = "1990-01-15",
                 email: str | None = None, as_user: str = "front_desk", **extra) -> dict:
    """A fresh patient created through the API by staff (no account yet)."""
    body = {"given_name": given, "family_name": family, "birth_date": birth_date, "sex": "female",
            "email": email or unique_email(family.lower()), **extra}
    res = api.post("/patients", body, as_user=as_user)
    assert res.status == 201, res
    return res.json


def make_patient_account(api, password: str = "Correct-Horse-2026!", **kw) -> dict:
    """A fresh patient with an active account (created directly, as the seed does)."""
    from chalicelib.services import accounts

    patient = make_patient(api, **kw)
    accounts.create_account(patient["email"], password, f"{patient['given_name']} {patient['family_name']}",
                            {"patient"}, patient_id=patient["patient_id"])
    return {**patient, "password": password}


def grant_proxy(api, patient_id: str, grantee_email: str, scope: str = "full", as_user: str = "front_desk",
                **extra):
    """Grant proxy access as staff. For an adult patient the grant waits for consent
    (issue 9): the staff member records the patient's signed form, as at the front desk."""
    res = api.post(f"/patients/{patient_id}/proxies", {"grantee_email": grantee_email, "scope": scope, **extra},
                   as_user=as_user)
    assert res.status == 201, res
    if res.json["status"] == "pending":
        from chalicelib import clock

        res = api.post(f"/patients/{patient_id}/proxies/{res.json['grantee_id']}/written-consent",
                       {"signed_on": clock.today().isoformat(), "reference": "Consent binder"}, as_user=as_user)
        assert res.status == 200 and res.json["status"] == "active", res
    return res.json
