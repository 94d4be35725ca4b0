"""Billing statements (issue 13) as FHIR Invoice: billing records are part of the
designated record set the patient may download. Amounts in dollars, as FHIR Money."""
from __future__ import annotations

from chalicelib.fhir import Context, Item, compact

SECTION = "Billing statements"
CPT = "http://www.ama-assn.org/go/cpt"


def _money(cents: int) -> dict:
    return {"value": round(cents / 100, 2), "currency": "USD"}


def build(ctx: Context) -> list[Item]:
    from chalicelib.models.statement import Statement
    from chalicelib.services.billing.money import dollars

    items = []
    for statement in Statement.query(ctx.patient.patient_id):
        balance = int(statement.balance_cents)
        lines = []
        for index, line in enumerate(statement.lines, start=1):
            code = {"text": line["description"]}
            if line.get("cpt_code"):
                code["coding"] = [{"system": CPT, "code": line["cpt_code"]}]
            lines.append({"sequence": index, "chargeItemCodeableConcept": code, "priceComponent": [
                {"type": "base", "amount": _money(int(line["charge_cents"]))},
                {"type": "deduction", "code": {"text": "Paid by insurance"}, "amount": _money(int(line["insurance_cents"]))},
                {"type": "discount", "code": {"text": "Adjustment"}, "amount": _money(int(line["adjustment_cents"]))},
            ]})
        resource = compact({
            "resourceType": "Invoice", "id": statement.statement_id,
            "identifier": [{"value": statement.number}],
            "status": "balanced" if balance <= 0 else "issued",
            "subject": ctx.patient_ref, "date": statement.statement_date,
            "lineItem": lines, "totalNet": _money(int(statement.total_cents)),
            "paymentTerms": f"Due {statement.due_date}",
            "note": [{"text": f"Balance due {dollars(balance)}"}],
        })
        items.append(Item(resource, SECTION, f"Statement {statement.number}, {statement.statement_date}: "
                                             f"you owed {dollars(int(statement.total_cents))}, "
                                             f"balance due {dollars(balance)}"))
    return items
