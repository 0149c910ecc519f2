"""Reading today's navneliste: CSV as Excel, Google Sheets and stitched-together files write it, and Excel itself;
every row that cannot be read named by its line, blank and repeated rows skipped and counted."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from roster.importer import parse, parse_date, parse_education
from roster.models import configured_units
from tests.support.roster import MESSY_BAD_LINES, MESSY_GOOD_LINES, clean_file, messy_file

TODAY = date(2026, 11, 24)


def test_a_messy_file_gives_its_good_rows_and_names_each_bad_one() -> None:
    report = parse("navneliste.csv", messy_file(), configured_units(), TODAY)

    assert [row.line for row in report.rows] == list(MESSY_GOOD_LINES)
    assert [problem.line for problem in report.problems] == list(MESSY_BAD_LINES)
    assert report.duplicates == [(8, 4)]
    assert report.blank == 2  # the row of separators and the empty last line
    assert report.windows_lines == 3
    assert not report.ready
    messages = {problem.line: " ".join(problem.messages) for problem in report.problems}
    assert "overskrift" in messages[9]
    assert "«ola@» er ikke en e-postadresse" in messages[10]
    assert "Vi finner ikke enheten «Grue omsorgssenter»" in messages[11]
    assert "«32.13.2024» i kolonnen «Startdato» er ikke en dato" in messages[12]
    assert "linje 4" in messages[13]


def test_each_good_row_reads_whatever_its_encoding_and_separator() -> None:
    rows = {row.line: row for row in parse("navneliste.csv", messy_file(), configured_units(), TODAY).rows}

    kari, ase, per = rows[4], rows[5], rows[7]
    assert (kari.unit.id, kari.phone, kari.education, kari.start) == (
        "eidsvoll-sykehjem",
        "91234567",
        "kreftsykepleier",
        date(2024, 2, 1),
    )
    assert kari.signed == TODAY, "signed, with no date in the list: recorded as the day of the import"
    assert (ase.name, ase.unit.id, ase.education, ase.start) == (
        "Åse Ødegård",
        "solbakken-sykehjem",
        "ingen",
        date(2023, 1, 1),
    )
    assert ase.signed is None
    assert (per.unit.id, per.education, per.start) == ("lillestrom-helsehus", "palliasjon", date(2025, 8, 15))


def test_the_file_without_its_bad_rows_is_ready() -> None:
    report = parse("navneliste.csv", clean_file(), configured_units(), TODAY)

    assert report.ready and len(report.rows) == 3 and report.problems == []


def test_someone_already_on_the_roster_is_a_problem_not_a_second_entry() -> None:
    taken = {("eidsvoll-sykehjem", "kari.nordmann@eidsvoll.kommune.no")}

    report = parse("navneliste.csv", clean_file(), configured_units(), TODAY, taken)

    assert [problem.line for problem in report.problems] == [4, 8], "Kari, and the row repeating her"
    assert all("allerede i navnelisten" in problem.messages[0] for problem in report.problems)


def test_excel_with_a_title_row_dates_as_dates_and_phone_numbers_as_numbers() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ressurssykepleiere 2026"])
    sheet.append(
        ["Fornavn", "Etternavn", "E-postadresse", "Mobil", "Arbeidssted", "Kommune/bydel", "Ressurssykepleier fra"]
    )
    sheet.append(
        [
            "Nora",
            "Ny",
            "nora.ny@stovner.oslo.kommune.no",
            91234567,
            "Stovner helsehus",
            "Bydel Stovner",
            datetime(2025, 3, 1),
        ]
    )
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(["Berit", "Blank", "", None, "Stovner helsehus", "Bydel Stovner", None])
    data = io.BytesIO()
    book.save(data)

    report = parse("liste.xlsx", data.getvalue(), configured_units(), TODAY)

    (row,) = report.rows
    assert (row.line, row.name, row.phone, row.start, row.unit.id) == (
        3,
        "Nora Ny",
        "91234567",
        date(2025, 3, 1),
        "stovner-helsehus",
    )
    assert report.blank == 1
    assert [(p.line, p.messages) for p in report.problems] == [(5, ("E-postadressen mangler.",))]


def test_utf16_tab_separated_text_from_excel_reads() -> None:
    text = "Navn\tE-post\tEnhet\r\nPer Hansen\tper.hansen@lillestrom.kommune.no\tLillestrøm helsehus\r\n"

    report = parse("liste.txt", text.encode("utf-16"), configured_units(), TODAY)

    assert [row.unit.id for row in report.rows] == ["lillestrom-helsehus"]


def test_a_file_from_old_excel_for_mac_with_carriage_returns_only_reads() -> None:
    text = "Navn;E-post;Enhet\rPer Hansen;per.hansen@lillestrom.kommune.no;Lillestrøm helsehus\r"

    report = parse("liste.csv", text.encode("cp1252"), configured_units(), TODAY)

    assert [row.unit.id for row in report.rows] == ["lillestrom-helsehus"]


@pytest.mark.parametrize(
    "data",
    [
        b"\x02\x13\xa0ZL\x11Q\x87-\xbf\x15\xb5Ib\xbc\xc3\r\xef\x0c\xf4",  # found by the fuzz tier: a lone CR, a 500
        b"Navn;E-post;Enhet\n" + b'"' + b"x" * 200_000 + b'"',  # a cell over the csv module's limit
    ],
)
def test_junk_is_a_problem_in_the_report_not_an_error(data: bytes) -> None:
    report = parse("fil.csv", data, configured_units(), TODAY)

    assert not report.ready and (report.file_problem or report.problems)


def test_a_quote_never_closed_joins_the_lines_after_it_into_one_row() -> None:
    text = 'Navn;E-post;Enhet\nKari "Nordmann;kari@example.no;Eidsvoll\nsykehjem'

    report = parse("fil.csv", text.encode(), configured_units(), TODAY)

    assert [(row.line, row.unit.id) for row in report.rows] == [(2, "eidsvoll-sykehjem")]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "overskriftsraden"),
        (b"%PDF-1.7\x00\x00\x00", "klarte ikke"),
        (b"PK\x03\x04 not really a workbook", "klarte ikke"),
        (b"Navn;Telefon\r\nKari;91234567", "overskriftsraden"),
        (b"Navn;E-post\r\nKari;kari@example.no", "enhet eller arbeidssted"),
        (b"Navn;E-post;Enhet\r\n", "ingen rader"),
    ],
)
def test_a_file_that_is_not_a_navneliste_says_so(data: bytes, problem: str) -> None:
    report = parse("fil.csv", data, configured_units(), TODAY)

    assert problem in report.file_problem and not report.ready


def test_a_row_with_more_columns_than_the_header_is_named() -> None:
    text = "Navn;E-post;Enhet\r\nKari;kari@example.no;Eidsvoll sykehjem;Eidsvoll;ekstra\r\n"

    report = parse("fil.csv", text.encode(), configured_units(), TODAY)

    assert report.problems[0].line == 2 and "kolonner" in report.problems[0].messages[0]


def test_a_cell_with_markup_is_refused() -> None:
    text = "Navn;E-post;Enhet\r\n<b>Kari</b>;kari@example.no;Eidsvoll sykehjem\r\n"

    report = parse("fil.csv", text.encode(), configured_units(), TODAY)

    assert "< eller >" in report.problems[0].messages[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.02.2024", date(2024, 2, 1)),
        ("1.2.24", date(2024, 2, 1)),
        ("2024-02-01", date(2024, 2, 1)),
        ("01/02/2024", date(2024, 2, 1)),
        ("02.2024", date(2024, 2, 1)),
        ("2024", date(2024, 1, 1)),
        ("", None),
    ],
)
def test_dates_as_people_write_them(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kreftsykepleier", "kreftsykepleier"),
        ("KS", "kreftsykepleier"),
        ("Master i palliasjon", "palliasjon"),
        ("videreutd. palliativ omsorg", "palliasjon"),
        ("nei", "ingen"),
        ("", "ingen"),
    ],
)
def test_education_as_people_write_it(text: str, expected: str) -> None:
    assert parse_education(text) == expected


def test_a_cell_with_a_hidden_character_is_named_on_its_row() -> None:
    """A name pasted with a right-to-left override or a zero-width space (common/characters.py) reads as another."""
    header = "Navn;E-post;Telefon;Kommune;Enhet;Utdanning;Startdato;Signert"
    rows = [
        "Kari\u202eNordmann;kari.skjult@eidsvoll.kommune.no;;Eidsvoll;Eidsvoll sykehjem;;;",
        "Per Hansen\u200b;per.skjult@eidsvoll.kommune.no;;Eidsvoll;Eidsvoll sykehjem;;;",
    ]
    report = parse("navneliste.csv", "\r\n".join([header, *rows]).encode(), configured_units(), TODAY)
    assert [problem.line for problem in report.problems] == [2, 3]
    assert all("usynlig tegn" in " ".join(problem.messages) for problem in report.problems)
