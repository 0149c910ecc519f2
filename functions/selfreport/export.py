"""A round's invitations and answers as rows for a leader's CSV file: one row per person asked, in the leader's
scope, by area; the answers in the columns after."""

from __future__ import annotations

from collections.abc import Mapping

from common.i18n import N_, gettext
from exports.columns import Column, Exporter, day_text
from selfreport.models import (
    LEADER_TEXTS,
    NURSE_TEXTS,
    PLANNED_LABELS,
    ROLE_LABELS,
    TIME_LABELS,
    Invitation,
    units_text,
)


def _label(labels: Mapping[str, str], value: str | None) -> str | None:
    return gettext(labels[value]) if value is not None and value in labels else None


def self_report_export(area_names: Mapping[str, str], unit_names: Mapping[str, str]) -> Exporter[Invitation]:
    return Exporter(
        [
            Column(N_("Område"), lambda one: area_names.get(one.area, one.area)),
            Column(N_("Enhet"), lambda one: units_text(one, unit_names)),
            Column(N_("Rolle"), lambda one: gettext(ROLE_LABELS[one.role])),
            Column(N_("Navn"), lambda one: one.name),
            Column(N_("E-post"), lambda one: one.email),
            Column(N_("Spurt"), lambda one: day_text(one.invited_at)),
            Column(N_("Påminnelse"), lambda one: day_text(one.reminded_at) if one.reminded_at else None),
            Column(N_("Svart"), lambda one: day_text(one.answered_at) if one.answered_at else None),
            Column(NURSE_TEXTS["did"].label, lambda one: one.did or None),
            Column(NURSE_TEXTS["next_year"].label, lambda one: one.next_year or None),
            Column(N_("Samtale om arbeidsplanen"), lambda one: _label(PLANNED_LABELS, one.planned)),
            Column(LEADER_TEXTS["time_given"].label, lambda one: _label(TIME_LABELS, one.time_given)),
            Column(N_("Kommentar fra leder"), lambda one: one.comment or None),
        ]
    )
