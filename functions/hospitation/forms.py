"""Reading the hospitation forms: every mistake named at once, next to its field, in the order the form shows them.
The rules that need today's date (a wished period in the future, dates of a stay) are here, with today passed in."""

from __future__ import annotations

from datetime import date
from typing import Any

from common.errors import InvalidInput
from common.i18n import N_, gettext
from common.validation import validate
from hospitation.models import (
    CONSENT_TEXTS,
    DECLINE_TEXTS,
    EVALUATION_TEXTS,
    FORM_TEXTS,
    FURTHEST_AHEAD,
    HOST_TEXTS,
    LONGEST_STAY,
    LONGEST_WISH,
    ConsentAnswer,
    Decline,
    EvaluationForm,
    HospitationForm,
    HostAnswer,
    HostUnit,
    WishedPeriod,
)

PAST = N_("Velg en dato fra i morgen og utover.")
TOO_FAR = N_("Velg en dato innen ett år fra i dag.")
BEFORE_FIRST = N_("Til-datoen må være samme dag som eller etter fra-datoen.")
TOO_LONG = N_("En ønsket periode kan være høyst tre måneder. Del den heller i to.")
HALF_PERIOD = N_("Skriv inn begge datoene for den andre perioden, eller la begge stå tomme.")
REASON_NEEDED = N_("Skriv en kort begrunnelse, så forstår sykepleieren hvorfor.")
STAY_TOO_LONG = N_("En hospitering varer fra én til fem dager. Velg en siste dag nærmere den første.")
STAY_PAST = N_("Velg en dag fra i dag og utover.")


def _ordered(errors: dict[str, str], order: list[str]) -> dict[str, str]:
    return {name: errors[name] for name in order if name in errors} or errors


def validate_request(
    fields: dict[str, Any], municipalities: dict[str, str], units: dict[str, HostUnit], today: date
) -> tuple[HospitationForm, tuple[WishedPeriod, ...]]:
    """The form and the wished periods, or InvalidInput with a message per field."""
    errors: dict[str, str] = {}
    form: HospitationForm | None = None
    try:
        form = validate(HospitationForm, fields, FORM_TEXTS)
    except InvalidInput as exc:
        errors |= exc.field_errors
    wishes: list[WishedPeriod] = []
    if form is not None:
        if form.municipality not in municipalities:
            errors["municipality"] = gettext(FORM_TEXTS["municipality"].invalid)
        if form.host_unit not in units:
            errors["host_unit"] = gettext(FORM_TEXTS["host_unit"].invalid)
        for number in (1, 2):
            first, last = getattr(form, f"period{number}_first"), getattr(form, f"period{number}_last")
            names = (f"period{number}_first", f"period{number}_last")
            if number == 2 and first is None and last is None:
                continue
            if first is None or last is None:
                missing = names[0] if first is None else names[1]
                errors[missing] = gettext(FORM_TEXTS[missing].missing if number == 1 else HALF_PERIOD)
                continue
            problem = _wish_problem(first, last, today)
            if problem:
                errors[names[0] if problem == PAST else names[1]] = gettext(problem)
                continue
            wishes.append(WishedPeriod(first=first, last=last))
    if errors or form is None:
        raise InvalidInput(field_errors=_ordered(errors, list(FORM_TEXTS)))
    return form, tuple(wishes)


def _wish_problem(first: date, last: date, today: date) -> str | None:
    if first <= today:
        return PAST
    if last < first:
        return BEFORE_FIRST
    if last - first >= LONGEST_WISH:
        return TOO_LONG
    if last > today + FURTHEST_AHEAD:
        return TOO_FAR
    return None


def validate_consent(fields: dict[str, Any]) -> ConsentAnswer:
    answer = validate(ConsentAnswer, fields, CONSENT_TEXTS)
    if answer.decision == "nei" and not answer.reason:
        raise InvalidInput(field_errors={"reason": gettext(REASON_NEEDED)})
    return answer


def validate_decline(fields: dict[str, Any]) -> Decline:
    return validate(Decline, fields, DECLINE_TEXTS)


def validate_host_answer(fields: dict[str, Any], today: date) -> HostAnswer:
    answer = validate(HostAnswer, fields, HOST_TEXTS)
    errors: dict[str, str] = {}
    for name in ("first_day", "last_day", "meeting_time"):
        if not getattr(answer, name):
            errors[name] = gettext(HOST_TEXTS[name].missing)
    if answer.first_day and answer.first_day < today:
        errors["first_day"] = gettext(STAY_PAST)
    if answer.first_day and answer.last_day and "first_day" not in errors:
        if answer.last_day < answer.first_day:
            errors["last_day"] = gettext(BEFORE_FIRST)
        elif (answer.last_day - answer.first_day).days + 1 > LONGEST_STAY:
            errors["last_day"] = gettext(STAY_TOO_LONG)
    if errors:
        raise InvalidInput(field_errors=_ordered(errors, list(HOST_TEXTS)))
    return answer.model_copy(update={"meeting_time": answer.meeting_time.replace(".", ":")})


def validate_evaluation(fields: dict[str, Any]) -> EvaluationForm:
    return validate(EvaluationForm, fields, EVALUATION_TEXTS)
