"""Pydantic validation errors turned into one Norwegian message per field, and the readers of typed routes' bodies:
what a body its model refuses is told (common/http.answer_errors asks `reread`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, Field, ValidationError

from common.characters import HIDDEN_CHARACTER
from common.errors import InvalidInput
from common.i18n import N_, gettext

Model = TypeVar("Model", bound=BaseModel)
TOO_LONG = N_("%(label)s kan ha høyst %(max)s tegn.")
Reader = Callable[[dict[str, Any]], object]
_READERS: dict[type[BaseModel], Reader] = {}


def reads(model: type[BaseModel], reader: Reader) -> None:
    """The body model's reader: the fields into the model and its rules, raising the DomainError a person is told
    (InvalidInput with a message per field, in the form's order; BadRequest for a bad version)."""
    _READERS[model] = reader


def reread(model: type[BaseModel], fields: dict[str, Any]) -> None:
    """Read a body that Powertools' validation refused with its model's reader, which raises the refusal."""
    reader = _READERS.get(model)
    if reader is None:
        raise LookupError(f"no reader for {model.__name__}: register one with common.validation.reads")
    reader(fields)


def is_version(value: object) -> bool:
    """A whole number, or its digits (0-9) as text; never true or false, nor a digit int() cannot read ("²")."""
    text = str(value)
    return not isinstance(value, bool) and isinstance(value, (int, str)) and text.isascii() and text.isdigit()


def _version(value: object) -> object:
    """What common/leader_api.read_version takes (is_version)."""
    if not is_version(value):
        raise ValueError("a version is a whole number")
    return int(str(value))


# The version of a stored item that a leader's change was made on (a change to a newer one is refused as a 409).
Version = Annotated[int, BeforeValidator(_version), Field(ge=0)]


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
    if kind == "hidden_character":
        return gettext(HIDDEN_CHARACTER)
    if kind == "string_too_long":
        return gettext(TOO_LONG) % {"label": gettext(text.label), "max": ctx["max_length"]}
    return gettext(text.invalid)
