"""Reading the roster's forms: every mistake named at once, next to its field, in the order the form shows them.
Which nurse fields a change report needs depends on its kind; the effective date is checked against today."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from common.errors import InvalidInput
from common.i18n import N_, gettext
from common.person import checked
from common.validation import validate
from roster.models import (
    APPROVAL_TEXTS,
    DECLINE_TEXTS,
    EFFECTIVE_WINDOW_DAYS,
    FORM_TEXTS,
    SIGNATURE_TEXTS,
    Approval,
    ChangeReportForm,
    Decline,
    Signatures,
    Unit,
)

# The fields each kind of report needs, besides those every report has.
REQUIRED: dict[str, tuple[str, ...]] = {
    "new": ("new_name", "new_email", "new_education"),
    "leaving": ("leaving_name",),
    "replacement": ("leaving_name", "new_name", "new_email", "new_education"),
    "contact": ("contact_name",),
}
# The fields a kind may use; the others are cleared, so a report keeps nothing it does not need.
USED: dict[str, tuple[str, ...]] = {
    "new": ("new_name", "new_email", "new_phone", "new_education", "new_listed"),
    "leaving": ("leaving_name", "leaving_email"),
    "replacement": (
        "leaving_name",
        "leaving_email",
        "new_name",
        "new_email",
        "new_phone",
        "new_education",
        "new_listed",
    ),
    "contact": ("contact_name", "contact_new_name", "contact_new_email", "contact_new_phone"),
}
NURSE_FIELDS = tuple(dict.fromkeys(name for names in USED.values() for name in names))
NOTHING_NEW = N_("Skriv inn det som er nytt: navn, e-post eller mobilnummer.")
TOO_EARLY = N_("Velg en dato som ikke er mer enn ett år tilbake i tid.")
TOO_LATE = N_("Velg en dato innen ett år fra i dag.")
NOT_INFORMED = FORM_TEXTS["informed"].missing
UNKNOWN_UNIT = FORM_TEXTS["unit"].invalid
NO_DATE = FORM_TEXTS["effective_date"].missing


def validate_change_report(fields: dict[str, Any], units: dict[str, Unit], today: date) -> ChangeReportForm:
    """The report, or InvalidInput with a message per field. A kind's own fields are checked only for that kind;
    the fields of the other kinds are dropped, whatever was in them."""
    kind = str(fields.get("kind") or "").strip()
    used = USED.get(kind, ())
    data = {name: value for name, value in fields.items() if name not in NURSE_FIELDS or name in used}
    errors: dict[str, str] = {}
    form: ChangeReportForm | None = None
    try:
        form = validate(ChangeReportForm, data, FORM_TEXTS)
    except InvalidInput as exc:
        errors |= exc.field_errors
    if "unit" not in errors and form is not None and form.unit not in units:
        errors["unit"] = gettext(UNKNOWN_UNIT)
    if "effective_date" not in errors:
        effective = form.effective_date if form is not None else None
        if effective is None and not str(fields.get("effective_date") or "").strip():
            errors["effective_date"] = gettext(NO_DATE)
        elif effective is not None and effective < today - timedelta(days=EFFECTIVE_WINDOW_DAYS):
            errors["effective_date"] = gettext(TOO_EARLY)
        elif effective is not None and effective > today + timedelta(days=EFFECTIVE_WINDOW_DAYS):
            errors["effective_date"] = gettext(TOO_LATE)
    for name in REQUIRED.get(kind, ()):
        if name not in errors and not str(data.get(name) or "").strip():
            errors[name] = gettext(FORM_TEXTS[name].missing)
    if kind == "contact" and not any(str(data.get(name) or "").strip() for name in USED["contact"][1:]):
        errors.setdefault("contact_new_name", gettext(NOTHING_NEW))
    informed = form.informed if form is not None else checked(fields.get("informed"))
    if not informed:
        errors["informed"] = gettext(NOT_INFORMED)
    if errors or form is None:
        order = list(FORM_TEXTS)
        raise InvalidInput(field_errors={name: errors[name] for name in order if name in errors} or errors)
    return form


def validate_approval(fields: dict[str, Any]) -> Approval:
    return validate(Approval, fields, APPROVAL_TEXTS)


def validate_decline(fields: dict[str, Any]) -> Decline:
    return validate(Decline, fields, DECLINE_TEXTS)


def validate_signatures(fields: dict[str, Any], today: date) -> Signatures:
    """The dates signed; none in the future."""
    return checked_signatures(validate(Signatures, fields, SIGNATURE_TEXTS), today)


def checked_signatures(signatures: Signatures, today: date) -> Signatures:
    """None of the dates in the future."""
    future = {
        name: gettext(N_("En signatur kan ikke ha en dato fram i tid."))
        for name in SIGNATURE_TEXTS
        if (getattr(signatures, name) or today) > today
    }
    if future:
        raise InvalidInput(field_errors=future)
    return signatures
