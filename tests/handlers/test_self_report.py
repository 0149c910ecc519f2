"""The yearly self-report through the real handlers on moto: the network leader opens the round in /leder/ (an area
leader may not; a bad closing day is refused at its field, with nothing sent); each resource nurse and her unit leader
get one link by email; the links take one answer each, by a browser's form or JSON; the leaders see the counts, the
answers as a page and as CSV in their scope; the annual report counts the round; an erasure leaves nothing of hers."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from local.gateway import Gateway
from tests.handlers.clock import oslo_today, this_year
from tests.handlers.test_attendance import on_roster
from tests.handlers.test_certificates import FORM
from tests.support.guard import aged_stamp
from tests.support.leaders_api import leader_call, token_for
from tests.support.mail import delivered_links
from tests.support.roster import REPORTER

NORA, PER = "nora.ny@lillestrom.kommune.no", "per.pleier@lillestrom.kommune.no"
LINK = re.compile(r"https?://[^/\s]+(/api/egenrapport/[A-Za-z0-9_-]+)")
ROUNDS = "/api/leder/egenrapport"


def links_to(address: str) -> list[str]:
    return delivered_links(address, "egenrapport", LINK)


def closing(days: int = 30) -> str:
    return (oslo_today() + timedelta(days=days)).isoformat()


def test_a_round_sends_one_link_per_nurse_and_unit_leader_and_the_answers_are_counted(
    api: Gateway, pool: Any, aws: Any
) -> None:
    on_roster(aws, "Nora Ny", NORA)
    on_roster(aws, "Per Pleier", PER)
    year = this_year()
    area = token_for("area_leader", api, pool)
    network = token_for("network_leader", api, pool)

    assert leader_call(api, "POST", ROUNDS, area, {"year": year, "closes_on": closing()}).status == 403
    refused = leader_call(api, "POST", ROUNDS, network, {"year": year, "closes_on": closing(3)})
    assert refused.status == 422 and set(json.loads(refused.body)["errors"]) == {"closes_on"}
    missing = leader_call(api, "POST", ROUNDS, network, {"year": year})
    assert json.loads(missing.body)["errors"] == {"closes_on": "Velg datoen runden stenger."}
    assert json.loads(leader_call(api, "GET", ROUNDS, network).body)["rounds"] == []
    assert links_to(NORA) == [], "nothing sent when refused"

    opened = leader_call(api, "POST", ROUNDS, network, {"year": year, "closes_on": closing()})
    assert opened.status == 201, opened.body
    answer = json.loads(opened.body)
    assert (answer["nurses_asked"], answer["leaders_asked"]) == (2, 1)
    assert "2 ressurssykepleiere og 1 ledere" in answer["text"]
    again = leader_call(api, "POST", ROUNDS, network, {"year": year, "closes_on": closing()})
    assert again.status == 422 and "allerede åpnet" in json.loads(again.body)["errors"]["year"]
    (nora,), (per,), (une,) = links_to(NORA), links_to(PER), links_to(REPORTER)
    assert len({nora, per, une}) == 3

    page = api.handle("GET", nora, "", {"Accept": "text/html"}, b"")
    text = page.body.decode()
    assert (
        page.status == 200 and "Nora Ny" in text and "Ikke skriv pasientopplysninger" in text and 'name="did"' in text
    )
    leader_page = api.handle("GET", une, "", {"Accept": "text/html"}, b"").body.decode()
    assert 'name="time_given"' in leader_page and "Nora Ny" in leader_page and "Per Pleier" in leader_page

    empty = api.handle("POST", nora, "", FORM, urlencode({"form_started": aged_stamp()}).encode())
    assert empty.status == 422
    assert 'id="felt-did-feil"' in empty.body.decode() and 'id="felt-planned-feil"' in empty.body.decode()
    fields = {"did": "Undervisning om munnstell.", "next_year": "Lindrende plan.", "planned": "ja"}
    sent = api.handle("POST", nora, "", FORM, urlencode(fields | {"form_started": aged_stamp()}).encode())
    assert sent.status == 200 and "Takk for egenrapporten" in sent.body.decode()
    twice = api.handle("POST", nora, "", FORM, urlencode(fields | {"form_started": aged_stamp()}).encode())
    assert twice.status == 409 and "Du har allerede svart" in twice.body.decode()
    json_headers = {"Content-Type": "application/json", "Accept": "application/json"}
    body = json.dumps({"time_given": "delvis", "planned": "ja", "form_started": aged_stamp()}).encode()
    assert api.handle("POST", une, "", json_headers, body).status == 201

    listed = json.loads(leader_call(api, "GET", ROUNDS, network).body)
    (shown,) = listed["rounds"]
    assert (shown["nurses_asked"], shown["nurses_answered"], shown["leaders_answered"]) == (2, 1, 1)
    nedre = next(one for one in shown["areas"] if one["area"] == "nedre-romerike")
    assert (nedre["planned"], nedre["time_partly"]) == (1, 1)
    assert listed["may_open"] is (oslo_today().month <= 3), "last year's round only until April"
    other = json.loads(leader_call(api, "GET", ROUNDS, token_for("other_area_leader", api, pool)).body)
    assert other["rounds"][0]["nurses_asked"] == 0 and other["may_open"] is False, "another area's leader: none"

    results = leader_call(api, "GET", f"{ROUNDS}/{year}/svar", area)
    assert results.status == 200 and "Undervisning om munnstell." in results.body.decode()
    assert "Ikke svart ennå" in results.body.decode(), "Per has not answered"
    no_round = leader_call(api, "GET", f"{ROUNDS}/2001/svar", area)
    assert no_round.status == 404 and "Det er ikke åpnet noen egenrapport for dette året." in no_round.body.decode()
    exported = leader_call(api, "GET", f"{ROUNDS}/{year}/svar.csv", area, query="format=komma")
    rows = list(csv.reader(io.StringIO(exported.body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Område", "Enhet", "Rolle", "Navn"] and len(rows) == 4
    assert leader_call(api, "GET", f"{ROUNDS}/{year}/svar.csv", token_for("other_area_leader", api, pool)).status == 200

    report = leader_call(api, "GET", "/api/leder/arsrapport.csv", network, query=f"ar={year}&format=komma")
    lines = [row for row in csv.reader(io.StringIO(report.body.decode("utf-8-sig"))) if "egenrapport" in row[0]]
    figures = {(row[1], row[2]): row[3] for row in lines}
    assert figures[("Nedre Romerike", "Ressurssykepleiere spurt")] == "2"
    assert figures[("Nedre Romerike", "Ressurssykepleiere som svarte")] == "1"
    assert figures[("Nedre Romerike", "Rollen får tid: delvis")] == "1"

    moved = leader_call(api, "POST", f"{ROUNDS}/{year}/frist", network, {"closes_on": closing(40), "version": 1})
    assert moved.status == 200 and json.loads(moved.body)["version"] == 2
    stale = leader_call(api, "POST", f"{ROUNDS}/{year}/frist", network, {"closes_on": closing(41), "version": 1})
    assert stale.status == 409
    audit = json.loads(leader_call(api, "GET", "/api/leder/revisjon", network).body)["entries"]
    actions = [entry["action"] for entry in audit]
    assert "self_report_opened" in actions and "self_report_changed" in actions

    erased = leader_call(api, "POST", "/api/leder/personer/sletting", network, {"email": PER, "confirm": True})
    assert erased.status == 200
    kinds = {kind["entity"] for kind in json.loads(erased.body)["kinds"]}
    assert {"self_report", "self_report_link"} <= kinds
    assert api.handle("GET", per, "", {"Accept": "text/html"}, b"").status == 404
    everything = aws.scan(TableName="LindraTable")["Items"]
    assert not [item for item in everything if PER in json.dumps(item)]
