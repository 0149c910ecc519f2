"""Reading the evaluation form: every mistake named at once, next to its field, in the order the form shows them."""

from __future__ import annotations

from typing import Any

from common.validation import validate
from evaluations.models import FORM_TEXTS, EvaluationForm


def validate_evaluation(fields: dict[str, Any]) -> EvaluationForm:
    return validate(EvaluationForm, fields, FORM_TEXTS)
