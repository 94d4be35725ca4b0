"""The readable copy of the record: the export's items as a plain PDF (fpdf2, imported
here only: it is not needed on any other request)."""
from __future__ import annotations

from chalicelib.fhir import Item

# fpdf2's built-in fonts are Latin-1; anything else prints as "?" rather than failing.
_REPLACE = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
            "\u2022": "-", "\u2026": "..."}


def _latin1(text: str) -> str:
    for old, new in _REPLACE.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def render(items: list[Item], *, practice: dict, patient, generated_at: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.set_title("Health record")
    pdf.set_creator(practice.get("name", "Patient portal"))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def para(text: str, size: int = 10, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(width, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    para(f"Health record of {patient.given_name} {patient.family_name}", 16, "B")
    para(f"Date of birth {patient.birth_date}   MRN {patient.mrn}")
    para(f"From {practice.get('name', '')}, generated {generated_at[:16].replace('T', ' ')} UTC", 9, gap=4)
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
