"""Reading Min side's forms: the address for a sign-in link, and a correction of a registration; a message at each
field."""

from __future__ import annotations

from typing import Any

from common.validation import validate
from people.models import CORRECTION_TEXTS, FORM_TEXTS, Correction, SignInForm


def _given(fields: dict[str, Any], names: dict[str, Any]) -> dict[str, str]:
    return {name: fields[name] for name in names if isinstance(fields.get(name), str) and fields[name].strip()}


def validate_sign_in(fields: dict[str, Any]) -> SignInForm:
    return validate(SignInForm, _given(fields, FORM_TEXTS), FORM_TEXTS)


def validate_correction(fields: dict[str, Any]) -> Correction:
    return validate(Correction, _given(fields, CORRECTION_TEXTS), CORRECTION_TEXTS)
