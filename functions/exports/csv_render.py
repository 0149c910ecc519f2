"""Rows to a CSV file that opens right in Norwegian Excel, with every cell kept as text.

Norwegian Excel splits on ";" (the comma is the decimal sign) and reads UTF-8 only when the file starts with a BOM,
so that is the default; "komma" is plain CSV for other tools. Cells are what people typed in a public form, so a cell
that a spreadsheet would read as a formula gets a leading apostrophe (OWASP's advice against CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# What makes a spreadsheet read a cell as a formula: the ASCII signs, a leading tab or line break (Excel trims them
# and then sees the sign after them), and the full-width signs some spreadsheets normalise to ASCII.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(value: object) -> str:
    """The cell as text that no spreadsheet runs: None is empty, and a formula-like start gets an apostrophe.

    Every value is checked, not only strings: str() of a negative number starts with "-" too, and all cells end up as
    text in the file anyway.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class CsvFormat:
    """A CSV dialect a leader can choose; both end lines with CRLF, as RFC 4180 and Excel do."""

    name: str
    delimiter: str
    bom: bool

    @property
    def media_type(self) -> str:
        return "text/csv; charset=utf-8"


EXCEL = CsvFormat("excel", ";", bom=True)
COMMA = CsvFormat("komma", ",", bom=False)
FORMATS = {fmt.name: fmt for fmt in (EXCEL, COMMA)}


def csv_format(name: str | None) -> CsvFormat:
    """The format a request asks for (?format=komma); Excel when it asks for none."""
    if not name:
        return EXCEL
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown CSV format {name!r}: use one of {sorted(FORMATS)}") from None


@dataclass(frozen=True)
class Rendered:
    """The file, and how many data rows it holds (the header not counted), for the response and the audit log."""

    data: bytes
    rows: int


def render(rows: Iterable[Sequence[object]], fmt: CsvFormat) -> Rendered:
    """The rows as one file; the first row is the header. Rows are read once, so a generator over pages works."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=fmt.delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    count = 0
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        count += 1
    data = buffer.getvalue().encode("utf-8-sig" if fmt.bom else "utf-8")
    return Rendered(data=data, rows=max(count - 1, 0))
