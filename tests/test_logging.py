"""Logs are JSON with the request id and ids only: no names, emails, dates of birth, codes."""
from __future__ import annotations

import json

from chalicelib.observability import logger
from tests.helpers import make_patient


def test_logs_carry_ids_not_phi(api):
    import io
    import logging

    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logger.registered_formatter)
    logger._logger.addHandler(handler)
    level = logger.log_level
    logger.setLevel("INFO")
    try:
        patient = make_patient(api, given="Loggable", family="Personname", birth_date="1966-06-16",
                               phone="+13125550666")
        api.post(f"/patients/{patient['patient_id']}/invitation", as_user="front_desk")
        api.post("/auth/sign-in", {"email": "priya.shah@example.org", "password": "wrong-Password-1"})
        api.post("/auth/sign-in", {"email": "priya.shah@example.org", "password": "Demo-Portal-2026!"})
        api.post("/auth/forgot-password", {"email": patient["email"]})
    finally:
        logger.setLevel(level)
        logger._logger.removeHandler(handler)
    text = buffer.getvalue()
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{") and '"level"' in line]
    assert any(line.get("message") == "notification" for line in lines)
    assert any(line.get("message") == "sign-in" and line.get("user_id") for line in lines)
    assert all(line.get("request_id") for line in lines if line.get("route"))
    for secret in ("Loggable", "Personname", "1966-06-16", patient["email"], "+13125550666",
                   "priya.shah@example.org", "Demo-Portal-2026!"):
        assert secret not in text, secret
