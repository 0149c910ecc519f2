"""The units and host units in the leaders' API (/api/leder/enheter, /api/leder/vertsenheter) on moto, through the
real LeaderFunction, and what a change does to the public forms (the change report, the hospitation request), the
coverage and the audit log. The table is seeded from network.json first, as the deploy does."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

from local.gateway import Answer, Gateway
from tests.support.guard import guarded
from tests.support.leaders_api import leader_call, token_for
from tests.support.roster import OTHER_AREA, day_from_today, report_fields
from tests.unit.test_hospitation_forms import request_fields

TABLE = "LindraTable"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
NEW_UNIT = {"name": "Dal omsorgssenter", "kind": "langtidshjem", "area": "gardermoregionen", "municipality": "Eidsvoll"}
NEW_HOST = {
    "name": "Lindrende team, Dal",
    "kind": "palliativt team",
    "area": "gardermoregionen",
    "email": "dal@example.no",
}


def body(answer: Answer) -> Any:
    return json.loads(answer.body)


def places(aws: Any, partition: str = "UNITS") -> list[dict[str, Any]]:
    found = aws.query(
        TableName=TABLE, KeyConditionExpression="PK = :pk", ExpressionAttributeValues={":pk": {"S": partition}}
    )["Items"]
    return found


def audited(aws: Any) -> list[tuple[str, str]]:
    found = aws.scan(TableName=TABLE)["Items"]
    return sorted((i["action"]["S"], i["subject"]["S"]) for i in found if i.get("entity", {}).get("S") == "audit")


def listed(api: Gateway, token: str | None) -> dict[str, Any]:
    answer = leader_call(api, "GET", "/api/leder/enheter", token)
    assert answer.status == 200, answer.body
    found: dict[str, Any] = body(answer)
    return found


def one(data: dict[str, Any], unit_id: str, kind: str = "units") -> dict[str, Any]:
    found: dict[str, Any] = next(unit for unit in data[kind] if unit["id"] == unit_id)
    return found


def report(api: Gateway, unit: str, as_json: bool = True) -> Answer:
    fields = report_fields(unit=unit)
    if as_json:
        headers = {"Content-Type": JSON, "Accept": JSON}
        return api.handle("POST", "/api/endringsmeldinger", "", headers, json.dumps(fields).encode())
    headers = {"Content-Type": FORM, "Accept": BROWSER}
    return api.handle("POST", "/api/endringsmeldinger", "", headers, urlencode(guarded(fields)).encode())


def coverage_of(api: Gateway, token: str | None, area: str) -> dict[str, Any]:
    rows = body(leader_call(api, "GET", "/api/leder/navneliste", token))["coverage"]
    found: dict[str, Any] = next(row for row in rows if row["area"] == area)
    return found


@pytest.fixture
def network(api: Gateway, pool: dict[str, str]) -> str | None:
    return token_for("network_leader", api, pool)


def test_the_network_leader_sees_every_unit_and_host_unit_with_what_the_forms_need(
    api: Gateway, network: str | None
) -> None:
    data = listed(api, network)
    assert len(data["units"]) == 36 and len(data["host_units"]) == 6 and data["can_change"] is True
    eidsvoll = one(data, "eidsvoll-sykehjem")
    assert eidsvoll["name"] == "Eidsvoll sykehjem" and eidsvoll["open"] is True and eidsvoll["nurses"] == 0
    assert eidsvoll["kind_label"] == "Sykehjem (langtidshjem)" and eidsvoll["area_name"] == "Gardermoregionen"
    assert eidsvoll["url"] == "/api/leder/enheter/eidsvoll-sykehjem" and eidsvoll["version"] == 1
    areas = {area["id"]: area for area in data["areas"]}
    assert "Eidsvoll" in areas["gardermoregionen"]["municipalities"]
    assert {kind["id"] for kind in data["kinds"]} == {"langtidshjem", "helsehus", "hjemmetjeneste", "sykehus", "annet"}


def test_an_added_unit_is_offered_in_the_public_form_and_counted_in_coverage(
    api: Gateway, network: str | None, aws: Any
) -> None:
    before = coverage_of(api, network, "gardermoregionen")
    refused = report(api, "dal-omsorgssenter")
    assert refused.status == 422 and "unit" in body(refused)["errors"], "not a unit yet"

    added = leader_call(api, "POST", "/api/leder/enheter", network, NEW_UNIT)

    assert added.status == 201, added.body
    made = body(added)
    assert (made["id"], made["name"], made["version"], made["open"]) == (
        "dal-omsorgssenter",
        "Dal omsorgssenter",
        1,
        True,
    )
    assert report(api, "dal-omsorgssenter").status == 201, "the public form takes it at once"
    again = api.handle("POST", "/api/endringsmeldinger", "", {"Content-Type": FORM, "Accept": BROWSER}, b"unit=x")
    assert again.status == 422 and 'value="dal-omsorgssenter"' in again.body.decode(), "offered in the form again"
    after = coverage_of(api, network, "gardermoregionen")
    assert after["units"] == before["units"] + 1
    assert ("unit_added", "dal-omsorgssenter") in audited(aws)


def test_a_second_unit_of_the_same_name_elsewhere_gets_its_own_id(api: Gateway, network: str | None) -> None:
    assert body(leader_call(api, "POST", "/api/leder/enheter", network, NEW_UNIT))["id"] == "dal-omsorgssenter"
    other = NEW_UNIT | {"municipality": "Hurdal"}
    assert body(leader_call(api, "POST", "/api/leder/enheter", network, other))["id"] == "dal-omsorgssenter-2"


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"name": ""}, "name", "Skriv inn navnet på enheten."),
        ({"name": "  "}, "name", "Skriv inn navnet på enheten."),
        ({"name": 7}, "name", "Skriv navnet som vanlig tekst"),
        ({"kind": "slott"}, "kind", "Velg en type fra listen."),
        ({"area": "atlantis"}, "area", "Velg et område fra listen."),
        ({"municipality": "Lillestrøm"}, "municipality", "Lillestrøm hører ikke til Gardermoregionen."),
        ({"name": "eidsvoll SYKEHJEM"}, "name", "Det finnes allerede en enhet med dette navnet i Eidsvoll."),
    ],
)
def test_a_mistake_gets_a_422_with_a_norwegian_message_at_its_field_and_nothing_is_written(
    api: Gateway, network: str | None, aws: Any, change: dict[str, Any], field: str, says: str
) -> None:
    stored = places(aws)
    answer = leader_call(api, "POST", "/api/leder/enheter", network, NEW_UNIT | change)
    assert answer.status == 422, answer.body
    assert says in body(answer)["errors"][field]
    assert places(aws) == stored
    assert not [a for a in audited(aws) if a[0].startswith("unit_")]


@pytest.mark.parametrize(
    "sent",
    [b"", b"[]", b"{", b'{"name": "Dal"}', json.dumps(NEW_UNIT | {"name": "x" * 5000}).encode(), b'"text"'],
)
def test_junk_never_gets_a_5xx(api: Gateway, network: str | None, aws: Any, sent: bytes) -> None:
    stored = places(aws)
    headers = {
        "Accept": JSON,
        "Origin": "http://127.0.0.1:8000",
        "Content-Type": JSON,
        "Cookie": f"lindra_leder={network}",
    }
    for method, path in [("POST", "/api/leder/enheter"), ("PUT", "/api/leder/enheter/eidsvoll-sykehjem")]:
        answer = api.handle(method, path, "", headers, sent)
        assert 400 <= answer.status < 500, (method, sent, answer.body)
        assert body(answer)["message"]
    assert places(aws) == stored


def test_a_rename_keeps_the_id_and_a_stale_version_is_told_to_reload(
    api: Gateway, network: str | None, aws: Any
) -> None:
    path = "/api/leder/enheter/eidsvoll-sykehjem"
    renamed = leader_call(
        api, "PUT", path, network, NEW_UNIT | {"name": "Eidsvoll helsehus", "kind": "helsehus", "version": 1}
    )
    assert renamed.status == 200, renamed.body
    assert (body(renamed)["id"], body(renamed)["name"], body(renamed)["version"]) == (
        "eidsvoll-sykehjem",
        "Eidsvoll helsehus",
        2,
    )
    stale = leader_call(api, "PUT", path, network, NEW_UNIT | {"name": "Noe annet", "version": 1})
    assert stale.status == 409 and body(stale)["message"] == "Noen andre har endret enheten. Last inn på nytt."
    assert one(listed(api, network), "eidsvoll-sykehjem")["name"] == "Eidsvoll helsehus"
    free = leader_call(api, "POST", "/api/leder/enheter", network, NEW_UNIT | {"name": "Eidsvoll sykehjem"})
    assert free.status == 201, "the old name is free again"
    missing = leader_call(api, "PUT", "/api/leder/enheter/finnes-ikke", network, NEW_UNIT | {"version": 1})
    assert missing.status == 404
    assert ("unit_changed", "eidsvoll-sykehjem") in audited(aws)


def test_a_closed_unit_keeps_its_history_leaves_coverage_and_the_form_and_can_be_reopened(
    api: Gateway, network: str | None, aws: Any
) -> None:
    from tests.handlers.test_roster import approve, reported

    approve(api, network, reported(api, effective_date=day_from_today(-60)))
    before = coverage_of(api, network, "gardermoregionen")
    assert one(listed(api, network), "eidsvoll-sykehjem")["nurses"] == 1

    closed = leader_call(api, "POST", "/api/leder/enheter/eidsvoll-sykehjem/stenging", network, {"version": 1})

    assert closed.status == 200, closed.body
    assert body(closed)["open"] is False and body(closed)["closed_on"] and body(closed)["nurses"] == 1
    after = coverage_of(api, network, "gardermoregionen")
    assert (after["units"], after["covered"]) == (before["units"] - 1, before["covered"] - 1)
    refused = report(api, "eidsvoll-sykehjem")
    assert refused.status == 422 and "unit" in body(refused)["errors"], "no longer offered"
    history = body(leader_call(api, "GET", "/api/leder/navneliste/enheter/eidsvoll-sykehjem", network))
    assert history["unit"]["name"] == "Eidsvoll sykehjem" and len(history["entries"]) == 1, "its history stays"
    roster = body(leader_call(api, "GET", "/api/leder/navneliste", network))
    assert "eidsvoll-sykehjem" in {u["id"] for u in roster["units"]}, "listed while someone is still on it"
    assert "hurdal-omsorgssenter" in {u["id"] for u in roster["uncovered"]}
    stale = leader_call(api, "POST", "/api/leder/enheter/eidsvoll-sykehjem/gjenapning", network, {"version": 1})
    assert stale.status == 409

    reopened = leader_call(api, "POST", "/api/leder/enheter/eidsvoll-sykehjem/gjenapning", network, {"version": 2})

    assert reopened.status == 200 and body(reopened)["open"] is True
    assert coverage_of(api, network, "gardermoregionen") == before
    assert report(api, "eidsvoll-sykehjem").status == 201
    actions = [a for a in audited(aws) if a[0] in ("unit_closed", "unit_reopened")]
    assert actions == [("unit_closed", "eidsvoll-sykehjem"), ("unit_reopened", "eidsvoll-sykehjem")]


def test_a_moved_unit_moves_with_its_nurses_to_the_other_areas_leader_and_coverage(
    api: Gateway, pool: dict[str, str], network: str | None, aws: Any
) -> None:
    from tests.handlers.test_roster import approve, reported

    approve(api, network, reported(api, effective_date=day_from_today(-60)))
    pending = reported(api, kind="leaving", effective_date=day_from_today(30))
    area_leader = token_for("area_leader", api, pool)  # nedre-romerike
    assert "eidsvoll-sykehjem" not in {u["id"] for u in listed(api, area_leader)["units"]}
    before = coverage_of(api, network, OTHER_AREA)

    moved = leader_call(
        api,
        "PUT",
        "/api/leder/enheter/eidsvoll-sykehjem",
        network,
        NEW_UNIT | {"name": "Eidsvoll sykehjem", "area": OTHER_AREA, "municipality": "Lørenskog", "version": 1},
    )

    assert moved.status == 200, moved.body
    assert body(moved)["area"] == OTHER_AREA and body(moved)["nurses"] == 1
    mine = listed(api, area_leader)
    assert one(mine, "eidsvoll-sykehjem")["nurses"] == 1 and mine["can_change"] is False
    after = coverage_of(api, network, OTHER_AREA)
    assert (after["units"], after["covered"], after["nurses"]) == (
        before["units"] + 1,
        before["covered"] + 1,
        before["nurses"] + 1,
    )
    roster = body(leader_call(api, "GET", "/api/leder/navneliste", area_leader))
    assert any(u["id"] == "eidsvoll-sykehjem" and u["entries"] for u in roster["units"])
    reports = body(leader_call(api, "GET", "/api/leder/endringsmeldinger", area_leader))["reports"]
    assert pending in {r["id"] for r in reports}, "its pending report goes along"


def test_only_the_network_leader_changes_and_an_area_leader_reads_their_areas(
    api: Gateway, pool: dict[str, str], aws: Any
) -> None:
    area_leader = token_for("area_leader", api, pool)
    data = listed(api, area_leader)
    assert data["can_change"] is False and {u["area"] for u in data["units"]} == {OTHER_AREA}
    assert {a["id"] for a in data["areas"]} == {OTHER_AREA}
    stored = places(aws)
    for method, path, sent in [
        ("POST", "/api/leder/enheter", NEW_UNIT | {"area": OTHER_AREA, "municipality": "Lørenskog"}),
        ("PUT", "/api/leder/enheter/lillestrom-helsehus", NEW_UNIT | {"version": 1}),
        ("POST", "/api/leder/enheter/lillestrom-helsehus/stenging", {"version": 1}),
        ("POST", "/api/leder/vertsenheter", NEW_HOST),
    ]:
        assert leader_call(api, method, path, area_leader, sent).status == 403, path
    assert places(aws) == stored
    host = token_for("host_unit", api, pool)
    assert leader_call(api, "GET", "/api/leder/enheter", host).status == 403
    assert leader_call(api, "GET", "/api/leder/enheter", None).status == 401


def test_a_host_unit_is_added_offered_in_the_hospitation_form_and_closed(
    api: Gateway, network: str | None, aws: Any
) -> None:
    added = leader_call(api, "POST", "/api/leder/vertsenheter", network, NEW_HOST)
    assert added.status == 201, added.body
    unit = body(added)
    assert unit["id"] == "lindrende-team-dal" and unit["email"] == "dal@example.no"
    headers = {"Content-Type": JSON, "Accept": JSON}
    sent = api.handle(
        "POST", "/api/hospitering", "", headers, json.dumps(guarded(request_fields(host_unit=unit["id"]))).encode()
    )
    assert sent.status == 201, sent.body
    dupe = leader_call(api, "POST", "/api/leder/vertsenheter", network, NEW_HOST | {"email": "x@example.no"})
    assert dupe.status == 422 and "vertsenhet med dette navnet" in body(dupe)["errors"]["name"]
    bad = leader_call(api, "POST", "/api/leder/vertsenheter", network, NEW_HOST | {"email": "dal@", "name": "B"})
    assert bad.status == 422 and "gyldig e-postadresse" in body(bad)["errors"]["email"]
    changed = leader_call(api, "PUT", unit["url"], network, NEW_HOST | {"kind": "hospice", "version": 1})
    assert changed.status == 200 and body(changed)["kind"] == "hospice"
    closed = leader_call(api, "POST", unit["close_url"], network, {"version": 2})
    assert closed.status == 200 and body(closed)["open"] is False
    again = api.handle(
        "POST", "/api/hospitering", "", headers, json.dumps(guarded(request_fields(host_unit=unit["id"]))).encode()
    )
    assert again.status == 422 and "host_unit" in body(again)["errors"]
    requests = body(leader_call(api, "GET", "/api/leder/hospiteringer", network))["requests"]
    assert {r["host_unit_name"] for r in requests} == {"Lindrende team, Dal"}, "a closed host unit keeps its name"
    assert len(places(aws, "HOST_UNITS")) == 2 * 7, "seven host units, each with its name's marker"
