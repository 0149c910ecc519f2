"""A course's evaluation as rows for a leader's CSV file: one row per answer, nothing about who."""

from __future__ import annotations

from common.i18n import gettext
from common.person import RECOMMEND_LABELS
from evaluations.models import FORM_TEXTS, Evaluation
from exports.columns import Column, Exporter


def course_evaluation_export() -> Exporter[Evaluation]:
    """A course's evaluation: one row per answer, in the answers' random order; nothing about who answered, or when."""
    return Exporter(
        [
            Column(FORM_TEXTS["overall"].label, lambda e: e.overall),
            Column(FORM_TEXTS["useful"].label, lambda e: e.useful),
            Column(FORM_TEXTS["practical"].label, lambda e: e.practical),
            Column(FORM_TEXTS["recommend"].label, lambda e: gettext(RECOMMEND_LABELS[e.recommend])),
            Column(FORM_TEXTS["best"].label, lambda e: e.best or None),
            Column(FORM_TEXTS["improve"].label, lambda e: e.improve or None),
        ]
    )
