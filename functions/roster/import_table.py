"""Reading a navneliste file into a table: a CSV or Excel file's rows and cells, and its header row.

What real files do, and what this reads:
- CSV saved by Excel on Norwegian Windows (semicolons, Windows-1252), by Google Sheets or Numbers (commas, UTF-8,
  maybe a BOM), or Excel's "Unicode text" (UTF-16, tabs); files stitched together from several, so that the
  encoding and the separator change from one line to the next. Each line is decoded on its own (UTF-8, else
  Windows-1252), and each row is split by the separator that gives it the header's columns. Line ends may be CRLF,
  LF or a lone CR (Excel for Mac).
- A title or a note above the header row: the header is the first row that names a name column and a unit or email
  column (Navn, E-post, Enhet/Arbeidssted, ...; see COLUMNS).
- Excel (.xlsx): the first sheet, with its dates as dates.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from datetime import date, datetime
from typing import Any

from common.errors import PayloadTooLarge
from common.i18n import N_

MAX_ROWS = 5000
# An .xlsx is a zip: a 4 MB upload could unpack to gigabytes (a zip bomb). The sizes its directory declares are
# what zipfile will ever give out (it stops at the declared size and fails the CRC check), so they are checked
# before openpyxl opens it. A navneliste of 5,000 rows unpacks to a few MB in a dozen entries.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 500
UNPACKED_TOO_BIG = N_(
    "Excel-filen blir for stor når den pakkes ut. Lagre bare arket med navnelisten i en ny arbeidsbok, eller lagre "
    "den som CSV, og prøv igjen."
)
HEADER_SEARCH = 20  # rows looked at for the header
SEPARATORS = (";", ",", "\t")

# Column -> the header texts that mean it, normalised (lower case, letters and digits only, single spaces).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("navn", "fullt navn", "ressurssykepleier", "ressurssykepleiere", "kontaktsykepleier", "sykepleier"),
    "first_name": ("fornavn",),
    "last_name": ("etternavn",),
    "email": ("e post", "epost", "e postadresse", "epostadresse", "mail", "e mail", "email"),
    "phone": ("telefon", "tlf", "tlf nr", "mobil", "mobilnummer", "telefonnummer", "mobiltelefon"),
    "unit": (
        "enhet",
        "arbeidssted",
        "avdeling",
        "tjenestested",
        "arbeidsplass",
        "sykehjem",
        "enhet avdeling",
        "arbeidssted enhet",
    ),
    "municipality": ("kommune", "bydel", "kommune bydel", "kommune eller bydel"),
    "education": ("utdanning", "videreutdanning", "kompetanse", "kreftsykepleier videreutdanning"),
    "start": ("startdato", "start", "fra", "fra dato", "ressurssykepleier fra", "startet", "dato start"),
    "signed": (
        "signert",
        "funksjonsbeskrivelse",
        "signert funksjonsbeskrivelse",
        "funksjonsbeskrivelse signert",
    ),
    "grunnkurs": ("grunnkurs", "grunnkurs tatt", "grunnkurs i palliasjon"),
    "listed": ("vises pa nettsiden", "vises pa nett", "publiseres", "pa nettsiden", "navn pa nett"),
    # optional: the unit's leader (kept with the unit, UNIT#<id> / LEADER)
    "leader_name": ("enhetsleder", "enhetsleders navn", "leder", "leders navn", "naermeste leder"),
    "leader_email": (
        "enhetsleders e post",
        "enhetsleders epost",
        "enhetsleder e post",
        "leders e post",
        "leder e post",
        "naermeste leders e post",
    ),
}


class UnreadableFile(Exception):
    """Not a CSV or Excel file this module can read."""


Cell = str | date


def normalised(text: str) -> str:
    """Lower case, accents and æøå folded (å -> a, ø -> o, æ -> ae), punctuation to spaces, single spaces."""
    folded = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split())


# Reading the table ---------------------------------------------------------------------------------------------


def read_table(filename: str, data: bytes) -> tuple[list[tuple[int, list[Cell], str]], int]:
    """The file's rows as (line number, cells, the row's text in a CSV file), and how many lines were read as
    Windows-1252."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        return _excel_rows(data), 0
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return _csv_rows(data.decode("utf-16").splitlines()), 0
        except UnicodeDecodeError as exc:
            raise UnreadableFile() from exc
    lines: list[str] = []
    windows = 0
    # A line ends in CRLF (Windows), LF, or CR alone (Excel for Mac's "CSV (Macintosh)").
    for number, raw in enumerate(re.split(rb"\r\n|\r|\n", data)):
        if number == 0:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
            windows += 1
    if "\x00" in "".join(lines[:5]):  # a binary file (an old .xls, a PDF)
        raise UnreadableFile()
    return _csv_rows(lines), windows


def checked_unpacked_size(data: bytes) -> None:
    """Refuse (413) a workbook whose entries unpack to more than MAX_UNPACKED_BYTES, or that has more than
    MAX_ENTRIES entries, before anything is unpacked; UnreadableFile when it is no zip at all."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise UnreadableFile() from exc
    if len(entries) > MAX_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise PayloadTooLarge(UNPACKED_TOO_BIG)


def _excel_rows(data: bytes) -> list[tuple[int, list[Cell], str]]:
    from openpyxl import load_workbook  # only when an Excel file comes

    checked_unpacked_size(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike: not a workbook we can read
        raise UnreadableFile() from exc
    sheet = book.worksheets[0]
    rows: list[tuple[int, list[Cell], str]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS + HEADER_SEARCH:
            break
        rows.append((number, [_excel_cell(value) for value in values], ""))
    book.close()
    return rows


def _excel_cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed as a number
    return str(value).strip()


def _csv_rows(lines: list[str]) -> list[tuple[int, list[Cell], str]]:
    """Rows from text lines, a quoted cell running over several lines if it must, each split by the separator that
    gives it the most cells (parse() splits the rows below the header again, by the header's)."""
    records: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 1
    for number, line in enumerate(lines, start=1):
        if not pending:
            start = number
        pending.append(line)
        if sum(part.count('"') for part in pending) % 2 == 0:
            records.append((start, "\n".join(pending)))
            pending = []
    if pending:
        records.append((start, "\n".join(pending)))
    return [(number, _best_split(record), record) for number, record in records[: MAX_ROWS + HEADER_SEARCH + 1]]


def _split(record: str, separator: str) -> list[Cell]:
    try:
        cells = next(csv.reader([record], delimiter=separator, quotechar='"', skipinitialspace=True), [])
    except csv.Error:  # a quote never closed, a cell over the csv module's limit: junk, split as it stands
        cells = record.replace("\n", " ").split(separator)
    return [cell.strip() for cell in cells]


def _best_split(record: str) -> list[Cell]:
    """The split with the most cells: a separator that is not this line's gives a single cell, or few."""
    return max((_split(record, separator) for separator in SEPARATORS), key=lambda cells: len(trimmed_cells(cells)))


def fitted_cells(record: str, first: str, width: int) -> list[Cell]:
    """A row split to fit the header's columns: by the header's separator if that fits, else by another that
    does; a row that fits none keeps its widest split (and is reported)."""
    if not trimmed_cells(_split(record, first)):  # blank, or separators only
        return []
    for separator in (first, *(s for s in SEPARATORS if s != first)):
        cells = _split(record, separator)
        if 1 < len(trimmed_cells(cells)) <= width:
            return cells
    return _best_split(record)


def trimmed_cells(cells: list[Cell]) -> list[Cell]:
    """Without the empty cells at the end (Excel writes ;;; for empty columns)."""
    end = len(cells)
    while end and not str(cells[end - 1]).strip():
        end -= 1
    return cells[:end]


def separator_of(record: str) -> str:
    return max(SEPARATORS, key=lambda separator: len(trimmed_cells(_split(record, separator))))


def header_row(rows: list[tuple[int, list[Cell], str]]) -> tuple[int, dict[str, int]] | None:
    """The index of the header row and column -> cell index, or None."""
    for index, (_number, cells, _record) in enumerate(rows[:HEADER_SEARCH]):
        mapping: dict[str, int] = {}
        for position, cell in enumerate(cells):
            name = normalised(str(cell))
            for column, texts in COLUMNS.items():
                if name in texts and column not in mapping:
                    mapping[column] = position
                    break
        has_name = "name" in mapping or {"first_name", "last_name"} <= mapping.keys()
        if has_name and ("unit" in mapping or "email" in mapping):
            return index, mapping
    return None
