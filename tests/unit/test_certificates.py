"""Certificates on fakes: made only for a person marked present, the same code each time, the programme's topics
without the times and breaks, checked by the code as a person types it, and nothing found for a changed code or one
that has run out; the PDF's text says who, what, when, how many hours, and how to check it."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pypdf
import pytest

from attendance.models import Attendance
from certificates.models import Certificate, shown_code, typed_code
from certificates.pdf import HoursStatement, StatementRow, certificate_pdf, hours_statement_pdf
from certificates.service import Certificates, programme_topics
from common.errors import NotPresent
from tests.support.samples import NOW, course

PROGRAMME = """Velkommen til grunnkurset.

## Program

- **08.30–09.00** Registrering og kaffe
- **09.00–10.00** Smertelindring ved livets slutt
- **10.15–11.30** Samtaler med pasient og pårørende
- 11.30–12.15 Lunsj
- **12.15–13.00** *Symptomlindring*: kvalme og obstipasjon

## Praktisk informasjon

- Gratis, med lunsj.
"""


@dataclass
class FakeCertificateRepository:
    kept: dict[str, Certificate] = field(default_factory=dict)

    def put(self, certificate: Certificate) -> None:
        self.kept[certificate.code] = certificate

    def get(self, code: str) -> Certificate | None:
        return self.kept.get(code)


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


def mark(
    course_id: str, present: bool = True, hours: float = 12.0, email: str = "Kari.Nordmann@example.no"
) -> Attendance:
    values = {"course_id": course_id, "email": email, "name": "Kari Nordmann", "area": "nedre-romerike"}
    values |= {"source": "registration", "present": present, "hours": hours, "marked_by": "leder@example.no"}
    return Attendance.model_validate(values | {"marked_at": NOW, "expires_at": 2**31})


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_topics_are_the_programmes_lines_without_times_and_breaks() -> None:
    assert programme_topics(PROGRAMME) == (
        "Smertelindring ved livets slutt",
        "Samtaler med pasient og pårørende",
        "Symptomlindring: kvalme og obstipasjon",
    )
    assert programme_topics("Ingen program her.\n\n- bare en liste") == ()


def test_a_certificate_is_made_only_for_a_person_marked_present_and_is_the_same_each_time() -> None:
    repository, clock = FakeCertificateRepository(), Clock()
    service = Certificates(repository, "a-secret-of-sixteen", clock)
    grunnkurs = course()
    with pytest.raises(NotPresent):
        service.issue(grunnkurs, mark(grunnkurs.id, present=False), PROGRAMME, "Nettverket", "Marte Lindqvist")
    with pytest.raises(NotPresent):
        service.issue(grunnkurs, None, PROGRAMME, "Nettverket", "Marte Lindqvist")
    first = service.issue(grunnkurs, mark(grunnkurs.id), PROGRAMME, "Nettverket", "Marte Lindqvist")
    again = service.issue(grunnkurs, mark(grunnkurs.id, hours=10.5, email="kari.nordmann@example.no"), "", "N", "")
    assert first.code == again.code and len(repository.kept) == 1, "one certificate, with the mark's hours of now"
    assert repository.kept[first.code].hours == 10.5
    other = Certificates(repository, "another-secret-16", clock).issue(grunnkurs, mark(grunnkurs.id), "", "N", "")
    assert other.code != first.code, "the code comes from the stack's secret: nobody can make one"
    assert first.first_day == grunnkurs.start.date() and first.last_day == grunnkurs.end.date()
    assert first.email == "kari.nordmann@example.no" and first.name == "Kari Nordmann"


def test_the_check_takes_the_code_as_typed_and_finds_nothing_for_a_changed_or_old_one() -> None:
    repository, clock = FakeCertificateRepository(), Clock()
    service = Certificates(repository, "a-secret-of-sixteen", clock)
    made = service.issue(course(), mark("grunnkurs-test"), PROGRAMME, "Nettverket", "")
    printed = shown_code(made.code)
    assert len(printed) == 14 and printed.count("-") == 2
    assert service.check(printed) == made
    assert service.check(f"  {printed.lower()} ") == made
    changed = made.code[:-1] + ("A" if made.code[-1] != "A" else "B")
    assert service.check(changed) is None
    assert service.check("") is None and service.check("x" * 500) is None
    assert typed_code("abcd efgh 1k0m") == "ABCDEFGHIKOM"
    clock.now += timedelta(days=365 * 7)
    assert service.check(made.code) is None, "run out after CERTIFICATE_YEARS"


def test_the_pdf_says_who_what_when_the_hours_and_how_to_check_it() -> None:
    service = Certificates(FakeCertificateRepository(), "a-secret-of-sixteen", Clock())
    made = service.issue(
        course(), mark("grunnkurs-test", hours=12.5), PROGRAMME, "Nettverket i palliasjon", "Marte Lindqvist"
    )
    url = f"https://palliasjon.example.no/api/kursbevis/{made.code}"
    data = certificate_pdf(made, url)
    assert data.startswith(b"%PDF-")
    text = text_of(data)
    for words in (
        "KURSBEVIS",
        "Kari Nordmann",
        "Grunnkurs i palliasjon",
        "12,5 timer",
        "Smertelindring ved livets slutt",
        "Nettverket i palliasjon",
        "Marte Lindqvist",
        shown_code(made.code),
        url,
    ):
        assert words in text
    assert pypdf.PdfReader(io.BytesIO(data)).metadata.title == "Kursbevis: Grunnkurs i palliasjon"


def test_the_hours_statement_lists_every_event_on_as_many_pages_as_it_needs_and_the_sum() -> None:
    rows = tuple(
        StatementRow(f"Nettverksmøte {n}", date(2027, 1, 1 + n % 28), date(2027, 1, 1 + n % 28), 2.5) for n in range(70)
    )
    rows += (StatementRow("Palliativt senter, Ahus", date(2027, 3, 1), date(2027, 3, 3), 12.0, hospitation_days=3),)
    statement = HoursStatement("Kari Nordmann", 2027, "Nettverket", rows, 10.0, 12.0, 187.0, date(2027, 6, 1))
    data = hours_statement_pdf(statement)
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = text_of(data)
    assert len(reader.pages) >= 2
    assert "Nettverksmøte 0" in text and "Nettverksmøte 69" in text
    assert "Hospitering: Palliativt senter, Ahus" in text and "3 dager à 4" in text
    assert "187" in text and "Lokale samlinger: 10 av 12 timer." in text
