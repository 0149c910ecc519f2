"""The annual report on the real local stack: a year of generated activity (infra/local/year.py: the roster through
the year, the events with their sign-ups and who came, hospitations) in a table of its own on DynamoDB Local, the
report downloaded over HTTP as the leaders do, and every figure recounted from the raw items by
tests/support/recount.py, which shares no code with the functions."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from common.settings import settings
from local import environment
from local.dynamodb_local import DynamoDBLocal, tables
from local.year import Made, generate
from tests.support.hospitation import leader_call, sign_in
from tests.support.recount import KINDS, NETWORK, Recount, recount
from tests.support.stack import TABLE, Site

YEAR = 2025
NETWORK_LEADER = "nettverksleder@example.no"
FOLLO_LEADER = "omradeleder.folloregionen@example.no"
YEAR_TABLE = "LindraYear"


@pytest.fixture(scope="module")
def year(site: Site, dynamodb_local: DynamoDBLocal) -> Iterator[Made]:
    """The year, in its own table, which the functions then use (the other tests' data stays out of the counts)."""
    client = dynamodb_local.client()
    create = tables()[TABLE]["create"] | {"TableName": YEAR_TABLE}
    client.create_table(**create)
    client.get_waiter("table_exists").wait(TableName=YEAR_TABLE)
    environment.seed_units(client, YEAR_TABLE)  # network.json's units, as the deploy puts them in every table
    made = generate(client, YEAR_TABLE, YEAR)
    before = os.environ.get("TABLE_NAME", TABLE)
    os.environ["TABLE_NAME"] = YEAR_TABLE
    settings.cache_clear()
    yield made
    os.environ["TABLE_NAME"] = before
    settings.cache_clear()


def raw_items(dynamodb_local: DynamoDBLocal) -> list[dict[str, Any]]:
    pages = dynamodb_local.client().get_paginator("scan").paginate(TableName=YEAR_TABLE, ConsistentRead=True)
    return [item for page in pages for item in page["Items"]]


def figures(site: Site, who: str, query: str = "") -> dict[tuple[str, str, str], str]:
    """The report's CSV (comma variant) as {(table, row, column): value}."""
    cookie = sign_in(site, who)
    answer = leader_call(site, "GET", f"/api/leder/arsrapport.csv?ar={YEAR}&format=komma{query}", cookie=cookie)
    assert answer.status == 200, answer.text[:300]
    assert answer.headers["Content-Disposition"].startswith(f'attachment; filename="arsrapport-{YEAR}')
    rows = list(csv.reader(io.StringIO(answer.text.lstrip("\ufeff"))))
    assert rows[0] == ["Tabell", "Rad", "Kolonne", "Verdi"]
    return {(table, row, column): value for table, row, column, value in rows[1:]}


def table(found: dict[tuple[str, str, str], str], starts: str) -> dict[tuple[str, str], str]:
    return {(row, column): value for (name, row, column), value in found.items() if name.startswith(starts)}


KIND_COLUMNS = {
    "langtidshjem": "Sykehjem (langtidshjem)",
    "helsehus": "Helsehus",
    "hjemmetjeneste": "Hjemmetjeneste",
    "sykehus": "Sykehus",
    "annet": "Annet",
    "": "Ikke oppgitt",
}


def compare(found: dict[tuple[str, str, str], str], expected: Recount, areas: list[dict[str, Any]]) -> int:
    """Every per-area figure and every event's figures against the recount; the number of figures compared."""
    nurses = table(found, "Ressurssykepleiere per område")
    changes = table(found, "Nye og sluttet")
    coverage = table(found, "Dekning og signerte")
    activity = table(found, "Nettverksmøter, 12 timer")
    events = table(found, "Kurs og møter i")
    workplaces = table(found, "Deltakere etter type arbeidssted")
    compared = 0
    for area in areas:
        name, key = area["name"], area["id"]
        checks = [
            *((nurses[(name, KIND_COLUMNS[kind])], expected.nurses.get((key, kind), 0)) for kind in KINDS),
            (changes[(name, "Nye")], expected.new[key]),
            (changes[(name, "Sluttet")], expected.departed[key]),
            (coverage[(name, "Enheter")], expected.units[key]),
            (coverage[(name, "Med ressurssykepleier")], expected.covered[key]),
            (coverage[(name, "Signert funksjonsbeskrivelse")], expected.signed[key]),
            (activity[(name, "Nettverksmøter")], expected.meetings[key]),
            (activity[(name, "I rollen i løpet av året")], expected.in_role[key]),
            (activity[(name, "Med minst 12 timer")], expected.at_goal[key]),
            (activity[(name, "Hospiteringer")], expected.hospitations[key]),
        ]
        for shown, counted in checks:
            assert shown == str(counted), (name, checks)
        compared += len(checks)
    shown_events = sorted(
        (row, events[(row, "Påmeldte")], events[(row, "Møtte")]) for (row, column) in events if column == "Påmeldte"
    )
    assert len(shown_events) == len(expected.events)
    counted_events = sorted((registered, -1 if came is None else came) for registered, came in expected.events.values())
    assert sorted((int(r), -1 if c == "ikke registrert" else int(c)) for _, r, c in shown_events) == counted_events
    for kind, column in KIND_COLUMNS.items():
        assert workplaces[(column, "Deltakelser")] == str(expected.by_type[kind])
    return compared + 2 * len(shown_events) + len(KIND_COLUMNS)


def test_a_year_recounted_from_the_raw_items_matches_the_report(
    site: Site, year: Made, dynamodb_local: DynamoDBLocal
) -> None:
    today = date.today()
    items = raw_items(dynamodb_local)
    expected = recount(items, YEAR, today)
    found = figures(site, NETWORK_LEADER)
    compared = compare(found, expected, NETWORK["areas"])
    assert compared > 100
    # the year has something of everything, or the comparison proves little
    assert sum(expected.new.values()) >= 5 and sum(expected.departed.values()) >= 5
    assert sum(expected.hospitations.values()) >= 5 and sum(expected.at_goal.values()) >= 3
    assert sum(expected.in_role.values()) > sum(expected.at_goal.values())
    assert any(came is None for _, came in expected.events.values()), "some meetings are not marked yet"
    assert len(expected.events) == year.courses == 33


def test_an_area_leader_gets_their_own_area_only(site: Site, year: Made, dynamodb_local: DynamoDBLocal) -> None:
    items = raw_items(dynamodb_local)
    follo = next(area for area in NETWORK["areas"] if area["id"] == "folloregionen")
    found = figures(site, FOLLO_LEADER)
    compare(found, recount(items, YEAR, date.today(), "folloregionen"), [follo])
    others = {row for (name, row, _column) in found if name.startswith("Ressurssykepleiere per område")}
    assert others == {"Folloregionen", "I alt"}
    # the network leader choosing one area sees the same figures
    assert figures(site, NETWORK_LEADER, "&omrade=folloregionen") == found
    cookie = sign_in(site, FOLLO_LEADER)
    refused = leader_call(site, "GET", f"/api/leder/arsrapport.csv?ar={YEAR}&omrade=gardermoregionen", cookie=cookie)
    assert refused.status == 422


def test_the_page_and_the_documents(site: Site, year: Made) -> None:
    from docx import Document

    cookie = sign_in(site, NETWORK_LEADER)
    page = leader_call(site, "GET", f"/api/leder/arsrapport?ar={YEAR}", cookie=cookie)
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    assert page.text.count("<svg") == 4 and "Årsrapport 2025" in page.text
    word = leader_call(site, "GET", f"/api/leder/arsrapport.docx?ar={YEAR}", cookie=cookie)
    assert word.status == 200 and word.body[:2] == b"PK"
    document = Document(io.BytesIO(word.body))
    assert document.paragraphs[0].text == "Årsrapport 2025"
    assert len(document.tables) == 7
    markdown = leader_call(site, "GET", f"/api/leder/arsrapport.md?ar={YEAR}", cookie=cookie)
    assert markdown.status == 200
    assert markdown.text.startswith("Title: Årsrapport 2025\nSlug: arsrapport-2025\n")
    assert "Status: draft" in markdown.text and markdown.text.count("<table>") == 7
    signed_out = leader_call(site, "GET", f"/api/leder/arsrapport?ar={YEAR}")
    assert signed_out.status == 303 and signed_out.headers["Location"] == "/leder/"
