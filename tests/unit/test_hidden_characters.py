"""Names and free texts refuse the characters a person cannot see: control (Cc), format (Cf: the bidirectional
overrides, zero-width spaces, the byte order mark), line and paragraph separators (Zl, Zp). A multi-line text keeps
its line breaks and tabs. One message, at the field, a 422."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from common.access import Leader
from common.characters import has_hidden_character
from common.errors import InvalidInput
from common.site import municipality_areas

MESSAGE = "Teksten har et usynlig tegn eller et kontrolltegn, kanskje fra en kopiert tekst. Skriv den inn på nytt."
HIDDEN = [
    "\u202e",  # right-to-left override: "Kari\u202eon.live" reads "Karievil.no"
    "\u2066",  # left-to-right isolate
    "\u200b",  # zero-width space
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",  # next line (C1)
]
TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("char", HIDDEN)
def test_each_hidden_character_is_found_in_one_line_and_in_several(char: str) -> None:
    assert has_hidden_character(f"Kari{char}Nordmann")
    assert has_hidden_character(f"Første linje\n{char}andre", multiline=True)


@pytest.mark.parametrize("text", ["Kari Nordmann", "Zoë Ødegård-Åsen", "Nguyễn Văn An", "Kari\u00a0Nord", "O'Brien"])
def test_names_people_have_pass(text: str) -> None:
    assert not has_hidden_character(text)


def test_a_multi_line_text_keeps_its_breaks_tabs_and_emoji() -> None:
    text = "Linje én\r\nLinje to\n\tinnrykk 👩\u200d⚕️"
    assert has_hidden_character(text)
    assert not has_hidden_character(text, multiline=True)


def refused(validate: Any, fields: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        validate(fields)
    assert caught.value.status == 422
    return caught.value.field_errors


@pytest.mark.parametrize("char", ["\u202e", "\u2028", "\x1b"])
def test_every_form_refuses_them_in_names_and_free_text_with_one_message(char: str) -> None:
    from attendance.forms import validate_absence
    from courses.forms import validate_registration
    from evaluations.forms import validate_evaluation
    from hospitation.forms import validate_request
    from hospitation.models import configured_host_units
    from roster.forms import validate_change_report
    from roster.models import configured_units
    from tests.support import roster
    from tests.support.samples import form
    from tests.unit.test_hospitation_forms import TODAY as HOSPITATION_TODAY
    from tests.unit.test_hospitation_forms import request_fields

    def sign_up(fields: dict[str, Any]) -> Any:
        return validate_registration(fields, [], municipality_areas())

    def hospitation(fields: dict[str, Any]) -> Any:
        return validate_request(fields, municipality_areas(), configured_host_units(), HOSPITATION_TODAY)

    def report(fields: dict[str, Any]) -> Any:
        return validate_change_report(fields, configured_units(), TODAY)

    name = f"Kari{char}Nordmann"
    assert refused(sign_up, form(name=name, leader_name=name)) == {"name": MESSAGE, "leader_name": MESSAGE}
    both = {"name": MESSAGE, "goals": MESSAGE}
    assert refused(hospitation, request_fields(name=name, goals=f"Lære{char}mer")) == both
    absence = {"name": name, "email": "kari@example.no", "reason": f"Syk{char}i dag"}
    assert refused(validate_absence, absence) == {"name": MESSAGE, "reason": MESSAGE}
    evaluation = {"overall": "5", "useful": "5", "practical": "5", "recommend": "ja", "best": f"Alt{char}bra"}
    assert refused(validate_evaluation, evaluation) == {"best": MESSAGE}
    fields = roster.report_fields("new", reporter_name=name, comment=f"Hei{char}der")
    assert refused(report, fields) == {"reporter_name": MESSAGE, "comment": MESSAGE}


def test_the_course_editor_refuses_them_in_its_texts_but_keeps_a_descriptions_lines() -> None:
    from courses.course_form import read_course
    from tests.unit.test_course_editor import AREAS, form

    leader = Leader("nina@example.no", "Nina", "nettverksleder", None, None, "s1", 0)
    fields = form(title="Møte\u202e", place="Sal\u200b2", description="## Program\n\n- Kaffe\u2029og kake")
    errors = refused(lambda f: read_course(f, leader, AREAS, TODAY), fields)
    assert errors == {"title": MESSAGE, "place": MESSAGE, "description": MESSAGE}
    _course, description = read_course(form(description="## Program\r\n\r\n\t- Kaffe"), leader, AREAS, TODAY)
    assert description == "## Program\n\n\t- Kaffe"
