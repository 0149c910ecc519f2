"""Her data and its erasure through the real handlers on moto: on Min side she reads everything the table holds
about her and downloads it, then erases it (the box ticked first), and the first in line gets her seat; a leader
answers an access and an erasure request for a person in her scope, and not outside it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from courses.repository import DynamoCourseRepository
from local.gateway import Gateway
from tests.handlers.test_certificates import FORM, header, signed_in
from tests.support.guard import aged_stamp
from tests.support.leaders_api import leader_call, token_for
from tests.support.samples import course, form

KARI, OLA = "kari.nordmann@example.no", "ola.hansen@example.no"


def full_course(api: Gateway, aws: Any) -> DynamoCourseRepository:
    repository = DynamoCourseRepository(aws, "LindraTable", cache_seconds=0)
    repository.put_course(course("grunnkurs-data", capacity=1, now=datetime.now(UTC), area="nedre-romerike"))
    for email, name in ((KARI, "Kari Nordmann"), (OLA, "Ola Hansen")):
        sent = api.handle(
            "POST", "/api/kurs/grunnkurs-data/pameldinger", "", FORM, urlencode(form(email=email, name=name)).encode()
        )
        assert sent.status == 303
    return repository


def anything_about(aws: Any, *words: str) -> list[str]:
    found = []
    for page in aws.get_paginator("scan").paginate(TableName="LindraTable"):
        for item in page["Items"]:
            text = json.dumps(item, default=str).lower()
            found += [word for word in words if word.lower() in text]
    return found


def test_she_reads_downloads_and_erases_her_data_and_ola_gets_her_seat(api: Gateway, aws: Any) -> None:
    repository = full_course(api, aws)
    session = signed_in(api, KARI)
    mine = {"Cookie": session, "Accept": "text/html"}
    page = api.handle("GET", "/api/min-side/mine-data", "", mine, b"")
    assert page.status == 200 and "Påmeldinger" in page.body.decode() and "Kari Nordmann" in page.body.decode()
    assert "Ola Hansen" not in page.body.decode()
    file = api.handle("GET", "/api/min-side/mine-data.json", "", mine, b"")
    assert file.status == 200 and header(file, "Content-Disposition").startswith("attachment")
    data = json.loads(file.body)
    assert data["email"] == KARI and data["entities"]["registration"][0]["name"] == "Kari Nordmann"

    unticked = api.handle(
        "POST", "/api/min-side/sletting", "", FORM | mine, urlencode({"form_started": aged_stamp()}).encode()
    )
    assert unticked.status == 422 and 'id="slett-bekreft-feil"' in unticked.body.decode()
    assert anything_about(aws, KARI), "nothing erased without the box"
    erased = api.handle(
        "POST",
        "/api/min-side/sletting",
        "",
        FORM | mine,
        urlencode({"confirm": "ja", "form_started": aged_stamp()}).encode(),
    )
    assert erased.status == 200 and "Opplysningene dine er slettet" in erased.body.decode()
    assert any("Max-Age=0" in value for key, value in erased.headers if key == "Set-Cookie")
    assert anything_about(aws, KARI, "Kari Nordmann") == []
    assert {r.email: r.status for r in repository.registrations("grunnkurs-data")} == {OLA: "confirmed"}
    assert api.handle("GET", "/api/min-side", "", mine, b"").status == 401, "the session went with it"


def test_a_leader_answers_access_and_erasure_requests_in_her_scope(api: Gateway, pool: Any, aws: Any) -> None:
    full_course(api, aws)
    outside = token_for("other_area_leader", api, pool)
    assert leader_call(api, "POST", "/api/leder/personer/innsyn", outside, {"email": OLA}).status == 403
    area = token_for("area_leader", api, pool)
    bad = leader_call(api, "POST", "/api/leder/personer/innsyn", area, {"email": "ola@"})
    assert bad.status == 422 and "email" in json.loads(bad.body)["errors"]
    seen = leader_call(api, "POST", "/api/leder/personer/innsyn", area, {"email": OLA})
    assert seen.status == 200, seen.body
    body = json.loads(seen.body)
    assert body["total"] >= 2 and "registration" in {kind["entity"] for kind in body["kinds"]}
    assert body["records"]["registration"][0]["name"] == "Ola Hansen"
    unticked = leader_call(api, "POST", "/api/leder/personer/sletting", area, {"email": OLA})
    assert unticked.status == 422 and "confirm" in json.loads(unticked.body)["errors"]
    done = leader_call(api, "POST", "/api/leder/personer/sletting", area, {"email": OLA, "confirm": True})
    assert done.status == 200 and json.loads(done.body)["total"] >= 2
    assert anything_about(aws, OLA, "Ola Hansen") == []
    again = json.loads(
        leader_call(api, "POST", "/api/leder/personer/sletting", area, {"email": OLA, "confirm": True}).body
    )
    assert again["total"] == 0 and "Ingenting er slettet" in again["text"]
    audit = json.loads(leader_call(api, "GET", "/api/leder/revisjon", token_for("network_leader", api, pool)).body)
    mine = [e for e in audit["entries"] if e["action"] in ("erasure", "export") and e["actor"] == "omrade@example.no"]
    assert {e["action"] for e in mine} >= {"erasure", "export"}
    assert not any(OLA in json.dumps(e) or "Ola" in json.dumps(e) for e in audit["entries"])
