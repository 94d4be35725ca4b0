"""Demo statements (issue 13), imported as the billing system would send them: Alex has
an older statement (nothing due) and a new one ($85.00); Priya has one to pay with guest pay (its code is
printed by `make run`). Dates are relative to the practice's today."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.auth import Caller

HEADER = ("statement_number,mrn,statement_date,due_date,service_date,description,cpt_code,charge,"
          "insurance_paid,adjustment,patient_responsibility")


def demo_csv(mrns: dict[str, str]) -> str:
    from chalicelib import clock

    today = clock.today()

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    rows = [
        # An older statement insurance covered in full (a past statement, nothing due).
        f"S-1001,{mrns['alex']},{day(-75)},{day(-45)},{day(-90)},Office visit established patient,99213,"
        f"180.00,150.00,30.00,0.00",
        f"S-1002,{mrns['alex']},{day(-2)},{day(28)},{day(-14)},Office visit established patient,99214,"
        f"250.00,150.00,25.00,75.00",
        f"S-1002,{mrns['alex']},{day(-2)},{day(28)},{day(-14)},Basic metabolic panel,80048,60.00,40.00,10.00,10.00",
        f"S-2001,{mrns['priya']},{day(-20)},{day(10)},{day(-35)},New patient visit,99203,220.00,130.00,25.00,65.00",
    ]
    return "\n".join([HEADER, *rows]) + "\n"


def seed_billing(ids: dict[str, str]) -> dict[str, str]:
    from chalicelib.models.patient import Patient
    from chalicelib.services.billing import csv_import

    bea = Caller(user_id=ids["bea.king@example.org"], email="bea.king@example.org", display_name="Bea King",
                 roles=frozenset({"billing"}))
    mrns = {key: Patient.get(ids[key]).mrn for key in ("alex", "priya")}
    report = csv_import.import_csv(bea, demo_csv(mrns), dry_run=False, send=False)
    by_number = {s["number"]: s["statement_id"] for s in report["statements"]}
    from chalicelib.services.billing import statements

    priya = statements.load(ids["priya"], by_number["S-2001"])
    return {"alex_statement": by_number["S-1002"], "alex_old_statement": by_number["S-1001"],
            "priya_statement": by_number["S-2001"], "priya_guest_code": priya.guest_code}
