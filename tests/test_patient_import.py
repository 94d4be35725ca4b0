"""Bulk patient import (issue 15, item 5): dry run per row, apply, idempotent by MRN, bad rows named."""
from __future__ import annotations

import uuid

from chalicelib.models.patient import Patient


def _csv(prefix: str, rows: list[str]) -> str:
    return "MRN,First Name,Last Name,DOB,Gender,Email,Mobile\n" + "\n".join(r.format(p=prefix) for r in rows) + "\n"


def _rows(prefix):
    return [
        "{p}-1,Imogen,Importer,03/04/1970,F,imogen.{p}@example.org,(312) 555-0142",
        "{p}-2,Ivan,Importer,1981-12-30,M,,",
        "{p}-3,Bad,Date,1981-13-40,F,,",
        "{p}-4,Bad,Email,1981-01-01,F,not-an-email,",
        "{p}-5,Bad,Phone,1981-01-01,F,,+10005550100",
        "{p}-1,Twice,Again,1970-03-04,F,,",
        ",No,Mrn,1970-03-04,F,,",
    ]


def test_dry_run_reports_each_row_and_writes_nothing(api):
    p = f"T{uuid.uuid4().hex[:6]}"
    res = api.post("/patients/import", {"csv": _csv(p, _rows(p)), "apply": False}, as_user="admin")
    assert res.status == 200, res
    rows = res.json["rows"]
    assert [(r["row"], r["outcome"], r.get("field")) for r in rows] == [
        (2, "created", None), (3, "created", None), (4, "error", "birth_date"), (5, "error", "email"),
        (6, "error", "phone"), (7, "error", "mrn"), (8, "error", "mrn")]
    assert res.json["totals"] == {"created": 2, "updated": 0, "unchanged": 0, "error": 5}
    assert not list(Patient.mrn_index.query(f"{p}-1"))
    assert "Imogen" not in str(res.json)  # the report names fields, not values


def test_apply_then_reimport_changes_nothing_and_an_edit_is_an_update(api):
    p = f"T{uuid.uuid4().hex[:6]}"
    first = api.post("/patients/import", {"csv": _csv(p, _rows(p)[:2]), "apply": True}, as_user="admin")
    assert first.status == 200 and first.json["totals"]["created"] == 2, first
    made = next(iter(Patient.mrn_index.query(f"{p}-1")))
    assert (made.birth_date, made.sex, made.phone, made.email) == ("1970-03-04", "female", "+13125550142",
                                                                   f"imogen.{p.lower()}@example.org")
    assert made.invite_queue == "waiting"
    again = api.post("/patients/import", {"csv": _csv(p, _rows(p)[:2]), "apply": True}, as_user="admin")
    assert [r["outcome"] for r in again.json["rows"]] == ["unchanged", "unchanged"]
    assert next(iter(Patient.mrn_index.query(f"{p}-1"))).updated_at == made.updated_at
    edited = _rows(p)[:2]
    edited[1] = "{p}-2,Ivan,Importer-Smith,1981-12-30,M,,"
    dry = api.post("/patients/import", {"csv": _csv(p, edited), "apply": False}, as_user="admin").json
    assert [(r["outcome"], r["changed"]) for r in dry["rows"]] == [("unchanged", []), ("updated", ["family_name"])]
    api.post("/patients/import", {"csv": _csv(p, edited), "apply": True}, as_user="admin")
    found = api.get(f"/patients?q=Importer-Smith", as_user="front_desk").json["items"]
    assert any(i["mrn"] == f"{p}-2" for i in found)


def test_only_the_admin_imports_and_a_bad_header_is_a_400(api):
    assert api.post("/patients/import", {"csv": "mrn\n1\n", "apply": False}, as_user="front_desk").status == 403
    bad = api.post("/patients/import", {"csv": "id,name\n1,x\n", "apply": False}, as_user="admin")
    assert bad.status == 400 and bad.error["field"] == "csv"
