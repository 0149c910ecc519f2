"""Hours at local meetings per resource nurse, as rows for a leader's CSV file."""

from __future__ import annotations

from collections.abc import Mapping

from attendance.service import NurseHours
from common.i18n import N_
from exports.columns import Column, Exporter
from roster.models import Unit


def _hours(value: float) -> str:
    """3, or 3,5: a decimal comma, as Norwegian Excel reads a number."""
    return f"{value:g}".replace(".", ",")


def hours_export(units: Mapping[str, Unit], area_names: Mapping[str, str]) -> Exporter[NurseHours]:
    """Hours at local meetings per resource nurse in a year, against the goal."""
    return Exporter(
        [
            Column(N_("Område"), lambda r: area_names.get(r.entry.area, r.entry.area)),
            Column(N_("Enhet"), lambda r: units[r.entry.unit].name if r.entry.unit in units else r.entry.unit),
            Column(N_("Navn"), lambda r: r.entry.name),
            Column(N_("Timer"), lambda r: _hours(r.hours)),
            Column(N_("Mål"), lambda r: _hours(r.goal)),
            Column(N_("Timer som mangler"), lambda r: _hours(max(0.0, r.goal - r.hours))),
        ]
    )
