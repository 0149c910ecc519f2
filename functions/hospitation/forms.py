"""Reading the hospitation forms: every mistake named at once, next to its field, in the order the form shows them.
The rules that need today's date (a wished period in the future, dates of a stay) are here, with today passed in."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError

from common.errors import InvalidInput
from common.i18n import N_, gettext
from common.person import LEADER_IS_SELF, Day, same_address
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
    """The form and the wished periods, or InvalidInput with a message per field: the rules on the choices and the
    periods are checked even when another field is wrong, so that every mistake is named at once."""
    errors: dict[str, str] = {}
    form: HospitationForm | None = None
    try:
        form = validate(HospitationForm, fields, FORM_TEXTS)
    except InvalidInput as exc:
        errors |= exc.field_errors
    if form is not None and same_address(form.leader_email, form.email):
        errors["leader_email"] = gettext(LEADER_IS_SELF)  # else the nurse would give the consent to herself
    for name, known in (("municipality", municipalities), ("host_unit", units)):
        chosen = getattr(form, name) if form is not None else _text(fields.get(name))
        if name not in errors and chosen and chosen not in known:
            errors[name] = gettext(FORM_TEXTS[name].invalid)
    wishes: list[WishedPeriod] = []
    for number in (1, 2):
        names = (f"period{number}_first", f"period{number}_last")
        if any(name in errors for name in names):  # a date that could not be read has its message already
            continue
        first, last = (getattr(form, name) if form is not None else _day_of(fields.get(name)) for name in names)
        if number == 2 and first is None and last is None:
            continue
        if first is None or last is None:
            for name, value in zip(names, (first, last), strict=True):
                if value is None:
                    errors[name] = gettext(FORM_TEXTS[name].missing if number == 1 else HALF_PERIOD)
            continue
        problem = _wish_problem(first, last, today)
        if problem:
            errors[names[0] if problem == PAST else names[1]] = gettext(problem)
            continue
        wishes.append(WishedPeriod(first=first, last=last))
    if errors or form is None:
        raise InvalidInput(field_errors=_ordered(errors, list(FORM_TEXTS)))
    return form, tuple(wishes)


_DAY: TypeAdapter[date | None] = TypeAdapter(Day)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _day_of(value: Any) -> date | None:
    """A wished date as the form's model reads it; None when empty (or unreadable, which the model has named)."""
    try:
        return _DAY.validate_python(value)
    except ValidationError:
        return None


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
    """The host's dates and meeting time, or every mistake at once: a field the model could not read keeps its
    message, and the others are still checked."""
    errors: dict[str, str] = {}
    try:
        answer = validate(HostAnswer, fields, HOST_TEXTS)
    except InvalidInput as exc:
        errors |= exc.field_errors
        readable = {name: fields.get(name) for name in ("first_day", "last_day") if name not in errors}
        readable |= {"meeting_time": "" if "meeting_time" in errors else fields.get("meeting_time", "")}
        answer = HostAnswer.model_construct(
            first_day=_day_of(readable.get("first_day")),
            last_day=_day_of(readable.get("last_day")),
            meeting_time=_text(readable["meeting_time"]),
        )
    return checked_host_answer(answer, today, errors)


def checked_host_answer(answer: HostAnswer, today: date, errors: dict[str, str] | None = None) -> HostAnswer:
    """The host's answer against the rules that need today (a stay from today, within a year, one to five days), with
    the messages of the fields the model could not read; the meeting time as HH:MM."""
    errors = dict(errors or {})
    for name in ("first_day", "last_day", "meeting_time"):
        if not getattr(answer, name) and name not in errors:
            errors[name] = gettext(HOST_TEXTS[name].missing)
    if answer.first_day and answer.first_day < today:
        errors["first_day"] = gettext(STAY_PAST)
    elif answer.first_day and answer.first_day > today + FURTHEST_AHEAD:
        errors["first_day"] = gettext(TOO_FAR)
    if answer.first_day and answer.last_day and "first_day" not in errors and "last_day" not in errors:
        if answer.last_day < answer.first_day:
            errors["last_day"] = gettext(BEFORE_FIRST)
        elif (answer.last_day - answer.first_day).days + 1 > LONGEST_STAY:
            errors["last_day"] = gettext(STAY_TOO_LONG)
    if errors:
        raise InvalidInput(field_errors=_ordered(errors, list(HOST_TEXTS)))
    return answer.model_copy(update={"meeting_time": answer.meeting_time.replace(".", ":")})


def validate_evaluation(fields: dict[str, Any]) -> EvaluationForm:
    return validate(EvaluationForm, fields, EVALUATION_TEXTS)
