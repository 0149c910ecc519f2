"""What every PDF Lindra makes shares (certificates/pdf.py, roster/signed_pdf.py): an A4 page drawn with ReportLab in
the standard Helvetica (which has æ, ø and å), its title, author and language in the document, and text wrapped to
a width. ReportLab is imported when a PDF is made, not with the module."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from common.i18n import site_language

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

A4_WIDTH, A4_HEIGHT = 595.28, 841.89
MARGIN = 56.0
INK = (0.12, 0.16, 0.22)
MUTED = (0.35, 0.38, 0.44)
ACCENT = (0.18, 0.36, 0.42)


def new_canvas(buffer: io.BytesIO, title: str, author: str) -> Canvas:
    from reportlab.pdfgen.canvas import Canvas

    language = "nn-NO" if site_language() == "nn" else "nb-NO"
    canvas = Canvas(buffer, pagesize=(A4_WIDTH, A4_HEIGHT), pageCompression=1, lang=language)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(title)
    canvas.setCreator("Lindra")
    return canvas


def wrapped(text: str, font: str, size: float, width: float) -> list[str]:
    """The text's lines, each within width points in the font (a word longer than the width is a line of its own)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if stringWidth(candidate, font, size) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines
