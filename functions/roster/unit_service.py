"""The network's units as the network leader keeps them in /leder/enheter/: add one, rename it, move it to another
area or municipality, change its kind, close it and open it again. Only the network leader changes them; an area
leader reads their area's. The repository, the audit log and the time come in as arguments (tests use fakes).

A unit's id is made from its first name and never changes, so its roster history, change reports and the reports'
figures stay with it through a rename; a closed unit keeps all of that and leaves the coverage count and the public
form from the day it was closed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from common.access import Leader
from common.audit import Action, AuditEntry, AuditLog
from common.errors import InvalidInput, UnitChanged, UnitNotFound
from common.i18n import gettext
from common.places import NameTaken, PlaceChanged, PlaceExists, name_key, slug
from common.validation import validate
from roster.models import MUNICIPALITY_OUTSIDE, UNIT_NAME_TAKEN, UNIT_TEXTS, Unit, UnitForm
from roster.repository import UnitRepository

TRIES = 20  # ids tried for a new unit: its name's slug, then slug-2, slug-3, ...


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    municipalities: tuple[str, ...]


def areas_of(network_areas: Sequence[Mapping[str, Any]]) -> dict[str, Area]:
    """network.json's areas, with the municipalities (or districts) in each."""
    return {
        area["id"]: Area(area["id"], area["name"], tuple(area.get("municipalities") or ())) for area in network_areas
    }


def check_place(form: UnitForm, areas: Mapping[str, Area]) -> UnitForm:
    """InvalidInput at its field for an unknown area, or a municipality that is not in the area."""
    area = areas.get(form.area)
    if area is None:
        unknown = UNIT_TEXTS["area"].invalid
        raise InvalidInput(field_errors={"area": gettext(unknown)})
    if form.municipality not in area.municipalities:
        message = gettext(MUNICIPALITY_OUTSIDE) % {"municipality": form.municipality, "area": area.name}
        raise InvalidInput(field_errors={"municipality": message})
    return form


def validate_unit(fields: dict[str, Any], areas: Mapping[str, Area]) -> UnitForm:
    """The form into a UnitForm, or InvalidInput with a message per field, in the form's order (then the place)."""
    return check_place(validate(UnitForm, fields, UNIT_TEXTS), areas)


def _name_taken(municipality: str) -> InvalidInput:
    return InvalidInput(field_errors={"name": gettext(UNIT_NAME_TAKEN) % {"municipality": municipality}})


@dataclass
class UnitCatalogue:
    repo: UnitRepository
    areas: Mapping[str, Area]

    def visible(self, leader: Leader) -> list[Unit]:
        """The units the leader sees (an area leader: their area's), by area in network.json's order, then name."""
        scope = leader.roster_areas(list(self.areas))
        order = {area: number for number, area in enumerate(scope)}
        found = [unit for unit in self.repo.all().values() if unit.area in order]
        return sorted(found, key=lambda unit: (order[unit.area], unit.name.casefold(), unit.id))

    def _taken(self, form: UnitForm, but: str | None = None) -> bool:
        wanted = name_key(form.municipality, form.name)
        return any(
            name_key(unit.municipality, unit.name) == wanted for unit in self.repo.all().values() if unit.id != but
        )

    def add(self, leader: Leader, form: UnitForm, audit: AuditLog, now: datetime) -> Unit:
        leader.require("nettverksleder")
        check_place(form, self.areas)
        if self._taken(form):
            raise _name_taken(form.municipality)
        base = slug(form.name)
        for number in range(1, TRIES + 1):
            unit = Unit(id=base if number == 1 else f"{base}-{number}", **form.model_dump())
            try:
                self.repo.add(unit)
            except PlaceExists:
                continue
            except NameTaken:
                raise _name_taken(form.municipality) from None
            self._audit(audit, leader, "unit_added", unit, now)
            return unit
        raise _name_taken(form.municipality)

    def _current(self, leader: Leader, unit_id: str, version: int) -> Unit:
        leader.require("nettverksleder")
        unit = self.repo.unit(unit_id)
        if unit is None:
            raise UnitNotFound()
        if unit.version != version:
            raise UnitChanged()
        return unit

    def _save(self, before: Unit, changes: dict[str, Any]) -> Unit:
        after = before.model_copy(update=changes | {"version": before.version + 1})
        try:
            self.repo.replace(before, after)
        except PlaceChanged:
            raise UnitChanged() from None
        except NameTaken:
            raise _name_taken(after.municipality) from None
        return after

    def change(
        self, leader: Leader, unit_id: str, version: int, form: UnitForm, audit: AuditLog, now: datetime
    ) -> Unit:
        """Rename, move (area, municipality) or change the kind; the id stays."""
        before = self._current(leader, unit_id, version)
        check_place(form, self.areas)
        if self._taken(form, but=unit_id):
            raise _name_taken(form.municipality)
        after = self._save(before, form.model_dump())
        self._audit(audit, leader, "unit_changed", after, now)
        return after

    def close(self, leader: Leader, unit_id: str, version: int, day: date, audit: AuditLog, now: datetime) -> Unit:
        before = self._current(leader, unit_id, version)
        if before.closed_on is not None:
            return before
        after = self._save(before, {"closed_on": day})
        self._audit(audit, leader, "unit_closed", after, now)
        return after

    def reopen(self, leader: Leader, unit_id: str, version: int, audit: AuditLog, now: datetime) -> Unit:
        before = self._current(leader, unit_id, version)
        if before.closed_on is None:
            return before
        after = self._save(before, {"closed_on": None})
        self._audit(audit, leader, "unit_reopened", after, now)
        return after

    @staticmethod
    def _audit(audit: AuditLog, leader: Leader, action: Action, unit: Unit, now: datetime) -> None:
        audit.record(AuditEntry(at=now, actor=leader.username, actor_sub=leader.sub, action=action, subject=unit.id))
