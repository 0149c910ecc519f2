"""The certificates and the hours statement as PDF, drawn with ReportLab (A4, the standard Helvetica, which has
æ, ø and å): text a screen reader and pdftotext read, a title and the language in the document's information, and on
a certificate its code, the address that checks it, and that address as a QR code."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from certificates.models import Certificate, shown_code
from common.formatting import date_nb, hours_nb
from common.i18n import N_, gettext
from common.pdf import A4_HEIGHT, A4_WIDTH, ACCENT, INK, MARGIN, MUTED, new_canvas, wrapped


@dataclass(frozen=True)
class StatementRow:
    title: str
    first_day: date
    last_day: date
    hours: float
    hospitation_days: int = 0  # a hospitation's row: its title is the host unit


@dataclass(frozen=True)
class HoursStatement:
    """A person's hours of one year, as Min side counts them (people/service.year_hours)."""

    name: str
    year: int
    network: str
    rows: tuple[StatementRow, ...]
    local_meetings: float
    goal: float
    total: float
    made_on: date


def days_text(first: date, last: date) -> str:
    if first == last:
        return date_nb(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}.–{date_nb(last)}"
    return f"{date_nb(first)}–{date_nb(last)}"


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    """One page: the network, KURSBEVIS, her name, the course, its days and hours, its topics, who issued it, and
    the code with its address and QR code at the foot."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    buffer = io.BytesIO()
    title = gettext(N_("Kursbevis: %(course)s")) % {"course": certificate.title}
    c = new_canvas(buffer, title, certificate.network)
    width = A4_WIDTH - 2 * MARGIN
    y = A4_HEIGHT - MARGIN
    c.setFillColorRGB(*ACCENT)
    c.rect(0, A4_HEIGHT - 14, A4_WIDTH, 14, stroke=0, fill=1)
    c.setFillColorRGB(*MUTED)
    c.setFont("Helvetica", 11)
    y -= 10
    c.drawString(MARGIN, y, certificate.network)
    y -= 70
    c.setFillColorRGB(*ACCENT)
    c.setFont("Helvetica-Bold", 34)
    c.drawCentredString(A4_WIDTH / 2, y, gettext(N_("KURSBEVIS")))
    y -= 50
    c.setFillColorRGB(*INK)
    c.setFont("Helvetica", 13)
    c.drawCentredString(A4_WIDTH / 2, y, gettext(N_("Dette bekrefter at")))
    y -= 34
    c.setFont("Helvetica-Bold", 24)
    for line in wrapped(certificate.name, "Helvetica-Bold", 24, width):
        c.drawCentredString(A4_WIDTH / 2, y, line)
        y -= 30
    y -= 4
    c.setFont("Helvetica", 13)
    c.drawCentredString(A4_WIDTH / 2, y, gettext(N_("har deltatt på")))
    y -= 30
    c.setFont("Helvetica-Bold", 18)
    for line in wrapped(certificate.title, "Helvetica-Bold", 18, width):
        c.drawCentredString(A4_WIDTH / 2, y, line)
        y -= 24
    y -= 6
    c.setFont("Helvetica", 13)
    when = days_text(certificate.first_day, certificate.last_day)
    hours = gettext(N_("%(hours)s timer")) % {"hours": hours_nb(certificate.hours)}
    c.drawCentredString(A4_WIDTH / 2, y, f"{when} · {hours}")
    y -= 40
    if certificate.topics:
        c.setFont("Helvetica-Bold", 12)
        c.drawString(MARGIN, y, gettext(N_("Tema")))
        y -= 18
        c.setFont("Helvetica", 11)
        for topic in certificate.topics[:14]:
            for number, line in enumerate(wrapped(topic, "Helvetica", 11, width - 14)):
                if number == 0:
                    c.drawString(MARGIN, y, "•")
                c.drawString(MARGIN + 14, y, line)
                y -= 15
            if y < 260:
                break
    y = max(min(y - 30, 300), 230)
    c.setFont("Helvetica", 11)
    issued = gettext(N_("Utstedt %(date)s av %(network)s.")) % {
        "date": date_nb(certificate.issued_at),
        "network": certificate.network,
    }
    for line in wrapped(issued, "Helvetica", 11, width):
        c.drawString(MARGIN, y, line)
        y -= 15
    if certificate.signer:
        c.drawString(MARGIN, y, gettext(N_("Nettverksleder: %(name)s")) % {"name": certificate.signer})
        y -= 15
    # the foot: the code, its address, the QR code
    size = 96.0
    widget = QrCodeWidget(verify_url, barLevel="M", barWidth=size, barHeight=size)  # its size given: drawn once
    drawing = Drawing(size, size)
    drawing.add(widget)
    renderPDF.draw(drawing, c, A4_WIDTH - MARGIN - size, MARGIN)
    c.setFillColorRGB(*MUTED)
    c.setFont("Helvetica", 10)
    foot = MARGIN + 62
    c.drawString(MARGIN, foot, gettext(N_("Kontroller at kursbeviset er ekte:")))
    c.setFillColorRGB(*INK)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(MARGIN, foot - 18, gettext(N_("Kode: %(code)s")) % {"code": shown_code(certificate.code)})
    c.setFont("Helvetica", 10)
    c.drawString(MARGIN, foot - 34, verify_url)
    c.showPage()
    c.save()
    return buffer.getvalue()


def hours_statement_pdf(statement: HoursStatement) -> bytes:
    """Her hours of a year: each event with its days and hours, hospitation days at HOSPITATION_DAY_HOURS, the sum,
    and the local meetings against the goal; as many pages as the rows need."""
    buffer = io.BytesIO()
    title = gettext(N_("Timeoversikt %(year)s: %(name)s")) % {"year": statement.year, "name": statement.name}
    c = new_canvas(buffer, title, statement.network)
    width = A4_WIDTH - 2 * MARGIN
    columns = (MARGIN, MARGIN + width * 0.58, A4_WIDTH - MARGIN)

    def head() -> float:
        y = A4_HEIGHT - MARGIN
        c.setFillColorRGB(*MUTED)
        c.setFont("Helvetica", 10)
        c.drawString(MARGIN, y, statement.network)
        y -= 34
        c.setFillColorRGB(*INK)
        c.setFont("Helvetica-Bold", 20)
        c.drawString(MARGIN, y, gettext(N_("Timeoversikt %(year)s")) % {"year": statement.year})
        y -= 22
        c.setFont("Helvetica", 12)
        c.drawString(MARGIN, y, statement.name)
        y -= 30
        c.setFont("Helvetica-Bold", 10)
        c.drawString(columns[0], y, gettext(N_("Hva")))
        c.drawString(columns[1], y, gettext(N_("Når")))
        c.drawRightString(columns[2], y, gettext(N_("Timer")))
        c.setStrokeColorRGB(*MUTED)
        c.line(MARGIN, y - 5, A4_WIDTH - MARGIN, y - 5)
        return float(y - 20)

    y = head()
    c.setFont("Helvetica", 10)
    if not statement.rows:
        c.drawString(MARGIN, y, gettext(N_("Ingen oppmøte er registrert på deg i år ennå.")))
        y -= 16
    for row in statement.rows:
        shown = gettext(N_("Hospitering: %(unit)s")) % {"unit": row.title} if row.hospitation_days else row.title
        note = gettext(N_("%(days)s dager à 4 timer")) % {"days": row.hospitation_days} if row.hospitation_days else ""
        title_lines = wrapped(shown, "Helvetica", 10, width * 0.55)
        when_lines = wrapped(
            days_text(row.first_day, row.last_day) + (f" ({note})" if note else ""),
            "Helvetica",
            10,
            width * 0.3,
        )
        needed = 14 * max(len(title_lines), len(when_lines)) + 6
        if y - needed < MARGIN + 60:
            c.showPage()
            y = head()
            c.setFont("Helvetica", 10)
        for number, line in enumerate(title_lines):
            c.drawString(columns[0], y - 14 * number, line)
        for number, line in enumerate(when_lines):
            c.drawString(columns[1], y - 14 * number, line)
        c.drawRightString(columns[2], y, hours_nb(row.hours))
        y -= needed
    c.line(MARGIN, y + 8, A4_WIDTH - MARGIN, y + 8)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(columns[0], y - 8, gettext(N_("I alt")))
    c.drawRightString(columns[2], y - 8, hours_nb(statement.total))
    y -= 34
    c.setFont("Helvetica", 10)
    lines: Sequence[str] = [
        gettext(N_("Lokale samlinger: %(hours)s av %(goal)s timer."))
        % {
            "hours": hours_nb(statement.local_meetings),
            "goal": hours_nb(statement.goal),
        },
        gettext(N_("Én dag hospitering teller 4 timer.")),
        gettext(N_("Oppmøtet er registrert av nettverkets ledere. Laget %(date)s."))
        % {"date": date_nb(statement.made_on)},
    ]
    for line in lines:
        for part in wrapped(line, "Helvetica", 10, width):
            c.drawString(MARGIN, y, part)
            y -= 14
    c.showPage()
    c.save()
    return buffer.getvalue()
