"""What a person may type in, and the Norwegian message each mistake gets."""

from __future__ import annotations

from typing import Any

import pytest

from common.errors import InvalidInput
from common.site import municipality_areas
from common.validation import validate
from courses.models import FORM_TEXTS, RegistrationForm
from tests.support.samples import form


def errors_for(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        validate(RegistrationForm, data, FORM_TEXTS, context={"municipalities": municipality_areas()})
    return caught.value.field_errors


def test_a_complete_form_is_valid_and_trimmed() -> None:
    data = form(name="  Kari Nordmann ", phone="+47 912 34 567")
    result = validate(RegistrationForm, data, FORM_TEXTS, context={"municipalities": municipality_areas()})
    assert result.name == "Kari Nordmann"
    assert result.phone == "+4791234567"
    assert result.consent is True


def test_an_empty_form_names_every_field_in_the_forms_order() -> None:
    errors = errors_for({})
    assert list(errors) == [name for name in FORM_TEXTS if name != "bring_leader"], "the box is optional"
    assert errors["name"] == "Skriv inn navnet ditt."
    assert errors["consent"].startswith("Du må samtykke")


def test_blank_values_count_as_missing() -> None:
    assert errors_for(form(name="   "))["name"] == "Skriv inn navnet ditt."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "x" * 10_000, "Navn kan ha høyst 120 tegn."),
        ("name", "<script>alert(1)</script>", "Skriv navnet som vanlig tekst, uten tegnene < og >."),
        (
            "name",
            "Kari\x00Nordmann",
            "Teksten har et usynlig tegn eller et kontrolltegn, kanskje fra en kopiert tekst. Skriv den inn på nytt.",
        ),
        ("email", "kari@", "Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no."),
        ("email", "kari nordmann@example.no", "Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no."),
        # valid, but SES sends to ASCII addresses only: the confirmation and its link would never arrive
        ("email", "kåre@example.no", "Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no."),
        ("leader_email", "lise@bærum.kommune.no", FORM_TEXTS["leader_email"].invalid),
        ("phone", "1234", FORM_TEXTS["phone"].invalid),
        ("phone", "tlf 91234567", FORM_TEXTS["phone"].invalid),
        ("municipality", "Bergen", "Velg en kommune eller bydel fra listen."),
        ("role", "sjef", "Velg en av rollene i listen."),
        ("leader_email", "leder", FORM_TEXTS["leader_email"].invalid),
        ("consent", "nei", FORM_TEXTS["consent"].missing),
    ],
)
def test_each_mistake_gets_its_own_message(field: str, value: str, message: str) -> None:
    assert errors_for(form(**{field: value})) == {field: message}


def test_json_values_of_the_wrong_type_are_refused_not_coerced() -> None:
    errors = errors_for(form() | {"name": 123, "consent": True, "role": ["leder"]})
    assert set(errors) == {"name", "role"}


def test_unknown_fields_are_ignored() -> None:
    data = form() | {"is_admin": "true", "status": "confirmed"}
    result = validate(RegistrationForm, data, FORM_TEXTS, context={"municipalities": municipality_areas()})
    assert not hasattr(result, "is_admin")


@pytest.mark.parametrize("bring_leader", ["", "ja"])
def test_the_nearest_leaders_address_may_not_be_the_persons_own(bring_leader: str) -> None:
    from courses.forms import validate_registration

    fields = form(email="Kari.Nordmann@example.no", leader_email=" kari.nordmann@EXAMPLE.no", bring_leader=bring_leader)
    with pytest.raises(InvalidInput) as caught:
        validate_registration(fields, [], municipality_areas())
    message = caught.value.field_errors["leader_email"]
    assert list(caught.value.field_errors) == ["leader_email"]
    assert ("egen bekreftelse" in message) if bring_leader else message.endswith("samme som din egen.")
