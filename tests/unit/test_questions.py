"""A course's own questions: declared in content, validated with a message each, stored with the registration."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from common.errors import InvalidInput
from common.site import municipality_areas
from courses.forms import validate_registration
from courses.questions import validate_answers
from tests.support.samples import course, form


def test_a_course_lists_its_questions_in_content_as_words_separated_by_commas() -> None:
    assert course(questions="workplace_type, diet").questions == ("workplace_type", "diet")
    assert course().questions == ()
    with pytest.raises(ValidationError, match="unknown questions"):
        course(questions="workplace_type, shoe_size")


def test_answers_are_kept_when_valid_and_an_optional_one_may_be_empty() -> None:
    assert validate_answers(["workplace_type", "diet"], {"workplace_type": "helsehus", "diet": " Glutenfri "}) == {
        "workplace_type": "helsehus",
        "diet": "Glutenfri",
    }
    assert validate_answers(["workplace_type", "diet"], {"workplace_type": "sykehus", "diet": ""}) == {
        "workplace_type": "sykehus"
    }


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({}, "workplace_type", "Velg hva slags arbeidssted du har."),
        ({"workplace_type": "slott"}, "workplace_type", "Velg en type arbeidssted fra listen."),
        ({"workplace_type": ["sykehus"]}, "workplace_type", "Velg en type arbeidssted fra listen."),
        ({"workplace_type": "annet", "diet": "x" * 201}, "diet", "Skriv svaret som vanlig tekst"),
        ({"workplace_type": "annet", "diet": "<b>nøtter</b>"}, "diet", "Skriv svaret som vanlig tekst"),
    ],
)
def test_each_wrong_answer_gets_its_message(answers: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_answers(["workplace_type", "diet"], answers)
    assert list(caught.value.field_errors) == [field]
    assert caught.value.field_errors[field].startswith(message)


def test_form_and_question_errors_come_together_in_the_forms_order() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_registration(form(name="", consent=""), ["workplace_type"], municipality_areas())
    assert list(caught.value.field_errors) == ["name", "workplace_type", "consent"]
