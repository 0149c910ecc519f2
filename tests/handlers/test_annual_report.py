"""The annual report's routes on moto: who may see it (every leader role and none), one area or the whole network,
the year asked for, and each file's type and name. Its figures are tested in tests/unit/test_annual_report.py and,
recounted from a year of raw items, in tests/integration/test_annual_report_local.py."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from local.gateway import Gateway
from tests.support.leaders_api import leader_call, token_for

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ROUTES = (
    "/api/leder/arsrapport",
    "/api/leder/arsrapport.csv",
    "/api/leder/arsrapport.docx",
    "/api/leder/arsrapport.md",
)


@pytest.mark.parametrize(
    ("who", "page", "files"),
    [
        ("anonymous", 303, 401),
        ("nurse", 403, 403),  # in the user pool, in no leader group
        ("host_unit", 403, 403),
        ("area_leader", 200, 200),
        ("network_leader", 200, 200),
    ],
)
def test_who_gets_the_annual_report(api: Gateway, pool: Any, who: str, page: int, files: int) -> None:
    token = token_for(who, api, pool)
    answers = [leader_call(api, "GET", route, token, query="ar=2026").status for route in ROUTES]
    assert answers == [page, files, files, files]


def test_an_area_leader_sees_their_area_and_the_network_leader_chooses(api: Gateway, pool: Any) -> None:
    area = token_for("area_leader", api, pool)
    network = token_for("network_leader", api, pool)
    own = leader_call(api, "GET", "/api/leder/arsrapport.csv", area, query="ar=2026&format=komma")
    rows = list(csv.reader(io.StringIO(own.body.decode("utf-8"))))
    assert {row[1] for row in rows if row[0].startswith("Ressurssykepleiere per område")} == {"Nedre Romerike", "I alt"}
    other = leader_call(api, "GET", "/api/leder/arsrapport", area, query="ar=2026&omrade=folloregionen")
    assert other.status == 422
    chosen = leader_call(api, "GET", "/api/leder/arsrapport.csv", network, query="ar=2026&omrade=folloregionen")
    assert chosen.status == 200 and "Folloregionen" in chosen.body.decode("utf-8-sig")
    assert 'filename="arsrapport-2026-folloregionen-' in dict(chosen.headers)["Content-Disposition"]
    whole = leader_call(api, "GET", "/api/leder/arsrapport", network, query="ar=2026")
    text = whole.body.decode("utf-8")
    assert dict(whole.headers)["Content-Type"].startswith("text/html") and "Tallene for hele nettverket." in text
    assert all(name in text for name in ("Gardermoregionen", "Folloregionen", "Bydelene i Oslo"))


@pytest.mark.parametrize("year", ["26", "tjue", "1999", "20266"])
def test_a_year_that_is_not_one_gets_a_message(api: Gateway, pool: Any, year: str) -> None:
    answer = leader_call(
        api, "GET", "/api/leder/arsrapport.csv", token_for("network_leader", api, pool), query=f"ar={year}"
    )
    assert answer.status == 422 and "fire sifre" in answer.body.decode("utf-8")


def test_the_files_are_word_markdown_and_csv(api: Gateway, pool: Any) -> None:
    token = token_for("network_leader", api, pool)
    word = leader_call(api, "GET", "/api/leder/arsrapport.docx", token, query="ar=2026")
    assert dict(word.headers)["Content-Type"] == WORD
    assert word.body[:2] == b"PK" and dict(word.headers)["Content-Disposition"].endswith('.docx"')
    markdown = leader_call(api, "GET", "/api/leder/arsrapport.md", token, query="ar=2026")
    assert dict(markdown.headers)["Content-Type"].startswith("text/markdown")
    assert markdown.body.decode("utf-8").startswith("Title: Årsrapport 2026\n")
    excel = leader_call(api, "GET", "/api/leder/arsrapport.csv", token, query="ar=2026")
    assert excel.body.startswith("\ufeff".encode()) and b"Tabell;Rad;Kolonne;Verdi" in excel.body
    audit = leader_call(api, "GET", "/api/leder/revisjon", token)
    assert audit.body.decode("utf-8").count("arsrapport-2026") == 3
