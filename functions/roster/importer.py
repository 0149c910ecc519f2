"""Reading today's navneliste, once, from a CSV or Excel file (roster/import_table.py reads the table), into rows
ready for the roster, with every row that cannot be read named by its line and why.

What real files have, and what this does with it:
- Blank rows (skipped and counted), rows repeated (the first kept, the others listed), and rows that are only a
  heading ("Eidsvoll kommune"), which are reported so that the leader can delete them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import TypeAdapter, ValidationError

from common.characters import has_hidden_character
from common.i18n import N_, gettext
from common.person import Email, phone_number
from roster.import_table import (
    MAX_ROWS,
    Cell,
    UnreadableFile,
    fitted_cells,
    header_row,
    normalised,
    read_table,
    separator_of,
    trimmed_cells,
)
from roster.models import Education, Unit

_email = TypeAdapter(Email)

YES = {"ja", "j", "x", "yes", "y", "1", "true", "sant"}
NO = {"nei", "n", "no", "0", "false", "-", ""}

# The messages a row can get.
NO_NAME = N_("Navnet mangler.")
NO_EMAIL = N_("E-postadressen mangler.")
BAD_EMAIL = N_("«%(value)s» er ikke en e-postadresse vi kan sende til.")
BAD_PHONE = N_("«%(value)s» er ikke et telefonnummer med 8 sifre eller landskode.")
NO_UNIT = N_("Enheten mangler.")
UNKNOWN_UNIT = N_("Vi finner ikke enheten «%(value)s» i nettverkets enhetsliste.")
TWO_UNITS = N_("Det finnes flere enheter som heter «%(value)s». Fyll inn kommunen eller bydelen.")
WRONG_MUNICIPALITY = N_("Enheten «%(unit)s» ligger i %(expected)s, ikke i «%(value)s».")
BAD_EDUCATION = N_("Vi forstår ikke utdanningen «%(value)s». Skriv kreftsykepleier, palliasjon eller ingen.")
BAD_DATE = N_("«%(value)s» i kolonnen «%(column)s» er ikke en dato. Skriv den som dd.mm.åååå.")
BAD_YES_NO = N_("Skriv ja eller nei i kolonnen «%(column)s», ikke «%(value)s».")
MARKUP = N_("Cellen «%(column)s» har tegnene < eller >, som vi ikke tar imot.")
HIDDEN = N_("Cellen «%(column)s» har et usynlig tegn eller et kontrolltegn. Skriv den inn på nytt.")
TOO_LONG = N_("Cellen «%(column)s» er for lang.")
COLUMN_COUNT = N_(
    "Raden har %(found)s kolonner, men overskriften har %(expected)s. Se etter et semikolon eller komma for mye."
)
HEADING_ROW = N_(
    "Raden har bare én utfylt celle («%(value)s»). Er det en overskrift? Slett raden, eller fyll inn resten."
)
SAME_EMAIL_OTHER_DATA = N_(
    "Samme e-post står på linje %(line)s for samme enhet, med andre opplysninger. Behold én av radene."
)
ALREADY_ON_ROSTER = N_("Står allerede i navnelisten for denne enheten.")
NO_HEADER = N_(
    "Vi fant ikke overskriftsraden. Den første raden i tabellen må ha kolonnene Navn, E-post og Enhet (eller "
    "Arbeidssted)."
)
MISSING_COLUMNS = N_("Filen mangler kolonnen for %(columns)s.")
UNREADABLE = N_("Vi klarte ikke å lese filen. Lagre den som CSV eller som Excel-arbeidsbok (.xlsx) og prøv igjen.")
TOO_MANY_ROWS = N_("Filen har mer enn %(max)s rader. Del den opp, eller ta kontakt med oss.")
EMPTY = N_("Filen har ingen rader med ressurssykepleiere.")
COLUMN_LABELS = {"name": N_("navn"), "email": N_("e-post"), "unit": N_("enhet eller arbeidssted")}


@dataclass(frozen=True)
class ImportRow:
    """A row that reads: one resource nurse at one unit."""

    line: int
    unit: Unit
    name: str
    email: str
    phone: str
    education: Education
    start: date | None
    signed: date | None  # the function description, by all three
    grunnkurs: date | None
    listed: bool
    leader_name: str = ""  # the optional columns Enhetsleder and Enhetsleders e-post
    leader_email: str = ""

    @property
    def email_key(self) -> str:
        return self.email.lower()


@dataclass(frozen=True)
class RowProblem:
    line: int
    messages: tuple[str, ...]


@dataclass
class ImportReport:
    """What the file holds: the rows ready, each problem by line, and what was skipped."""

    import_id: str
    filename: str
    columns: dict[str, str] = field(default_factory=dict)  # column -> the header text it was read from
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    duplicates: list[tuple[int, int]] = field(default_factory=list)  # (line, the line it repeats)
    blank: int = 0
    windows_lines: int = 0  # lines that were not UTF-8, read as Windows-1252
    file_problem: str = ""

    @property
    def ready(self) -> bool:
        return not self.file_problem and not self.problems and bool(self.rows)


# Reading a row -------------------------------------------------------------------------------------------------


def parse_date(value: Cell) -> date | None:
    """A date from Excel, or dd.mm.åååå, d.m.åå, åååå-mm-dd, dd/mm/åååå, mm.åååå or a year alone (1 January)."""
    if isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    for pattern in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%m.%Y", "%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if re.fullmatch(r"(19|20)\d\d", text):
        return date(int(text), 1, 1)
    raise ValueError(text)


def parse_education(value: str) -> Education:
    text = normalised(value)
    if "kreft" in text or text in ("ks", "onkologi"):
        return "kreftsykepleier"
    if "pallia" in text:
        return "palliasjon"
    if text in NO or text in ("ingen", "ikke", "nei ingen", "grunnkurs"):
        return "ingen"
    raise ValueError(value)


class _Row:
    """One row's cells by column, and the messages gathered while reading it."""

    def __init__(self, cells: list[Cell], mapping: dict[str, int], headers: dict[str, str]) -> None:
        self.cells = cells
        self.mapping = mapping
        self.headers = headers
        self.messages: list[str] = []

    def raw(self, column: str) -> Cell:
        position = self.mapping.get(column)
        if position is None or position >= len(self.cells):
            return ""
        return self.cells[position]

    def text(self, column: str, limit: int = 120) -> str:
        value = self.raw(column)
        text = value.isoformat() if isinstance(value, date) else " ".join(value.split())
        if any(char in text for char in "<>"):
            self.problem(MARKUP, column=self.headers.get(column, column))
            return ""
        if has_hidden_character(text):  # common/characters.py, as every form
            self.problem(HIDDEN, column=self.headers.get(column, column))
            return ""
        if len(text) > limit:
            self.problem(TOO_LONG, column=self.headers.get(column, column))
            return ""
        return text

    def day(self, column: str, today: date | None = None) -> date | None:
        """A date; with `today`, a yes without a date too (signed, or taken, on a day the list does not say),
        recorded as today."""
        value = self.raw(column)
        if isinstance(value, str) and today is not None:
            if normalised(value) in YES:
                return today
            if normalised(value) in NO:
                return None
        try:
            return parse_date(value)
        except ValueError:
            self.problem(BAD_DATE, value=str(value), column=self.headers.get(column, column))
            return None

    def yes(self, column: str) -> bool:
        value = self.raw(column)
        if isinstance(value, date):
            return True
        text = normalised(value)
        if text in YES:
            return True
        if text not in NO:
            self.problem(BAD_YES_NO, value=value, column=self.headers.get(column, column))
        return False

    def problem(self, message: str, **values: object) -> None:
        self.messages.append(gettext(message) % values if values else gettext(message))


def unit_index(units: dict[str, Unit]) -> dict[str, list[Unit]]:
    """Units by their normalised name and id: what a row's unit cell is looked up in."""
    index: dict[str, list[Unit]] = {}
    for unit in units.values():
        for key in {normalised(unit.name), normalised(unit.id)}:
            index.setdefault(key, []).append(unit)
    return index


def _find_unit(row: _Row, index: dict[str, list[Unit]]) -> Unit | None:
    wanted = row.text("unit")
    if not wanted:
        if not row.messages:
            row.problem(NO_UNIT)
        return None
    municipality = normalised(row.text("municipality"))
    place = " ".join(word for word in municipality.split() if word not in ("kommune", "bydel"))
    found = index.get(normalised(wanted), [])
    if len(found) > 1 and place:
        found = [u for u in found if place in normalised(u.municipality)]
    if not found:
        row.problem(UNKNOWN_UNIT, value=wanted)
        return None
    if len(found) > 1:
        row.problem(TWO_UNITS, value=wanted)
        return None
    unit = found[0]
    if place and place not in normalised(unit.municipality) and normalised(unit.municipality) not in municipality:
        row.problem(WRONG_MUNICIPALITY, unit=unit.name, expected=unit.municipality, value=row.text("municipality"))
    return unit


def _read_row(row: _Row, index: dict[str, list[Unit]], line: int, today: date) -> ImportRow | None:
    name = row.text("name")
    if not name and "first_name" in row.mapping:
        name = " ".join(part for part in (row.text("first_name"), row.text("last_name")) if part)
    if not name:
        row.problem(NO_NAME)
    email = row.text("email", 254)
    if not email:
        row.problem(NO_EMAIL)
    else:
        try:
            email = str(_email.validate_python(email))
        except ValidationError:
            row.problem(BAD_EMAIL, value=email)
    phone = row.text("phone", 30)
    if phone:
        try:
            phone = phone_number(phone)
        except ValueError:
            row.problem(BAD_PHONE, value=phone)
    unit = _find_unit(row, index)
    education: Education = "ingen"
    if row.text("education"):
        try:
            education = parse_education(row.text("education"))
        except ValueError:
            row.problem(BAD_EDUCATION, value=row.text("education"))
    start = row.day("start")
    signed = row.day("signed", today)
    grunnkurs = row.day("grunnkurs", today)
    listed = row.yes("listed")
    leader_name, leader_email = row.text("leader_name"), row.text("leader_email", 254)
    if leader_email:
        try:
            leader_email = str(_email.validate_python(leader_email))
        except ValidationError:
            row.problem(BAD_EMAIL, value=leader_email)
    if row.messages or unit is None:
        return None
    return ImportRow(
        line, unit, name, email, phone, education, start, signed, grunnkurs, listed, leader_name, leader_email
    )


def parse(
    filename: str, data: bytes, units: dict[str, Unit], today: date, taken: set[tuple[str, str]] | None = None
) -> ImportReport:
    """Read the whole file; `taken` holds the (unit, email) pairs already on the roster. A signature or grunnkurs
    marked yes without a date is recorded as today."""
    report = ImportReport(import_id=hashlib.sha256(data).hexdigest()[:20], filename=filename)
    try:
        rows, report.windows_lines = read_table(filename, data)
    except UnreadableFile:
        report.file_problem = gettext(UNREADABLE)
        return report
    found = header_row(rows)
    if found is None:
        report.file_problem = gettext(NO_HEADER)
        return report
    index, mapping = found
    header_cells = rows[index][1]
    separator = separator_of(rows[index][2]) if rows[index][2] else ""
    report.columns = {column: str(header_cells[position]) for column, position in mapping.items()}
    missing = [c for c in ("email", "unit") if c not in mapping]
    if missing:
        names = ", ".join(gettext(COLUMN_LABELS[c]) for c in missing)
        report.file_problem = gettext(MISSING_COLUMNS) % {"columns": names}
        return report
    body = rows[index + 1 :]
    if len(body) > MAX_ROWS:
        report.file_problem = gettext(TOO_MANY_ROWS) % {"max": MAX_ROWS}
        return report
    width = len(trimmed_cells(header_cells))
    by_name = unit_index(units)
    seen: dict[tuple[str, str], ImportRow] = {}
    for line, split, record in body:
        cells = fitted_cells(record, separator, width) if record else split
        filled = [cell for cell in cells if str(cell).strip()]
        if not filled:
            report.blank += 1
            continue
        if len(filled) == 1 and len(trimmed_cells(cells)) <= width:
            report.problems.append(RowProblem(line, (gettext(HEADING_ROW) % {"value": str(filled[0])},)))
            continue
        if len(trimmed_cells(cells)) > width:
            found_width = len(trimmed_cells(cells))
            message = gettext(COLUMN_COUNT) % {"found": found_width, "expected": width}
            report.problems.append(RowProblem(line, (message,)))
            continue
        row = _Row(cells, mapping, report.columns)
        read = _read_row(row, by_name, line, today)
        if read is None:
            report.problems.append(RowProblem(line, tuple(row.messages)))
            continue
        key = (read.unit.id, read.email_key)
        first = seen.get(key)
        if first is not None:
            if _same(first, read):
                report.duplicates.append((line, first.line))
            else:
                report.problems.append(RowProblem(line, (gettext(SAME_EMAIL_OTHER_DATA) % {"line": first.line},)))
            continue
        if taken and key in taken:
            report.problems.append(RowProblem(line, (gettext(ALREADY_ON_ROSTER),)))
            continue
        seen[key] = read
        report.rows.append(read)
    if not report.rows and not report.problems:
        report.file_problem = gettext(EMPTY)
    return report


def _same(first: ImportRow, second: ImportRow) -> bool:
    left = (normalised(first.name), first.phone, first.education, first.start, first.signed, first.grunnkurs)
    right = (normalised(second.name), second.phone, second.education, second.start, second.signed, second.grunnkurs)
    return left == right
