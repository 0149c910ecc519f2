"""Coverage: per area, how many units have an active resource nurse and how many do not, and how many function
descriptions wait for a signature; as rows (for a table and the CSV) and as an SVG bar chart that needs no
JavaScript (theme/templates/partials/coverage_chart.svg)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from common.templates import render
from roster.models import RosterEntry, Unit
from roster.training import grunnkurs_due


@dataclass(frozen=True)
class AreaCoverage:
    area: str
    name: str
    units: int
    covered: int  # units with at least one active resource nurse
    nurses: int  # active resource nurses
    unsigned: int  # of them, those whose function description lacks a signature
    grunnkurs_due: int

    @property
    def uncovered(self) -> int:
        return self.units - self.covered

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.units) if self.units else 0


def active(entries: Iterable[RosterEntry], day: date) -> list[RosterEntry]:
    return [entry for entry in entries if entry.active(day)]


def coverage(
    units: Mapping[str, Unit], entries: Iterable[RosterEntry], areas: Mapping[str, str], day: date
) -> list[AreaCoverage]:
    """One row per area in `areas` (id -> name), in that order. A unit closed by that day is not counted, nor are
    its nurses."""
    present = active(entries, day)
    rows = []
    for area, name in areas.items():
        area_units = {unit.id for unit in units.values() if unit.area == area and unit.open_on(day)}
        nurses = [entry for entry in present if entry.unit in area_units]
        rows.append(
            AreaCoverage(
                area=area,
                name=name,
                units=len(area_units),
                covered=len({entry.unit for entry in nurses}),
                nurses=len(nurses),
                unsigned=sum(1 for entry in nurses if not entry.signed),
                grunnkurs_due=sum(1 for entry in nurses if grunnkurs_due(entry)),
            )
        )
    return rows


def uncovered_units(
    units: Mapping[str, Unit], entries: Iterable[RosterEntry], areas: Iterable[str], day: date
) -> list[Unit]:
    """The units in these areas, open on that day, without an active resource nurse, by area and name."""
    wanted = set(areas)
    covered = {entry.unit for entry in active(entries, day)}
    found = [unit for unit in units.values() if unit.area in wanted and unit.id not in covered and unit.open_on(day)]
    return sorted(found, key=lambda unit: (unit.area, unit.name))


def chart(rows: list[AreaCoverage], title: str) -> str:
    """The SVG: one bar per area, the covered share filled and the rest hatched, so that colour is not the only
    difference; with a title and a description for screen readers, whom the table beside it serves in full."""
    return render("partials/coverage_chart.svg", rows=rows, title=title)
