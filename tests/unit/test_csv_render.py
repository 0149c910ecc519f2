"""The CSV file a leader downloads: opens right in Norwegian Excel, and no cell is ever read as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports.csv_render import COMMA, EXCEL, FORMULA_STARTS, CsvFormat, Rendered, csv_format, neutralise, render

BOM = b"\xef\xbb\xbf"
# The tests' own list, so that a shortened FORMULA_STARTS cannot make them pass: OWASP's signs and the control
# characters before them, and the full-width forms.
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def parse(data: bytes, delimiter: str) -> list[list[str]]:
    """The file as a CSV reader sees it (utf-8-sig drops the BOM, as Excel does)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_excel_is_semicolons_utf8_with_bom_and_crlf() -> None:
    data = render([["Navn", "Kommune"], ["Kari", "Lørenskog"]], EXCEL).data
    assert data.startswith(BOM)
    assert data == BOM + "Navn;Kommune\r\nKari;Lørenskog\r\n".encode()
    assert EXCEL.media_type == "text/csv; charset=utf-8"


def test_komma_is_commas_utf8_without_bom_and_crlf() -> None:
    data = render([["Navn", "Kommune"], ["Kari", "Lørenskog"]], COMMA).data
    assert data == "Navn,Kommune\r\nKari,Lørenskog\r\n".encode()


@pytest.mark.parametrize("fmt", [EXCEL, COMMA])
def test_cells_with_delimiters_quotes_and_line_breaks_come_back_whole(fmt: CsvFormat) -> None:
    rows = [
        ["Navn", "Svar"],
        ["Åse Ødegård; Bjørkelangen", 'Hun sa "hei", og gikk'],
        ["To\r\nlinjer", "én\nlinje til"],
        ["Æ Ø Å æ ø å", ""],
    ]
    rendered = render(rows, fmt)
    assert parse(rendered.data, fmt.delimiter) == rows
    assert rendered.rows == 3


def test_the_row_count_leaves_out_the_header_and_values_become_text() -> None:
    assert render([["Navn"]], EXCEL).rows == 0
    assert render([], COMMA) == Rendered(data=b"", rows=0)
    rendered = render([["Plass", "Antall"], [None, 3], ["x", 2.5]], COMMA)
    assert rendered.rows == 2
    assert parse(rendered.data, ",") == [["Plass", "Antall"], ["", "3"], ["x", "2.5"]]


def test_render_reads_a_generator_once() -> None:
    rows = (["Navn"] if i == 0 else [f"Deltaker {i}"] for i in range(4))
    assert render(rows, EXCEL).rows == 3


def test_every_dangerous_start_is_known() -> None:
    assert set(FORMULA_STARTS) >= set(DANGEROUS)


@pytest.mark.parametrize("start", DANGEROUS)
def test_a_formula_like_cell_gets_an_apostrophe(start: str) -> None:
    assert neutralise(f"{start}1+1") == f"'{start}1+1"


def test_ordinary_cells_are_left_alone() -> None:
    assert neutralise("Kari Nordmann") == "Kari Nordmann"
    assert neutralise("a=b") == "a=b"
    assert neutralise(" =1") == " =1"
    assert neutralise("") == ""
    assert neutralise(None) == ""
    assert neutralise(12) == "12"
    assert neutralise(-3) == "'-3"


def test_csv_format_defaults_to_excel_and_refuses_unknown_names() -> None:
    assert csv_format(None) is EXCEL
    assert csv_format("") is EXCEL
    assert csv_format("excel") is EXCEL
    assert csv_format("komma") is COMMA
    with pytest.raises(ValueError, match="unknown CSV format 'xlsx'"):
        csv_format("xlsx")


# Any text, control characters and line breaks included (not lone surrogates: those are not UTF-8), and half of it
# starting with a dangerous character, which plain st.text() would seldom draw.
cells = st.one_of(st.text(), st.tuples(st.sampled_from(DANGEROUS), st.text()).map("".join))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(cells, max_size=6), max_size=8), fmt=st.sampled_from([EXCEL, COMMA]))
def test_any_text_comes_back_whole_and_no_cell_starts_like_a_formula(rows: list[list[str]], fmt: CsvFormat) -> None:
    parsed = parse(render(rows, fmt).data, fmt.delimiter)
    assert len(parsed) == len(rows)
    for original, back in zip(rows, parsed, strict=True):
        assert len(back) == len(original)
        for before, after in zip(original, back, strict=True):
            assert not after.startswith(DANGEROUS)
            assert after in (before, "'" + before)
