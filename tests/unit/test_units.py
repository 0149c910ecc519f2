"""The units and host units as the network leader keeps them (roster/unit_service.py, hospitation/host_unit_service.py)
on fake repositories with the table's rules: who may change them, the Norwegian message at each field, the id made from
the name, the version, the audit log; and what a closed unit still is (its history) and no longer is (counted,
offered)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from common.errors import Forbidden, HostUnitChanged, InvalidInput, UnitChanged, UnitNotFound
from common.formatting import OSLO
from common.places import slug
from common.site import network
from hospitation.host_unit_service import HostUnitCatalogue, validate_host_unit
from hospitation.models import HostUnit, configured_host_units, open_host_units
from roster.coverage import coverage, uncovered_units
from roster.models import RosterEntry, Unit, UnitForm, configured_units, open_units
from roster.unit_service import UnitCatalogue, areas_of, validate_unit
from tests.support.samples import NOW
from tests.unit.fakes import FakeAuditLog, FakePlaces
from tests.unit.test_hospitation_service import leader

TODAY = NOW.astimezone(OSLO).date()
NETWORK_LEADER = leader("nettverksleder")
GARDERMO_LEADER = leader("omradeleder", area="gardermoregionen")
HOST = leader("vertsenhet", unit="ahus-palliativt-senter")
AREAS = areas_of(network()["areas"])
AREA_NAMES = {area["id"]: area["name"] for area in network()["areas"]}


def unit_fields(**overrides: Any) -> dict[str, Any]:
    fields = {
        "name": "Dal omsorgssenter",
        "kind": "langtidshjem",
        "area": "gardermoregionen",
        "municipality": "Eidsvoll",
    }
    return fields | overrides


@dataclass
class World:
    repo: FakePlaces = field(default_factory=lambda: FakePlaces(Unit, "municipality", *configured_units().values()))
    audit: FakeAuditLog = field(default_factory=FakeAuditLog)

    @property
    def catalogue(self) -> UnitCatalogue:
        return UnitCatalogue(self.repo, AREAS)  # type: ignore[arg-type]

    def add(self, by: Any = NETWORK_LEADER, **overrides: Any) -> Unit:
        return self.catalogue.add(by, validate_unit(unit_fields(**overrides), AREAS), self.audit, NOW)


def refused(call: Any) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        call()
    return caught.value.field_errors


def test_the_network_leader_adds_a_unit_whose_id_is_made_from_its_name_and_it_is_audited() -> None:
    world = World()
    made = world.add()
    assert made.id == "dal-omsorgssenter" and made.version == 1 and made.closed_on is None
    assert world.repo.unit(made.id) == made
    (entry,) = world.audit.entries
    assert (entry.actor, entry.action, entry.subject) == (NETWORK_LEADER.username, "unit_added", made.id)


def test_the_same_name_in_another_municipality_gets_an_id_of_its_own() -> None:
    world = World()
    first = world.add()
    second = world.add(municipality="Hurdal")
    assert (first.id, second.id) == ("dal-omsorgssenter", "dal-omsorgssenter-2")


def test_the_id_is_plain_ascii_whatever_the_name() -> None:
    assert slug("Ås sykehjem") == "as-sykehjem"
    assert slug("Bydel Grorud – Hjemmetjenesten Øst") == "bydel-grorud-hjemmetjenesten-ost"
    assert slug("Lørenskog    HELSEHUS!") == "lorenskog-helsehus"
    assert slug("«»") == "enhet"


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"name": "   "}, "name", "Skriv inn navnet på enheten."),
        ({"name": "<b>Dal</b>"}, "name", "uten tegnene < og >"),
        ({"name": "x" * 121}, "name", "høyst 120 tegn"),
        ({"kind": "slott"}, "kind", "Velg en type fra listen."),
        ({"area": "atlantis"}, "area", "Velg et område fra listen."),
        ({"municipality": "Lillestrøm"}, "municipality", "Lillestrøm hører ikke til Gardermoregionen."),
        ({"municipality": ""}, "municipality", "Velg kommunen eller bydelen."),
    ],
)
def test_each_mistake_is_told_in_norwegian_at_its_field_and_nothing_is_written(
    overrides: dict[str, Any], field: str, says: str
) -> None:
    world = World()
    errors = refused(lambda: world.add(**overrides))
    assert says in errors[field]
    assert world.repo.writes == 0 and world.audit.entries == []


def test_a_duplicate_name_in_the_same_municipality_is_refused_whatever_its_case_and_spaces() -> None:
    world = World()
    errors = refused(lambda: world.add(name="  eidsvoll   SYKEHJEM "))
    assert errors == {"name": "Det finnes allerede en enhet med dette navnet i Eidsvoll."}
    assert world.add(name="Eidsvoll sykehjem", municipality="Hurdal").id == "eidsvoll-sykehjem-2"


def test_the_service_checks_the_place_even_when_the_form_came_in_by_another_way() -> None:
    world = World()
    form = UnitForm(name="Dal", kind="annet", area="oslo", municipality="Eidsvoll")
    errors = refused(lambda: world.catalogue.add(NETWORK_LEADER, form, world.audit, NOW))
    assert "Eidsvoll hører ikke til Bydelene i Oslo" in errors["municipality"]


def test_only_the_network_leader_changes_units_and_an_area_leader_sees_their_areas() -> None:
    world = World()
    with pytest.raises(Forbidden):
        world.add(by=GARDERMO_LEADER)
    with pytest.raises(Forbidden):
        world.catalogue.close(GARDERMO_LEADER, "eidsvoll-sykehjem", 1, TODAY, world.audit, NOW)
    with pytest.raises(Forbidden):
        world.catalogue.visible(HOST)
    seen = world.catalogue.visible(GARDERMO_LEADER)
    assert seen and {unit.area for unit in seen} == {"gardermoregionen"}
    assert len(world.catalogue.visible(NETWORK_LEADER)) == len(configured_units())
    names = [unit.name for unit in seen]
    assert names == sorted(names, key=str.casefold)


def test_a_rename_and_a_move_keep_the_id_and_a_stale_version_is_refused() -> None:
    world = World()
    form = validate_unit(unit_fields(name="Eidsvoll helsehus", kind="helsehus", municipality="Eidsvoll"), AREAS)
    renamed = world.catalogue.change(NETWORK_LEADER, "eidsvoll-sykehjem", 1, form, world.audit, NOW)
    assert (renamed.id, renamed.name, renamed.kind, renamed.version) == (
        "eidsvoll-sykehjem",
        "Eidsvoll helsehus",
        "helsehus",
        2,
    )
    moved_form = validate_unit(
        unit_fields(name="Eidsvoll helsehus", area="nedre-romerike", municipality="Lørenskog"), AREAS
    )
    with pytest.raises(UnitChanged) as stale:
        world.catalogue.change(NETWORK_LEADER, "eidsvoll-sykehjem", 1, moved_form, world.audit, NOW)
    assert stale.value.message == "Noen andre har endret enheten. Last inn på nytt." and stale.value.status == 409
    moved = world.catalogue.change(NETWORK_LEADER, "eidsvoll-sykehjem", 2, moved_form, world.audit, NOW)
    assert (moved.area, moved.municipality, moved.version) == ("nedre-romerike", "Lørenskog", 3)
    assert [e.action for e in world.audit.entries] == ["unit_changed", "unit_changed"]
    with pytest.raises(UnitNotFound):
        world.catalogue.change(NETWORK_LEADER, "finnes-ikke", 1, form, world.audit, NOW)


def test_a_unit_keeps_its_own_name_when_only_its_kind_changes() -> None:
    world = World()
    form = validate_unit(unit_fields(name="Eidsvoll sykehjem", kind="helsehus"), AREAS)
    assert world.catalogue.change(NETWORK_LEADER, "eidsvoll-sykehjem", 1, form, world.audit, NOW).kind == "helsehus"
    other = validate_unit(unit_fields(name="Hjemmetjenesten i Eidsvoll"), AREAS)
    errors = refused(lambda: world.catalogue.change(NETWORK_LEADER, "eidsvoll-sykehjem", 2, other, world.audit, NOW))
    assert errors["name"] == "Det finnes allerede en enhet med dette navnet i Eidsvoll."


def entry(unit: Unit) -> RosterEntry:
    return RosterEntry(
        id=f"E-{unit.id}",
        nurse_id=f"N-{unit.id}",
        unit=unit.id,
        area=unit.area,
        name="Nora Ny",
        email=f"nora.{unit.id}@example.no",
        education="ingen",
        start=TODAY - timedelta(days=100),
        start_reason="new",
        started_by="import",
        created_at=NOW,
        expires_at=2_000_000_000,
    )


def test_a_closed_unit_leaves_coverage_and_the_forms_from_its_day_and_reopened_it_is_back() -> None:
    world = World()
    units = world.repo.all()
    entries = [entry(units["eidsvoll-sykehjem"])]
    area = {"gardermoregionen": "Gardermoregionen"}
    (before,) = coverage(units, entries, area, TODAY)
    closed = world.catalogue.close(NETWORK_LEADER, "eidsvoll-sykehjem", 1, TODAY, world.audit, NOW)
    assert closed.closed_on == TODAY and closed.name == "Eidsvoll sykehjem", "it keeps its name"
    units = world.repo.all()
    (after,) = coverage(units, entries, area, TODAY)
    assert (after.units, after.covered, after.nurses) == (before.units - 1, before.covered - 1, before.nurses - 1)
    (yesterday,) = coverage(units, entries, area, TODAY - timedelta(days=1))
    assert yesterday.units == before.units, "a past day's figures still count it"
    assert "eidsvoll-sykehjem" not in open_units(units, TODAY) and "eidsvoll-sykehjem" in units
    assert "eidsvoll-sykehjem" not in {u.id for u in uncovered_units(units, [], list(area), TODAY)}
    assert world.catalogue.close(NETWORK_LEADER, "eidsvoll-sykehjem", 2, TODAY, world.audit, NOW) == closed
    reopened = world.catalogue.reopen(NETWORK_LEADER, "eidsvoll-sykehjem", 2, world.audit, NOW)
    assert reopened.closed_on is None and reopened.version == 3
    (again,) = coverage(world.repo.all(), entries, area, TODAY)
    assert again == before
    assert [e.action for e in world.audit.entries] == ["unit_closed", "unit_reopened"]


# Host units ------------------------------------------------------------------------------------------------------


def host_fields(**overrides: Any) -> dict[str, Any]:
    fields = {
        "name": "Lindrende team, Dal",
        "kind": "palliativt team",
        "area": "gardermoregionen",
        "email": "dal@example.no",
    }
    return fields | overrides


def test_the_network_leader_adds_changes_and_closes_a_host_unit() -> None:
    repo = FakePlaces(HostUnit, "area", *configured_host_units().values())
    audit = FakeAuditLog()
    catalogue = HostUnitCatalogue(repo, AREA_NAMES)  # type: ignore[arg-type]
    made = catalogue.add(NETWORK_LEADER, validate_host_unit(host_fields(), AREA_NAMES), audit, NOW)
    assert made.id == "lindrende-team-dal"
    with pytest.raises(Forbidden):
        catalogue.add(GARDERMO_LEADER, validate_host_unit(host_fields(name="Annen"), AREA_NAMES), audit, NOW)
    errors = refused(lambda: catalogue.add(NETWORK_LEADER, validate_host_unit(host_fields(), AREA_NAMES), audit, NOW))
    assert errors == {"name": "Det finnes allerede en vertsenhet med dette navnet i området."}
    assert "gyldig e-postadresse" in refused(lambda: validate_host_unit(host_fields(email="dal@"), AREA_NAMES))["email"]
    assert refused(lambda: validate_host_unit(host_fields(area="x"), AREA_NAMES)) == {
        "area": "Velg et område fra listen."
    }
    changed = catalogue.change(
        NETWORK_LEADER, made.id, 1, validate_host_unit(host_fields(email="ny@example.no"), AREA_NAMES), audit, NOW
    )
    assert (changed.email, changed.version) == ("ny@example.no", 2)
    with pytest.raises(HostUnitChanged) as stale:
        catalogue.close(NETWORK_LEADER, made.id, 1, TODAY, audit, NOW)
    assert stale.value.message == "Noen andre har endret vertsenheten. Last inn på nytt."
    closed = catalogue.close(NETWORK_LEADER, made.id, 2, TODAY, audit, NOW)
    assert made.id not in open_host_units(repo.all(), TODAY) and made.id in repo.all()
    assert catalogue.reopen(NETWORK_LEADER, made.id, closed.version, audit, NOW).closed_on is None
    assert [e.subject for e in audit.entries] == [f"vertsenhet/{made.id}"] * 4
    assert {u.area for u in catalogue.visible(GARDERMO_LEADER)} == {"gardermoregionen"}


def test_the_catalogue_file_gives_the_forms_the_open_units_only(tmp_path: Path) -> None:
    from catalogue import read_catalogue

    open_one = Unit(id="ny", name="Ny enhet", kind="annet", area="oslo", municipality="Bydel Alna")
    shut = open_one.model_copy(update={"id": "stengt", "closed_on": date(2020, 1, 1)})
    host = next(iter(configured_host_units().values()))
    path = tmp_path / "katalog.json"
    import json

    data = {"units": [open_one.json_values(), shut.json_values()], "host_units": [host.json_values()], "courses": []}
    path.write_text(json.dumps(data), encoding="utf-8")
    units, hosts = read_catalogue(path, TODAY)
    assert list(units) == ["ny"] and list(hosts) == [host.id]
