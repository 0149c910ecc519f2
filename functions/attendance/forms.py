"""Reading the absence form: a message at each field, in the form's order."""

from __future__ import annotations

from typing import Any

from attendance.models import ABSENCE_TEXTS, AbsenceForm
from common.validation import validate


def validate_absence(fields: dict[str, Any]) -> AbsenceForm:
    return validate(AbsenceForm, fields, ABSENCE_TEXTS)
