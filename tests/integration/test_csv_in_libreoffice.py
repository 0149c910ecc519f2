"""A real spreadsheet opens the export: LibreOffice Calc imports both CSV dialects, with formulas evaluated, and sees
Norwegian letters intact and every formula-like cell as text.

LibreOffice converts the CSV to a flat ODS (plain XML), which the test reads. The import filter string is explicit
(LibreOffice's "Filter Options for the CSV Filter"; ScAsciiOptions::ReadFromString in sc/source/ui/dbgui/asciiopt.cxx
reads the same tokens, counted from 0 there):

     1 field separator: 59 ";" or 44 ","       8 detect special numbers: false (dates and times stay as written)
     2 text delimiter: 34 '"'                   9 save as shown: export only
     3 character set: 76 (UTF-8)               10 save formulas: export only
     4 first line: 1                           11 trim spaces: false
     5 column formats: none                    12 sheet: export only
     6 language: 1044 (Norwegian bokmål)       13 evaluate formulas: TRUE, what the test is about
     7 quoted field as text: false (quoted cells are parsed too, the stricter case)

A control file of raw, unneutralised formulas goes through the same conversion, so the test also proves that the
filter string really does evaluate formulas (had token 13 moved, the control would come back as text).
"""

from __future__ import annotations

import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest

from courses.export import registration_export
from courses.models import Registration
from exports.csv_render import COMMA, EXCEL, FORMULA_STARTS, CsvFormat, neutralise, render
from tests.support.samples import course, registration

pytestmark = pytest.mark.slow

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
HYPERLINK = '=HYPERLINK("http://example.com","x")'
FORMULA_LIKE = ["=1+1", "+47 SUM(A1)", "@cmd", "-2+3", HYPERLINK]


def soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        pytest.fail("LibreOffice is not installed (no `soffice` on PATH): install the Debian package libreoffice-calc")
    return path


def import_filter(fmt: CsvFormat) -> str:
    separator = ord(fmt.delimiter)
    return f"Text - txt - csv (StarCalc):{separator},34,76,1,,1044,false,false,false,false,false,0,true"


Cell = tuple[str, dict[str, str]]


def cell_text(cell: ET.Element) -> str:
    """A cell's text as Calc shows it: paragraphs are lines, <text:s text:c="n"/> is n spaces."""

    def inline(element: ET.Element) -> str:
        parts = [element.text or ""]
        for child in element:
            if child.tag == f"{TEXT}s":
                parts.append(" " * int(child.get(f"{TEXT}c", "1")))
            elif child.tag == f"{TEXT}tab":
                parts.append("\t")
            elif child.tag == f"{TEXT}line-break":
                parts.append("\n")
            else:
                parts.append(inline(child))
            parts.append(child.tail or "")
        return "".join(parts)

    return "\n".join(inline(paragraph) for paragraph in cell.iter(f"{TEXT}p"))


def sheet(fods: Path) -> list[list[Cell]]:
    """The first sheet's rows, each a list of (text, attributes); trailing empty cells left out."""
    table = next(ET.parse(fods).getroot().iter(f"{TABLE}table"))
    rows: list[list[Cell]] = []
    for row in table.iter(f"{TABLE}table-row"):
        cells: list[Cell] = []
        for cell in row:
            repeat = int(cell.get(f"{TABLE}number-columns-repeated", "1"))
            cells += [(cell_text(cell), dict(cell.attrib))] * repeat
        while cells and not cells[-1][0] and f"{OFFICE}value-type" not in cells[-1][1]:
            cells.pop()  # the row's empty end, which Calc writes as one (repeated) empty cell
        rows.append(cells)
    return rows


def convert(files: list[Path], fmt: CsvFormat, tmp_path: Path) -> float:
    """Calc imports the CSV files with the dialect's filter and saves each as <name>.fods; the seconds it took."""
    profile = tmp_path / "libreoffice-profile"  # its own profile: parallel runs do not collide
    command = [
        soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        f"--infilter={import_filter(fmt)}",
        "--convert-to",
        "fods",
        "--outdir",
        str(tmp_path),
        *map(str, files),
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    seconds = time.perf_counter() - started
    missing = [file.name for file in files if not file.with_suffix(".fods").exists()]
    assert done.returncode == 0 and not missing, f"soffice failed ({missing}): {done.stdout}\n{done.stderr}"
    return seconds


def people() -> list[Registration]:
    def person(name: str, email: str = "deltaker@example.no", **update: object) -> Registration:
        return registration("grunnkurs-test", email, name=name).model_copy(update=update)

    return [
        person("Åse Ødegård", "ase@example.no", workplace="Bjørkelangen sykehjem", municipality="Aurskog-Høland"),
        person("Kari Nordmann", workplace="=1+1", status="waitlisted", position=1),
        person("+47 SUM(A1)", phone="+4791234567"),
        person("@cmd", status="cancelled"),
        person("-2+3", answers={"diet": HYPERLINK}),
        person('Per; «Sitat» "Quote"', workplace="To\nlinjer", answers={"diet": "Nøtter, egg"}),
    ]


@pytest.mark.parametrize("fmt", [EXCEL, COMMA], ids=["excel", "komma"])
def test_calc_opens_the_export_with_letters_intact_and_formulas_as_text(fmt: CsvFormat, tmp_path: Path) -> None:
    courses = {"grunnkurs-test": course(questions="diet", now=datetime(2026, 11, 23, 12, tzinfo=UTC))}
    exporter = registration_export(courses, {"nedre-romerike": "Nedre Romerike"}, with_course=True)
    expected = [[neutralise(cell) for cell in row] for row in exporter.rows(people())]
    rendered = render(exporter.rows(people()), fmt)
    export = tmp_path / "export.csv"
    export.write_bytes(rendered.data)
    control = tmp_path / "control.csv"
    control.write_bytes(fmt.delimiter.join(["Tekst", "=1+1", "=SUM(2;3)"]).encode() + b"\r\n")

    seconds = convert([export, control], fmt, tmp_path)
    print(f"LibreOffice converted {fmt.name} in {seconds:.2f} s")  # noqa: T201 - shown with pytest -s

    [[_, one_plus_one, *_]] = sheet(tmp_path / "control.fods")
    assert one_plus_one[1].get(f"{TABLE}formula") == "of:=1+1", "the import filter did not evaluate formulas"

    rows = sheet(tmp_path / "export.fods")
    assert [text for text, _ in rows[0]] == exporter.header()
    assert len(rows) == rendered.rows + 1 == len(people()) + 1
    texts = [[text for text, _ in row] for row in rows]
    assert texts == [row[: len(texts[index])] for index, row in enumerate(expected)]
    assert all(cell == "" for index, row in enumerate(expected) for cell in row[len(texts[index]) :])
    assert any(row[4:8] == ["Åse Ødegård", "ase@example.no", "91234567", "Bjørkelangen sykehjem"] for row in texts)
    assert any("Aurskog-Høland" in row for row in texts)

    cells = [cell for row in rows for cell in row]
    assert not [text for text, attributes in cells if f"{TABLE}formula" in attributes]
    seen = {text: attributes for text, attributes in cells if text.startswith("'")}
    for original in [*FORMULA_LIKE, "+4791234567"]:
        assert original.startswith(FORMULA_STARTS)
        assert f"'{original}" in seen, f"{original!r} is not shown as text"
        assert seen[f"'{original}"].get(f"{OFFICE}value-type") == "string"
