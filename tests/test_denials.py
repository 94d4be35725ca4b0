"""Refused requests are visible (security review, finding 7): each is audited (who,
route, patient id asked for, outcome) where an admin can read it, logged with ids only,
and counted in the AccessDenied metric an alarm can watch."""
from __future__ import annotations

import json

from chalicelib import clock


def denials(api) -> list[dict]:
    """Every refusal of today (all pages: a whole suite refuses hundreds)."""
    from urllib.parse import quote

    items, cursor = [], None
    for _ in range(50):
        page = f"&cursor={quote(cursor)}" if cursor else ""
        res = api.get(f"/audit/denials?date={clock.today().isoformat()}&limit=100{page}", as_user="admin")
        assert res.status == 200, res
        items += res.json["items"]
        cursor = res.json["cursor"]
        if not cursor:
            break
    return items


def test_a_cross_patient_probe_is_audited_logged_and_counted(api, demo, capsys):
    import io
    import logging

    from chalicelib.observability import logger

    api.token("alex")
    capsys.readouterr()
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logger.registered_formatter)
    logger._logger.addHandler(handler)
    try:
        assert api.get(f"/patients/{demo['priya']}", as_user="alex").status == 404
    finally:
        logger._logger.removeHandler(handler)
    out = capsys.readouterr().out + buffer.getvalue()

    (row,) = [d for d in denials(api) if d["patient_id_asked"] == demo["priya"]
              and d["actor"]["name"].startswith("Alex")][:1]
    assert row["route"] == "GET /patients/{patient_id}"
    assert row["outcome"] == "not_found" and row["permission"] == "demographics.read"
    assert row["actor"]["role"] == "patient" and row["at"]

    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert any(line.get("message") == "access denied" and line.get("patient_id") == demo["priya"]
               for line in lines), out
    assert any("AccessDenied" in line for line in lines), out
    assert "Priya" not in out and "Shah" not in out  # ids only


def test_a_role_refusal_is_recorded_as_forbidden(api, demo):
    assert api.get("/patients?name=mor", as_user="alex").status == 403
    assert api.get(f"/patients/{demo['alex']}/health", as_user="billing").status == 403
    rows = denials(api)
    assert any(d["route"] == "GET /patients" and d["outcome"] == "forbidden" for d in rows)
    assert any(d["patient_id_asked"] == demo["alex"] and d["actor"]["role"] == "billing"
               and d["outcome"] == "forbidden" for d in rows)


def test_filtering_what_an_allowed_caller_sees_is_not_a_refusal(api, demo):
    """A limited view (auth.may) is not probing: listing documents as front desk adds nothing."""
    before = len(denials(api))
    assert api.get(f"/patients/{demo['alex']}/documents", as_user="front_desk").status == 200
    assert len(denials(api)) == before


def test_only_the_admin_reads_the_refusals(api):
    for who in ("alex", "provider", "front_desk"):
        assert api.get("/audit/denials", as_user=who).status == 403
    assert api.get("/audit/denials?date=12/01", as_user="admin").error["field"] == "date"
