"""Hospitation requests, and the nurses' evaluations without their names, as rows for a leader's CSV file."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from common.i18n import N_, gettext
from exports.columns import Column, Exporter, leader_columns, minute_text, person_columns
from hospitation.models import Hospitation


def hospitation_export(
    units: Mapping[str, str], area_names: Mapping[str, str], status_labels: Mapping[str, str]
) -> Exporter[Hospitation]:
    """Hospitation requests for a leader: who, where to, the wished periods, each answer and its date."""

    def wish(number: int) -> Callable[[Hospitation], object]:
        def value(request: Hospitation) -> object:
            if len(request.wishes) < number:
                return None
            chosen = request.wishes[number - 1]
            return f"{chosen.first:%d.%m.%Y}–{chosen.last:%d.%m.%Y}"

        return value

    return Exporter(
        [
            Column(N_("Status"), lambda r: gettext(status_labels[r.status])),
            *person_columns(area_names),
            *leader_columns(),
            Column(N_("Vertsenhet"), lambda r: units.get(r.host_unit, r.host_unit)),
            Column(N_("Ønsket periode 1"), wish(1)),
            Column(N_("Ønsket periode 2"), wish(2)),
            Column(N_("Læringsmål"), lambda r: r.goals),
            Column(N_("Sendt"), lambda r: minute_text(r.created_at)),
            Column(N_("Leder svarte"), lambda r: minute_text(r.answered_at) if r.answered_at else None),
            Column(N_("Første dag"), lambda r: f"{r.first_day:%d.%m.%Y}" if r.first_day else None),
            Column(N_("Siste dag"), lambda r: f"{r.last_day:%d.%m.%Y}" if r.last_day else None),
            Column(N_("Begrunnelse for nei"), lambda r: r.decline_reason or None),
        ]
    )


def evaluation_export(
    units: Mapping[str, str], area_names: Mapping[str, str], recommend_labels: Mapping[str, str]
) -> Exporter[Hospitation]:
    """The nurses' evaluations, without their names: where, when, from which area, and the three answers."""
    return Exporter(
        [
            Column(N_("Vertsenhet"), lambda r: units.get(r.host_unit, r.host_unit)),
            Column(N_("Første dag"), lambda r: f"{r.first_day:%d.%m.%Y}" if r.first_day else None),
            Column(N_("Siste dag"), lambda r: f"{r.last_day:%d.%m.%Y}" if r.last_day else None),
            Column(N_("Område"), lambda r: area_names.get(r.area, r.area)),
            Column(N_("Hva lærte du?"), lambda r: r.learned),
            Column(
                N_("Vil du anbefale andre å hospitere her?"),
                lambda r: gettext(recommend_labels[r.recommend]) if r.recommend else None,
            ),
            Column(N_("Hva bør vi gjøre annerledes?"), lambda r: r.change),
            Column(N_("Evaluert"), lambda r: minute_text(r.evaluated_at) if r.evaluated_at else None),
        ]
    )
