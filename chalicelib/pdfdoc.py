"""PDFs that print every name: fpdf2 with a bundled Unicode font.

fpdf2's built-in fonts are Latin-1 only ("Nguyễn" would print as "Nguy?n"), so the
portal ships DejaVu Sans (Bitstream Vera licence, from Debian's fonts-dejavu-core
2.37; see fonts/LICENSE-DejaVu.txt). fpdf2 and the fonts are in the PDF layer, which
only the export worker has (infra/layers.py): nothing on a request path makes a PDF.
"""
from __future__ import annotations

import contextlib
import contextvars
from pathlib import Path

SOURCE_FONTS = Path(__file__).resolve().parents[1] / "fonts"  # the source tree: local stack, tests
LAYER_FONTS = Path("/opt/fonts")  # the PDF layer on Lambda
FONTS = SOURCE_FONTS if SOURCE_FONTS.is_dir() else LAYER_FONTS
FAMILY = "DejaVu"


_in_worker = contextvars.ContextVar("pdf_worker", default=False)


class NotInWorkerError(RuntimeError):
    """A PDF was started outside the export worker: on Lambda that code has no fpdf2."""


@contextlib.contextmanager
def worker():
    """Marks the export worker's handling of a message (services/exports/produce.py): the
    only place PDFs may be made. Everywhere else new_document() refuses, so a PDF made on a
    request path fails every local test, not only the deployed API (which lacks the layer)."""
    token = _in_worker.set(True)
    try:
        yield
    finally:
        _in_worker.reset(token)


def new_document(title: str, creator: str):
    """A Letter-sized FPDF with the Unicode family registered and selected."""
    if not _in_worker.get():
        raise NotInWorkerError("PDFs are made by the export worker (docs/exports.md), the only function "
                               "with the PDF layer")
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_creator(creator)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font(FAMILY, "", 10)
    return pdf


def paragraph(pdf, text: str, size: int = 10, style: str = "", gap: float = 1.5) -> None:
    """One block of wrapped text across the page width."""
    pdf.set_font(FAMILY, style, size)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    # Left aligned: justified lines come out of text extraction (screen readers) with doubled spaces.
    pdf.multi_cell(width, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)
