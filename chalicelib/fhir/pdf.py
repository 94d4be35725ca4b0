"""The readable copy of the record: the export's items as a plain PDF (fpdf2 with the
bundled Unicode font, chalicelib/pdfdoc.py, imported only by the requests that need it)."""
from __future__ import annotations

from chalicelib import clock
from chalicelib.fhir import Item


def render(items: list[Item], *, practice: dict, patient, generated_at: str) -> bytes:
    from chalicelib.pdfdoc import new_document, paragraph

    pdf = new_document("Health record", practice.get("name", "Patient portal"))

    def para(text: str, size: int = 10, style: str = "", gap: float = 1.5) -> None:
        paragraph(pdf, text, size, style, gap)

    para(f"Health record of {patient.given_name} {patient.family_name}", 16, "B")
    para(f"Date of birth {clock.say_date(patient.birth_date, weekday=False)}   MRN {patient.mrn}")
    para(f"From {practice.get('name', '')}, generated {clock.say_when(generated_at)}", 9, gap=4)
    sections: dict[str, list[str]] = {}
    for item in items:
        if item.section:
            sections.setdefault(item.section, []).append(item.line)
    for title, lines in sections.items():
        para(title, 13, "B", gap=1)
        for line in lines:
            para(line, gap=2)
        pdf.ln(2)
    if not sections:
        para("Nothing is recorded yet.")
    return bytes(pdf.output())
