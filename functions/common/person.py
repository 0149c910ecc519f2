"""The fields every form about a person shares: their types (a name as plain text, an email that can be sent to, a
mobile number, a date typed either way, a checkbox) and what the person is told about each. Courses, hospitation,
the roster, attendance and evaluations build their forms from these."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, EmailStr
from pydantic_core import PydanticCustomError

from common.characters import has_hidden_character
from common.i18n import N_
from common.validation import FieldText

NO_PATIENT_DATA = N_("Ikke skriv pasientopplysninger eller noe som kan kjenne igjen en pasient eller pårørende.")


def no_hidden_character(value: str, multiline: bool = False) -> str:
    """Refused with its own message (common.validation: HIDDEN_CHARACTER), not the field's."""
    if has_hidden_character(value, multiline):
        raise PydanticCustomError("hidden_character", "a control, format or separator character")
    return value


def no_markup(value: str) -> str:
    if any(char in value for char in "<>"):
        raise ValueError("markup")
    return no_hidden_character(value)


def phone_number(value: str) -> str:
    """Eight digits, or + and a country code; spaces go."""
    digits = value.replace(" ", "")
    if digits.startswith("+"):
        ok = digits[1:].isdigit() and 8 <= len(digits) - 1 <= 15
    else:
        ok = digits.isdigit() and len(digits) == 8
    if not ok:
        raise ValueError("phone")
    return digits


def checked(value: object) -> object:
    """A checkbox sends 'ja' (or JSON true); anything else is not consent."""
    return value in ("ja", "true", "on", True)


def must_be_true(value: bool) -> bool:
    if not value:
        raise ValueError("consent")
    return value


def _sendable(value: str) -> str:
    """An address with æ, ø or å (or any letter outside ASCII) is valid, but no email can be sent to it (SES takes
    ASCII addresses only): refused here, so that nobody waits for a link that never comes."""
    if not value.isascii():
        raise ValueError("email")
    return value


def _long_text(value: str) -> str:
    """Free text may have line breaks and tabs, but no markup or other hidden characters."""
    if any(char in value for char in "<>"):
        raise ValueError("markup")
    return no_hidden_character(value, multiline=True).replace("\r\n", "\n").strip()


def _day(value: object) -> object:
    """A date input sends YYYY-MM-DD; a browser without one may get 31.01.2027 typed in."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        parts = text.split(".")
        if len(parts) == 3 and all(part.isascii() and part.isdigit() for part in parts):
            day, month, year = parts
            if len(day) <= 2 and len(month) <= 2 and len(year) == 4:  # a longer number overflows date()
                return date(int(year), int(month), int(day))  # ValueError (31.02.2027): the field's message
        if text.isdigit():  # not seconds since 1970, as pydantic would read it
            raise ValueError("date")
        return text
    return value


PlainText = Annotated[str, AfterValidator(no_markup)]
LongText = Annotated[str, AfterValidator(_long_text)]
Email = Annotated[EmailStr, AfterValidator(_sendable)]
Phone = Annotated[str, AfterValidator(phone_number)]
Day = Annotated[date | None, BeforeValidator(_day)]
Checkbox = Annotated[bool, BeforeValidator(checked)]
Consent = Annotated[bool, BeforeValidator(checked), AfterValidator(must_be_true)]

# An evaluation's "would you recommend it to others?", of a course or of a hospitation
Recommend = Literal["ja", "nei", "usikker"]
RECOMMEND_LABELS: dict[str, str] = {"ja": N_("Ja"), "nei": N_("Nei"), "usikker": N_("Usikker")}

# The nearest leader gets emails of their own (a consent to give, a confirmation): never the person's own address.
LEADER_IS_SELF = N_("Skriv inn e-postadressen til nærmeste leder. Den kan ikke være den samme som din egen.")


def same_address(first: object, second: object) -> bool:
    """Two email addresses that reach the same inbox as far as we can tell: case and surrounding spaces aside."""
    return str(first).strip().casefold() == str(second).strip().casefold()


PLAIN_NAME = N_("Skriv navnet som vanlig tekst, uten tegnene < og >.")
# The fields about a person and their nearest leader, as the sign-up and the hospitation forms ask them.
PERSON_TEXTS: dict[str, FieldText] = {
    "name": FieldText(N_("Navn"), N_("Skriv inn navnet ditt."), PLAIN_NAME),
    "email": FieldText(
        N_("E-post"),
        N_("Skriv inn e-postadressen din."),
        N_("Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no."),
    ),
    "phone": FieldText(
        N_("Mobilnummer"),
        N_("Skriv inn mobilnummeret ditt."),
        N_(
            "Skriv inn et mobilnummer med 8 sifre, for eksempel 912 34 567, "
            "eller med landskode, for eksempel +46 70 123 45 67."
        ),
    ),
    "workplace": FieldText(
        N_("Arbeidssted"),
        N_("Skriv inn arbeidsstedet ditt, for eksempel navnet på sykehjemmet eller avdelingen."),
        N_("Skriv arbeidsstedet som vanlig tekst, uten tegnene < og >."),
    ),
    "municipality": FieldText(
        N_("Kommune eller bydel"),
        N_("Velg kommunen eller bydelen du jobber i."),
        N_("Velg en kommune eller bydel fra listen."),
    ),
}
LEADER_TEXTS: dict[str, FieldText] = {
    "leader_name": FieldText(N_("Nærmeste leders navn"), N_("Skriv inn navnet til nærmeste leder."), PLAIN_NAME),
    "leader_email": FieldText(
        N_("Nærmeste leders e-post"),
        N_("Skriv inn e-postadressen til nærmeste leder."),
        N_("Skriv inn en gyldig e-postadresse til nærmeste leder, for eksempel leder@kommune.no."),
    ),
}
