"""The units and host units on DynamoDB Local: network.json seeds them once and never over a unit the network leader
has changed; a change is one transaction (the unit, its name's marker, a moved unit's roster entries), so a stale one
or a name taken at the same moment writes nothing; and over HTTP, a unit the network leader adds is taken by the
public change report form at once."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest

from common.places import NameTaken, PlaceChanged
from hospitation.live import seed_host_units
from hospitation.repository import DynamoHostUnitRepository
from local.dynamodb_local import DynamoDBLocal, tables
from roster.live import seed_units
from roster.models import Unit, configured_units
from roster.repository import DynamoUnitRepository
from tests.support.hospitation import leader_call, post_form, sign_in
from tests.support.roster import report_fields
from tests.support.stack import TABLE, Site

UNITS_TABLE = "LindraUnits"


@pytest.fixture(scope="module")
def units_table(dynamodb_local: DynamoDBLocal) -> Iterator[Any]:
    """An empty table of its own, so that the seeding starts from nothing."""
    client = dynamodb_local.client()
    client.create_table(**(tables()[TABLE]["create"] | {"TableName": UNITS_TABLE}))
    client.get_waiter("table_exists").wait(TableName=UNITS_TABLE)
    yield client
    client.delete_table(TableName=UNITS_TABLE)


def test_the_seeding_puts_each_unit_once_and_never_over_one_a_leader_changed(units_table: Any) -> None:
    repository = DynamoUnitRepository(units_table, UNITS_TABLE)
    assert seed_units(units_table, UNITS_TABLE) == len(configured_units()) == 36
    assert seed_host_units(units_table, UNITS_TABLE) == 6
    before = repository.unit("eidsvoll-sykehjem")
    assert before == configured_units()["eidsvoll-sykehjem"]
    changed = before.model_copy(
        update={"name": "Eidsvoll helsehus", "kind": "helsehus", "closed_on": date(2027, 1, 1), "version": 2}
    )
    repository.replace(before, changed)

    assert seed_units(units_table, UNITS_TABLE) == 0, "the deploy's next run puts nothing"
    assert seed_host_units(units_table, UNITS_TABLE) == 0
    assert repository.unit("eidsvoll-sykehjem") == changed, "the leader's change stands"
    assert len(repository.all()) == 36
    hosts = DynamoHostUnitRepository(units_table, UNITS_TABLE).all()
    assert len(hosts) == 6 and all(host.version == 1 for host in hosts.values())


def test_a_stale_change_or_a_taken_name_writes_nothing(units_table: Any) -> None:
    repository = DynamoUnitRepository(units_table, UNITS_TABLE)
    seed_units(units_table, UNITS_TABLE)
    hurdal = repository.unit("hurdal-omsorgssenter")
    assert hurdal is not None
    with pytest.raises(PlaceChanged):
        repository.replace(
            hurdal.model_copy(update={"version": 7}), hurdal.model_copy(update={"name": "X", "version": 8})
        )
    taken = hurdal.model_copy(update={"name": "HURDAL omsorgssenter ", "id": "annen"})
    with pytest.raises(NameTaken):
        repository.add(taken)
    assert repository.unit("hurdal-omsorgssenter") == hurdal and repository.unit("annen") is None


def test_two_leaders_adding_one_name_at_once_get_one_unit(units_table: Any) -> None:
    repository = DynamoUnitRepository(units_table, UNITS_TABLE)
    made = [
        Unit(id=f"samtidig-{n}", name="Samtidig sykehjem", kind="langtidshjem", area="oslo", municipality="Bydel Alna")
        for n in range(6)
    ]

    def add(unit: Unit) -> bool:
        try:
            repository.add(unit)
        except NameTaken:
            return False
        return True

    with ThreadPoolExecutor(max_workers=6) as pool:
        won = list(pool.map(add, made))
    assert won.count(True) == 1
    assert [u.id for u in repository.all().values() if u.name == "Samtidig sykehjem"] == [made[won.index(True)].id]


def test_over_http_a_unit_the_network_leader_adds_is_taken_by_the_public_form(site: Site) -> None:
    cookie = sign_in(site, "nettverksleder@example.no")
    new = {"name": "Lokal testenhet", "kind": "hjemmetjeneste", "area": "oslo", "municipality": "Bydel Grorud"}
    added = leader_call(site, "POST", "/api/leder/enheter", new, cookie=cookie)
    assert added.status == 201, added.body
    unit = added.json()
    answer = post_form(site, "/api/endringsmeldinger", report_fields(unit=unit["id"], new_email="lokal@example.no"))
    assert answer.status == 303, answer.text[:300]
    closed = leader_call(site, "POST", unit["close_url"], {"version": unit["version"]}, cookie=cookie)
    assert closed.status == 200 and closed.json()["open"] is False
    refused = post_form(site, "/api/endringsmeldinger", report_fields(unit=unit["id"], new_email="lokal2@example.no"))
    assert refused.status == 422 and "Velg en enhet fra listen." in refused.text
