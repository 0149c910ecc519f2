"""Pydantic validation errors turned into one Norwegian message per field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from common.errors import InvalidInput
from common.i18n import N_, gettext

Model = TypeVar("Model", bound=BaseModel)
TOO_LONG = N_("%(label)s kan ha høyst %(max)s tegn.")


@dataclass(frozen=True)
class FieldText:
    """How a field is named and what a person is told when it is empty or wrong."""

    label: str
    missing: str
    invalid: str


def validate(model: type[Model], data: dict[str, Any], texts: dict[str, FieldText], context: Any = None) -> Model:
    """Validate data into model, or raise InvalidInput with a message per field, in the form's order."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            if field in texts and field not in errors:
                errors[field] = _message(texts[field], error["type"], error.get("ctx") or {})
        ordered = {field: errors[field] for field in texts if field in errors}
        raise InvalidInput(field_errors=ordered or {"": gettext(InvalidInput.message)}) from None


def _message(text: FieldText, kind: str, ctx: dict[str, Any]) -> str:
    """The message in the network's language."""
    if kind in ("missing", "string_too_short"):
        return gettext(text.missing)
    if kind == "string_too_long":
        return gettext(TOO_LONG) % {"label": gettext(text.label), "max": ctx["max_length"]}
    return gettext(text.invalid)
