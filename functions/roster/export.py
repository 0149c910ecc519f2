"""The roster and its coverage as rows for a leader's CSV file."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from common.i18n import N_, gettext
from exports.columns import Column, Exporter, date_text
from roster.coverage import AreaCoverage
from roster.models import CHANGE_KIND_LABELS, EDUCATION_LABELS, UNIT_KIND_LABELS, RosterEntry, Unit
from roster.training import grunnkurs_due

REASON_LABELS: dict[str, str] = {**CHANGE_KIND_LABELS, "import": N_("Fra den importerte navnelisten")}


def roster_export(units: Mapping[str, Unit], area_names: Mapping[str, str]) -> Exporter[RosterEntry]:
    """The roster: one row per period of a resource nurse at a unit, with the function description's signatures
    and the courses taken."""

    def of_unit(read: Callable[[Unit], object]) -> Callable[[RosterEntry], object]:
        def value(entry: RosterEntry) -> object:
            found = units.get(entry.unit)
            return read(found) if found else None

        return value

    return Exporter(
        [
            Column(N_("Område"), lambda e: area_names.get(e.area, e.area)),
            Column(N_("Kommune eller bydel"), of_unit(lambda u: u.municipality)),
            Column(N_("Enhet"), lambda e: units[e.unit].name if e.unit in units else e.unit),
            Column(N_("Type enhet"), of_unit(lambda u: gettext(UNIT_KIND_LABELS[u.kind]))),
            Column(N_("Navn"), lambda e: e.name),
            Column(N_("E-post"), lambda e: e.email),
            Column(N_("Mobil"), lambda e: e.phone or None),
            Column(N_("Utdanning"), lambda e: gettext(EDUCATION_LABELS[e.education])),
            Column(N_("Fra"), lambda e: date_text(e.start)),
            Column(N_("Til"), lambda e: date_text(e.end)),
            Column(N_("Hvorfor startet"), lambda e: gettext(REASON_LABELS[e.start_reason])),
            Column(N_("Hvorfor sluttet"), lambda e: gettext(REASON_LABELS[e.end_reason]) if e.end_reason else None),
            Column(N_("Signert av ressurssykepleier"), lambda e: date_text(e.signed_by_nurse)),
            Column(N_("Signert av nærmeste leder"), lambda e: date_text(e.signed_by_leader)),
            Column(N_("Signert av nettverksleder"), lambda e: date_text(e.signed_by_network)),
            Column(N_("Grunnkurs"), lambda e: _grunnkurs(e)),
            Column(N_("Kurs"), lambda e: "; ".join(f"{c.title} ({c.day:%d.%m.%Y})" for c in e.courses) or None),
            Column(N_("Vises på nettsiden"), lambda e: gettext(N_("Ja")) if e.listed else gettext(N_("Nei"))),
        ]
    )


def _grunnkurs(entry: RosterEntry) -> str:
    taken = [course.day for course in entry.courses if course.kind == "grunnkurs"]
    if taken:
        return f"{max(taken):%d.%m.%Y}"
    return gettext(N_("Anbefales")) if grunnkurs_due(entry) else gettext(N_("Ikke nødvendig"))


def coverage_export() -> Exporter[AreaCoverage]:
    """Coverage per area: units with and without a resource nurse, and the function descriptions not yet signed."""
    return Exporter(
        [
            Column(N_("Område"), lambda r: r.name),
            Column(N_("Enheter"), lambda r: r.units),
            Column(N_("Med ressurssykepleier"), lambda r: r.covered),
            Column(N_("Uten ressurssykepleier"), lambda r: r.uncovered),
            Column(N_("Dekning i prosent"), lambda r: r.percent),
            Column(N_("Ressurssykepleiere"), lambda r: r.nurses),
            Column(N_("Funksjonsbeskrivelse ikke signert"), lambda r: r.unsigned),
            Column(N_("Grunnkurs anbefales"), lambda r: r.grunnkurs_due),
        ]
    )
