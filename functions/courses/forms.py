"""Reading a sign-up: the form's fields and the course's own questions, validated together so that every mistake is
named at once, in the order the form shows them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from common.errors import InvalidInput
from common.i18n import gettext
from common.person import LEADER_IS_SELF, same_address
from common.validation import validate
from courses.models import FORM_TEXTS, SAME_EMAIL, RegistrationForm
from courses.questions import validate_answers


def validate_registration(
    fields: dict[str, Any], question_ids: Iterable[str], municipalities: dict[str, str]
) -> tuple[RegistrationForm, dict[str, str]]:
    questions = list(question_ids)
    errors: dict[str, str] = {}
    form: RegistrationForm | None = None
    answers: dict[str, str] = {}
    try:
        form = validate(RegistrationForm, fields, FORM_TEXTS, context={"municipalities": municipalities})
    except InvalidInput as exc:
        errors |= exc.field_errors
    if form is not None and same_address(form.leader_email, form.email):
        errors["leader_email"] = gettext(SAME_EMAIL if form.bring_leader else LEADER_IS_SELF)
    try:
        answers = validate_answers(questions, fields)
    except InvalidInput as exc:
        errors |= exc.field_errors
    if errors or form is None:
        order = [name for name in FORM_TEXTS if name not in ("bring_leader", "consent")]
        order += ["bring_leader", *questions, "consent"]
        raise InvalidInput(field_errors={name: errors[name] for name in order if name in errors} or errors)
    return form, answers
