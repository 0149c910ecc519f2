"""The host units as the network leader keeps them in /leder/enheter/: add one, rename it, move it to another area,
change its kind or email, close it and open it again. Only the network leader changes them; an area leader reads
their area's. The id is made from the first name and never changes, so the requests to a host unit keep naming it.
A move applies to requests sent after it: those already sent keep the host area they were sent with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from common.access import Leader
from common.audit import Action, AuditEntry, AuditLog
from common.errors import HostUnitChanged, HostUnitNotFound, InvalidInput
from common.i18n import gettext
from common.places import NameTaken, PlaceChanged, PlaceExists, name_key, slug
from common.validation import validate
from hospitation.models import HOST_UNIT_NAME_TAKEN, HOST_UNIT_TEXTS, HostUnit, HostUnitForm
from hospitation.repository import HostUnitRepository

TRIES = 20
SUBJECT = "vertsenhet/"  # the audit log's subject: which host unit, told apart from a unit of the roster


def check_area(form: HostUnitForm, area_names: Mapping[str, str]) -> HostUnitForm:
    if form.area not in area_names:
        unknown = HOST_UNIT_TEXTS["area"].invalid
        raise InvalidInput(field_errors={"area": gettext(unknown)})
    return form


def validate_host_unit(fields: dict[str, Any], area_names: Mapping[str, str]) -> HostUnitForm:
    """The form into a HostUnitForm, or InvalidInput with a message per field (then an unknown area at its field)."""
    return check_area(validate(HostUnitForm, fields, HOST_UNIT_TEXTS), area_names)


def _name_taken() -> InvalidInput:
    return InvalidInput(field_errors={"name": gettext(HOST_UNIT_NAME_TAKEN)})


@dataclass
class HostUnitCatalogue:
    repo: HostUnitRepository
    area_names: Mapping[str, str]  # network.json's areas, in their order

    def visible(self, leader: Leader) -> list[HostUnit]:
        """The host units the leader sees (an area leader: their area's), by area, then name."""
        scope = leader.roster_areas(list(self.area_names))
        order = {area: number for number, area in enumerate(scope)}
        found = [unit for unit in self.repo.all().values() if unit.area in order]
        return sorted(found, key=lambda unit: (order[unit.area], unit.name.casefold(), unit.id))

    def _taken(self, form: HostUnitForm, but: str | None = None) -> bool:
        wanted = name_key(form.area, form.name)
        return any(name_key(unit.area, unit.name) == wanted for unit in self.repo.all().values() if unit.id != but)

    def add(self, leader: Leader, form: HostUnitForm, audit: AuditLog, now: datetime) -> HostUnit:
        leader.require("nettverksleder")
        check_area(form, self.area_names)
        if self._taken(form):
            raise _name_taken()
        base = slug(form.name)
        for number in range(1, TRIES + 1):
            unit = HostUnit(id=base if number == 1 else f"{base}-{number}", **form.model_dump())
            try:
                self.repo.add(unit)
            except PlaceExists:
                continue
            except NameTaken:
                raise _name_taken() from None
            self._audit(audit, leader, "unit_added", unit, now)
            return unit
        raise _name_taken()

    def _current(self, leader: Leader, unit_id: str, version: int) -> HostUnit:
        leader.require("nettverksleder")
        unit = self.repo.unit(unit_id)
        if unit is None:
            raise HostUnitNotFound()
        if unit.version != version:
            raise HostUnitChanged()
        return unit

    def _save(self, before: HostUnit, changes: dict[str, Any]) -> HostUnit:
        after = before.model_copy(update=changes | {"version": before.version + 1})
        try:
            self.repo.replace(before, after)
        except PlaceChanged:
            raise HostUnitChanged() from None
        except NameTaken:
            raise _name_taken() from None
        return after

    def change(
        self, leader: Leader, unit_id: str, version: int, form: HostUnitForm, audit: AuditLog, now: datetime
    ) -> HostUnit:
        before = self._current(leader, unit_id, version)
        check_area(form, self.area_names)
        if self._taken(form, but=unit_id):
            raise _name_taken()
        after = self._save(before, form.model_dump())
        self._audit(audit, leader, "unit_changed", after, now)
        return after

    def close(self, leader: Leader, unit_id: str, version: int, day: date, audit: AuditLog, now: datetime) -> HostUnit:
        before = self._current(leader, unit_id, version)
        if before.closed_on is not None:
            return before
        after = self._save(before, {"closed_on": day})
        self._audit(audit, leader, "unit_closed", after, now)
        return after

    def reopen(self, leader: Leader, unit_id: str, version: int, audit: AuditLog, now: datetime) -> HostUnit:
        before = self._current(leader, unit_id, version)
        if before.closed_on is None:
            return before
        after = self._save(before, {"closed_on": None})
        self._audit(audit, leader, "unit_reopened", after, now)
        return after

    @staticmethod
    def _audit(audit: AuditLog, leader: Leader, action: Action, unit: HostUnit, now: datetime) -> None:
        audit.record(
            AuditEntry(at=now, actor=leader.username, actor_sub=leader.sub, action=action, subject=SUBJECT + unit.id)
        )
