"""Statements for billing tests: CSV rows for fresh patients, imported through the API."""
from __future__ import annotations

import uuid
from datetime import timedelta

from devserver.seed_billing import HEADER


def number() -> str:
    return f"T-{uuid.uuid4().hex[:10].upper()}"


def row(statement_number: str, mrn: str, *, charge="200.00", insurance="120.00", adjustment="30.00",
        responsibility="50.00", description="Office visit", cpt="99213", statement_offset=-3, due_offset=27,
        service_offset=-10) -> str:
    from chalicelib import clock

    today = clock.today()

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    return (f"{statement_number},{mrn},{day(statement_offset)},{day(due_offset)},{day(service_offset)},"
            f"{description},{cpt},{charge},{insurance},{adjustment},{responsibility}")


def csv_of(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def import_rows(api, *rows: str, dry_run: bool = False, as_user: str = "billing"):
    return api.post("/statements/import", {"csv": csv_of(*rows), "dry_run": dry_run}, as_user=as_user)


def new_statement(api, patient: dict, responsibility_cents: int = 5000, **kw) -> dict:
    """A fresh statement for `patient` (a dict with patient_id and mrn); returns the report item."""
    dollars = f"{responsibility_cents // 100}.{responsibility_cents % 100:02d}"
    res = import_rows(api, row(number(), patient["mrn"], charge=dollars, insurance="0", adjustment="0",
                               responsibility=dollars, **kw))
    assert res.status == 200, res
    return res.json["statements"][0]


def checkout(api, patient: dict | str, statement_id: str, amount_cents: int | None = None,
             key: str | None = None, as_user: str | None = None):
    pid = patient if isinstance(patient, str) else patient["patient_id"]
    body = {"statement_id": statement_id}
    if amount_cents is not None:
        body["amount_cents"] = amount_cents
    return api.post(f"/patients/{pid}/payments/checkout", body, as_user=as_user,
                    headers={"Idempotency-Key": key or uuid.uuid4().hex})


def session_id_of(res) -> str:
    assert res.status == 200, res
    return res.json["session_id"]
