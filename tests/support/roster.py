"""Change report forms and files for the roster tests on every tier."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from common.formatting import OSLO
from tests.support.guard import aged_stamp

UNIT = "eidsvoll-sykehjem"  # in gardermoregionen
UNIT_NAME = "Eidsvoll sykehjem"
AREA = "gardermoregionen"
OTHER_UNIT = "lillestrom-helsehus"  # in nedre-romerike
OTHER_AREA = "nedre-romerike"
REPORTER = "une.enhetsleder@eidsvoll.kommune.no"
REPORT_DAYS_AHEAD = 32  # a report's effective date by default: a month from the day the test runs


def day_from_today(days: int) -> str:
    """The day this many days from today in Oslo, as the form's date field takes it.

    The form takes effective dates within a year of the day it is sent, so the tests name days relative to today."""
    return (datetime.now(OSLO).date() + timedelta(days=days)).isoformat()


def report_fields(kind: str = "new", **overrides: Any) -> dict[str, Any]:
    """A valid change report of one kind, as a unit leader's browser sends it."""
    fields: dict[str, Any] = {
        "reporter_name": "Une Enhetsleder",
        "reporter_email": REPORTER,
        "unit": UNIT,
        "kind": kind,
        "effective_date": day_from_today(REPORT_DAYS_AHEAD),
        "informed": "ja",
        "form_started": aged_stamp(),  # filled in a minute ago (tests/support/guard.py)
    }
    if kind in ("new", "replacement"):
        fields |= {
            "new_name": "Nora Ny",
            "new_email": "nora.ny@eidsvoll.kommune.no",
            "new_phone": "912 34 567",
            "new_education": "ingen",
        }
    if kind in ("leaving", "replacement"):
        fields |= {"leaving_name": "Gunn Gammel", "leaving_email": "gunn.gammel@eidsvoll.kommune.no"}
    if kind == "contact":
        fields |= {"contact_name": "Nora Ny", "contact_new_email": "nora.ny@ullensaker.kommune.no"}
    return fields | overrides


KARI = "Kari Nordmann;kari.nordmann@eidsvoll.kommune.no;912 34 567;Eidsvoll;Eidsvoll sykehjem;Kreftsykepleier"
PER = 'Per Hansen,per.hansen@lillestrom.kommune.no,41234567,Lillestrøm,"Lillestrøm helsehus"'
MESSY_ROWS: list[tuple[str, bytes]] = [
    # (what the line is, its bytes); the tests name lines by number, from 1
    ("title", "Navneliste ressurssykepleiere – oppdatert oktober 2026".encode("cp1252")),
    ("blank above the header", b""),
    ("header, semicolons", b"Navn;E-post;Telefon;Kommune;Enhet;Utdanning;Startdato;Signert"),
    ("good, UTF-8", f"{KARI};01.02.2024;ja".encode()),
    (
        "good, Windows-1252 with æøå",
        "Åse Ødegård;ase.odegard@nes.kommune.no;;Nes;Solbakken sykehjem;nei;2023;".encode("cp1252"),
    ),
    ("blank with separators", b";;;;;;;"),
    ("good, commas and quoted cells", f'{PER},"videreutdanning i palliasjon",15.08.2025,'.encode()),
    ("duplicate of line 4", f"{KARI};01.02.2024;ja".encode()),
    ("a heading", b"Kongsvingerregionen;;;;;;;"),
    ("bad email", b"Ola Feil;ola@;;Kongsvinger;Granly helsetun;;;"),
    ("unknown unit", "Eva Ødegården;eva.odegarden@grue.kommune.no;;Grue;Grue omsorgssenter;;;".encode("cp1252")),
    ("bad date", "Siri Dato;siri.dato@as.kommune.no;;Ås;Ås sykehjem;;32.13.2024;".encode()),
    ("same email, other data", b"Kari Nordkvist;kari.nordmann@eidsvoll.kommune.no;;Eidsvoll;Eidsvoll sykehjem;;;"),
    ("blank at the end", b""),
]
MESSY_GOOD_LINES = (4, 5, 7)
MESSY_BAD_LINES = (9, 10, 11, 12, 13)


def messy_file() -> bytes:
    """A navneliste the way real ones come: mixed encodings, semicolons and commas, blank and duplicate rows."""
    return b"\r\n".join(line for _what, line in MESSY_ROWS)


def clean_file() -> bytes:
    """The messy file with its bad rows taken out."""
    bad = set(MESSY_BAD_LINES)
    return b"\r\n".join(line for number, (_w, line) in enumerate(MESSY_ROWS, start=1) if number not in bad)
