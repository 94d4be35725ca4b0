"""A statement as a readable PDF (fpdf2 with the bundled Unicode font: every name prints)."""
from __future__ import annotations

from datetime import date, datetime

from chalicelib.services.billing.money import dollars


def _words(iso_date: str) -> str:
    """'2026-11-30' or a UTC instant -> 'November 30, 2026' (an instant on the practice's day)."""
    if "T" in iso_date:
        from chalicelib import clock

        day = clock.local(datetime.fromisoformat(iso_date.replace("Z", "+00:00"))).date()
    else:
        day = date.fromisoformat(iso_date)
    return f"{day:%B} {day.day}, {day.year}"


def render(statement, entries: list, patient, practice: dict) -> bytes:
    from chalicelib.pdfdoc import FAMILY, new_document, paragraph

    pdf = new_document(f"Statement {statement.number}", practice.get("name", "Patient portal"))
    paragraph(pdf, practice.get("name", ""), 14, "B", gap=0.5)
    paragraph(pdf, practice.get("phone", ""), 9, gap=4)
    paragraph(pdf, f"Statement {statement.number} for {patient.given_name} {patient.family_name}", 16, "B")
    paragraph(pdf, f"Statement date {_words(statement.statement_date)}    Due {_words(statement.due_date)}    "
                   f"MRN {patient.mrn}", 10, gap=4)
    widths = (28, 80, 22, 22, 22)
    heads = ("Date", "Service", "Charge", "Insurance", "You owe")
    pdf.set_font(FAMILY, "B", 9)
    for width, head in zip(widths, heads):
        pdf.cell(width, 6, head, border="B")
    pdf.ln(7)
    pdf.set_font(FAMILY, "", 9)
    for line in statement.lines:
        service = line["description"] + (f" ({line['cpt_code']})" if line.get("cpt_code") else "")
        insurance = int(line["insurance_cents"]) + int(line["adjustment_cents"])
        cells = (_words(line["service_date"]), service[:48], dollars(int(line["charge_cents"])),
                 dollars(-insurance) if insurance else "", dollars(int(line["patient_cents"])))
        for index, (width, value) in enumerate(zip(widths, cells)):
            pdf.cell(width, 6, value, align="R" if index >= 2 else "L")
        pdf.ln(6)
    pdf.ln(3)
    paragraph(pdf, f"Statement total {dollars(int(statement.total_cents))}", 11, "B", gap=1)
    labels = {"payment": "Payment", "refund": "Refund", "refund_failed": "Refund did not go through",
              "dispute": "Disputed payment", "dispute_won": "Dispute closed", "adjustment": "Statement corrected"}
    for entry in entries:
        if entry.kind in labels:
            paragraph(pdf, f"{labels[entry.kind]} {_words(entry.recorded_at)}: "
                           f"{dollars(int(entry.amount_cents))}", 10, gap=0.5)
    paragraph(pdf, f"Balance due {dollars(int(statement.balance_cents))}", 13, "B", gap=4)
    from chalicelib.config import get_settings

    paragraph(pdf, f"Pay online: sign in to the patient portal, or pay as a guest at "
                   f"{get_settings().portal_url}/#/guest-pay with the code {statement.guest_code} "
                   f"and the patient's date of birth.", 9)
    return bytes(pdf.output())
