"""Extra questions a course may ask (content metadata `Questions: workplace_type, diet`), each with its label, its
choices or length, and its Norwegian messages. Answers are validated here and stored with the registration."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from common.errors import InvalidInput
from common.i18n import N_, gettext


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    hint: str
    missing: str
    invalid: str
    required: bool = True
    options: dict[str, str] = field(default_factory=dict)  # value -> label; empty for free text
    max_length: int = 200


QUESTIONS: dict[str, Question] = {
    "workplace_type": Question(
        id="workplace_type",
        label=N_("Type arbeidssted"),
        hint=N_("Vi teller svarene i årsrapporten, uten navn."),
        missing=N_("Velg hva slags arbeidssted du har."),
        invalid=N_("Velg en type arbeidssted fra listen."),
        options={
            "langtidshjem": N_("Langtidshjem (sykehjem)"),
            "helsehus": N_("Helsehus eller korttidsavdeling"),
            "hjemmetjeneste": N_("Hjemmetjeneste"),
            "sykehus": N_("Sykehus"),
            "annet": N_("Annet"),
        },
    ),
    "diet": Question(
        id="diet",
        label=N_("Allergier eller spesialkost (valgfritt)"),
        hint=N_("Skriv bare det kjøkkenet må vite. Ikke skriv andre helseopplysninger, og aldri pasientopplysninger."),
        missing="",
        invalid=N_("Skriv svaret som vanlig tekst, uten tegnene < og >, og høyst 200 tegn."),
        required=False,
    ),
}


def validate_answers(question_ids: Iterable[str], fields: dict[str, Any]) -> dict[str, str]:
    """The answers to a course's questions, or InvalidInput with a message per question."""
    answers: dict[str, str] = {}
    errors: dict[str, str] = {}
    for question in (QUESTIONS[question_id] for question_id in question_ids):
        value = fields.get(question.id, "")
        if not isinstance(value, str):
            errors[question.id] = gettext(question.invalid)
            continue
        value = value.strip()
        if not value:
            if question.required:
                errors[question.id] = gettext(question.missing)
            continue
        valid = (
            value in question.options
            if question.options
            else (len(value) <= question.max_length and not any(c in value for c in "<>") and value.isprintable())
        )
        if valid:
            answers[question.id] = value
        else:
            errors[question.id] = gettext(question.invalid)
    if errors:
        raise InvalidInput(field_errors=errors)
    return answers
