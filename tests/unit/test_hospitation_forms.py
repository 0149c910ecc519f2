"""The hospitation forms: what a nurse, a nearest leader and a host may send, and the Norwegian message each mistake
gets, at its field, in the form's order."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from common.errors import InvalidInput
from common.site import municipality_areas
from hospitation.forms import (
    validate_consent,
    validate_decline,
    validate_evaluation,
    validate_host_answer,
    validate_request,
)
from hospitation.models import HospitationForm, WishedPeriod, configured_host_units

TODAY = date(2026, 11, 23)  # the fixed clock's day (tests.support.samples.NOW)


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def request_fields(**overrides: str) -> dict[str, str]:
    """A request as a browser sends it: a nurse in Lørenskog (Nedre Romerike) who wants to visit Ahus's palliative
    centre in one of two periods."""
    values = {
        "name": "Kari Nordmann",
        "email": "kari.nordmann@example.no",
        "phone": "912 34 567",
        "workplace": "Fjellhamar sykehjem",
        "municipality": "Lørenskog",
        "leader_name": "Lise Leder",
        "leader_email": "lise.leder@lorenskog.kommune.no",  # an employer domain: mailed at once
        "host_unit": "ahus-palliativt-senter",
        "period1_first": day(20),
        "period1_last": day(34),
        "period2_first": day(41),
        "period2_last": day(55),
        "goals": "Se hvordan teamet kartlegger smerter.\r\nVære med på en familiesamtale.",
        "consent": "ja",
    }
    return values | overrides


def valid(fields: dict[str, Any]) -> tuple[HospitationForm, tuple[WishedPeriod, ...]]:
    return validate_request(fields, municipality_areas(), configured_host_units(), TODAY)


def errors_for(fields: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InvalidInput) as refused:
        valid(fields)
    return refused.value.field_errors


# The request ----------------------------------------------------------------------------------------------------------


def test_a_complete_request_is_read_with_both_wished_periods() -> None:
    form, wishes = valid(request_fields(name="  Kari Nordmann "))
    assert (form.name, form.phone, form.host_unit, form.consent) == (
        "Kari Nordmann",
        "91234567",
        "ahus-palliativt-senter",
        True,
    )
    assert wishes == (
        WishedPeriod(first=TODAY + timedelta(days=20), last=TODAY + timedelta(days=34)),
        WishedPeriod(first=TODAY + timedelta(days=41), last=TODAY + timedelta(days=55)),
    )
    assert wishes[0].days == 15


def test_an_empty_request_names_every_required_field_at_once_in_the_forms_order() -> None:
    assert errors_for({}) == {
        "name": "Skriv inn navnet ditt.",
        "email": "Skriv inn e-postadressen din.",
        "phone": "Skriv inn mobilnummeret ditt.",
        "workplace": "Skriv inn arbeidsstedet ditt, for eksempel navnet på sykehjemmet eller avdelingen.",
        "municipality": "Velg kommunen eller bydelen du jobber i.",
        "leader_name": "Skriv inn navnet til nærmeste leder.",
        "leader_email": "Skriv inn e-postadressen til nærmeste leder.",
        "host_unit": "Velg stedet du vil hospitere.",
        "period1_first": "Skriv inn når den første perioden som passer for deg, begynner.",
        "period1_last": "Skriv inn når den første perioden som passer for deg, slutter.",
        "goals": "Skriv hva du vil lære når du hospiterer.",
        "consent": "Du må samtykke til at vi lagrer opplysningene før du kan sende søknaden.",
    }
    assert list(errors_for({})) == [
        "name",
        "email",
        "phone",
        "workplace",
        "municipality",
        "leader_name",
        "leader_email",
        "host_unit",
        "period1_first",
        "period1_last",
        "goals",
        "consent",
    ]


def test_every_wrong_value_gets_its_fields_message_in_the_forms_order() -> None:
    wrong = request_fields(
        consent="nei",
        goals="<b>Lære</b>",
        period1_first="i morgen",
        host_unit="finnes-ikke",
        municipality="Bergen",
        leader_email="lise@",
        leader_name="Lise <Leder>",
        workplace="Fjellhamar <sykehjem>",
        phone="123",
        email="kari@@example",
        name="<script>alert(1)</script>",
    )
    assert errors_for(wrong) == {
        "name": "Skriv navnet som vanlig tekst, uten tegnene < og >.",
        "email": "Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no.",
        "phone": (
            "Skriv inn et mobilnummer med 8 sifre, for eksempel 912 34 567, eller med landskode, for eksempel "
            "+46 70 123 45 67."
        ),
        "workplace": "Skriv arbeidsstedet som vanlig tekst, uten tegnene < og >.",
        "municipality": "Velg en kommune eller bydel fra listen.",
        "leader_name": "Skriv navnet som vanlig tekst, uten tegnene < og >.",
        "leader_email": "Skriv inn en gyldig e-postadresse til nærmeste leder, for eksempel leder@kommune.no.",
        "host_unit": "Velg et av stedene i listen.",
        "period1_first": "Skriv datoen som dd.mm.åååå, for eksempel 03.03.2027.",
        "goals": "Skriv læringsmålene som vanlig tekst, uten tegnene < og >.",
        "consent": "Du må samtykke til at vi lagrer opplysningene før du kan sende søknaden.",
    }


def test_an_unknown_municipality_or_host_unit_is_named_with_the_other_mistakes() -> None:
    assert errors_for(request_fields(municipality="Bergen", host_unit="finnes-ikke", name="")) == {
        "name": "Skriv inn navnet ditt.",
        "municipality": "Velg en kommune eller bydel fra listen.",
        "host_unit": "Velg et av stedene i listen.",
    }
    assert errors_for(request_fields(host_unit=" solstua-hospice x")) == {"host_unit": "Velg et av stedene i listen."}


def test_an_address_no_email_can_be_sent_to_is_refused() -> None:
    assert errors_for(request_fields(email="bjørn@example.no", leader_email="lise@bærum.kommune.no")) == {
        "email": "Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no.",
        "leader_email": "Skriv inn en gyldig e-postadresse til nærmeste leder, for eksempel leder@kommune.no.",
    }
    assert valid(request_fields(email="Kari.Nordmann@Example.NO"))[0].email == "Kari.Nordmann@example.no"


def test_too_long_text_says_how_long_it_may_be() -> None:
    assert errors_for(request_fields(goals="x" * 2001)) == {"goals": "Læringsmål kan ha høyst 2000 tegn."}


def test_markup_in_the_goals_is_refused_but_line_breaks_are_kept() -> None:
    form, _ = valid(request_fields(goals="  Første mål.\r\nAndre mål.\n\nTredje mål. "))
    assert form.goals == "Første mål.\nAndre mål.\n\nTredje mål."
    for markup in ("<script>x</script>", "a > b"):
        assert errors_for(request_fields(goals=markup)) == {
            "goals": "Skriv læringsmålene som vanlig tekst, uten tegnene < og >."
        }, markup
    for control in ("Mål\x00", "Mål\x1b[31m"):  # tests/unit/test_hidden_characters.py
        assert errors_for(request_fields(goals=control))["goals"].startswith("Teksten har et usynlig tegn"), control


# The wished periods ---------------------------------------------------------------------------------------------------


def test_the_first_wished_period_is_required_both_ends() -> None:
    assert errors_for(request_fields(period1_first="")) == {
        "period1_first": "Skriv inn når den første perioden som passer for deg, begynner."
    }
    assert errors_for(request_fields(period1_last=" ")) == {
        "period1_last": "Skriv inn når den første perioden som passer for deg, slutter."
    }
    assert set(errors_for(request_fields(period1_first="", period1_last=""))) == {"period1_first", "period1_last"}


def test_the_second_period_is_both_dates_or_none() -> None:
    half = "Skriv inn begge datoene for den andre perioden, eller la begge stå tomme."
    assert errors_for(request_fields(period2_last="")) == {"period2_last": half}
    assert errors_for(request_fields(period2_first="")) == {"period2_first": half}
    _, wishes = valid(request_fields(period2_first="", period2_last=""))
    assert [(w.first, w.last) for w in wishes] == [(TODAY + timedelta(days=20), TODAY + timedelta(days=34))]
    fields = request_fields()
    del fields["period2_first"], fields["period2_last"]
    assert len(valid(fields)[1]) == 1


@pytest.mark.parametrize(
    ("first", "last", "field", "message"),
    [
        pytest.param(0, 10, "period1_first", "Velg en dato fra i morgen og utover.", id="starts today"),
        pytest.param(-5, 10, "period1_first", "Velg en dato fra i morgen og utover.", id="in the past"),
        pytest.param(
            20, 19, "period1_last", "Til-datoen må være samme dag som eller etter fra-datoen.", id="last before first"
        ),
        pytest.param(
            20,
            20 + 92,
            "period1_last",
            "En ønsket periode kan være høyst tre måneder. Del den heller i to.",
            id="93 days",
        ),
        pytest.param(300, 367, "period1_last", "Velg en dato innen ett år fra i dag.", id="more than a year ahead"),
    ],
)
def test_a_wished_period_must_be_ahead_in_order_short_and_within_a_year(
    first: int, last: int, field: str, message: str
) -> None:
    assert errors_for(request_fields(period1_first=day(first), period1_last=day(last))) == {field: message}
    # the second period is held to the same rules
    second = field.replace("period1", "period2")
    assert errors_for(request_fields(period2_first=day(first), period2_last=day(last))) == {second: message}


def test_a_period_may_be_one_day_or_92_days_and_end_a_year_from_today() -> None:
    for first, last in ((1, 1), (20, 20 + 91), (300, 366)):
        _, wishes = valid(request_fields(period1_first=day(first), period1_last=day(last)))
        assert (wishes[0].first, wishes[0].last) == (TODAY + timedelta(days=first), TODAY + timedelta(days=last))
    assert valid(request_fields(period1_first=day(20), period1_last=day(111)))[1][0].days == 92


def test_dates_may_be_typed_as_dd_mm_yyyy() -> None:
    _, wishes = valid(request_fields(period1_first="03.03.2027", period1_last=" 14.3.2027 "))
    assert (wishes[0].first, wishes[0].last) == (date(2027, 3, 3), date(2027, 3, 14))


@pytest.mark.parametrize(
    "typed",
    ["31.02.2027", "2027-02-30", "03.03.27", "03/03/2027", "i morgen", "01.01.99999999999999999999", "1.1.٢٠٢٧", "0"],
)
def test_a_date_that_cannot_be_read_says_how_to_write_it(typed: str) -> None:
    assert errors_for(request_fields(period1_first=typed)) == {
        "period1_first": "Skriv datoen som dd.mm.åååå, for eksempel 03.03.2027."
    }


def test_json_values_of_the_wrong_type_are_messages_not_crashes() -> None:
    errors = errors_for(request_fields() | {"name": {"first": "Kari"}, "period1_last": [1], "goals": 7})
    assert list(errors) == ["name", "period1_last", "goals"]


# The nearest leader's consent -----------------------------------------------------------------------------------------


def test_consent_is_yes_or_no_and_a_no_needs_a_reason() -> None:
    assert validate_consent({"decision": "ja"}).decision == "ja"
    no = validate_consent({"decision": "nei", "reason": " Turnusen er full i mars.\r\nSøk igjen i mai. "})
    assert (no.decision, no.reason) == ("nei", "Turnusen er full i mars.\nSøk igjen i mai.")
    with pytest.raises(InvalidInput) as refused:
        validate_consent({"decision": "nei", "reason": "  "})
    assert refused.value.field_errors == {"reason": "Skriv en kort begrunnelse, så forstår sykepleieren hvorfor."}
    for answer in ({}, {"decision": "kanskje"}, {"decision": ""}):
        with pytest.raises(InvalidInput) as refused:
            validate_consent(answer)
        assert refused.value.field_errors == {"decision": "Velg ja eller nei."}
    with pytest.raises(InvalidInput) as refused:
        validate_consent({"decision": "nei", "reason": "<a href=x>her</a>"})
    assert refused.value.field_errors == {"reason": "Skriv begrunnelsen som vanlig tekst, uten tegnene < og >."}


def test_a_hosts_no_needs_a_reason() -> None:
    assert validate_decline({"reason": "Fullt i vår."}).reason == "Fullt i vår."
    with pytest.raises(InvalidInput) as refused:
        validate_decline({"reason": ""})
    assert refused.value.field_errors == {"reason": "Skriv en kort begrunnelse, så forstår sykepleieren hvorfor."}


# The host's dates -----------------------------------------------------------------------------------------------------


def host_errors(fields: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InvalidInput) as refused:
        validate_host_answer(fields, TODAY)
    return refused.value.field_errors


def test_the_hosts_dates_and_time_are_read_and_08_00_becomes_08_00() -> None:
    answer = validate_host_answer(
        {
            "first_day": day(20),
            "last_day": day(21),
            "meeting_time": "08.00",
            "message": "Møt i resepsjonen.\r\nVelkommen!",
        },
        TODAY,
    )
    assert (answer.first_day, answer.last_day, answer.meeting_time, answer.message) == (
        TODAY + timedelta(days=20),
        TODAY + timedelta(days=21),
        "08:00",
        "Møt i resepsjonen.\nVelkommen!",
    )
    assert validate_host_answer({"first_day": day(0), "last_day": day(4), "meeting_time": "23:59"}, TODAY).last_day == (
        TODAY + timedelta(days=4)
    ), "today, and five days, are allowed"


def test_the_hosts_missing_values_are_named_together() -> None:
    assert host_errors({}) == {
        "first_day": "Skriv inn første dag.",
        "last_day": "Skriv inn siste dag.",
        "meeting_time": "Skriv inn når sykepleieren skal møte første dag.",
    }
    assert host_errors({"first_day": day(1), "last_day": day(1), "meeting_time": ""}) == {
        "meeting_time": "Skriv inn når sykepleieren skal møte første dag."
    }, "an empty time, as a browser sends it, is missing, not badly written"
    assert host_errors({"first_day": day(367), "last_day": day(368), "meeting_time": "08:00"}) == {
        "first_day": "Velg en dato innen ett år fra i dag."
    }, "dates move at most a year ahead, so the links outlive the request"


def test_a_badly_written_value_is_named_with_the_missing_ones() -> None:
    assert host_errors({"meeting_time": "8", "last_day": day(3)}) == {
        "first_day": "Skriv inn første dag.",
        "meeting_time": "Skriv klokkeslettet som TT:MM, for eksempel 08:00.",
    }
    assert host_errors({"first_day": "i morgen", "last_day": day(3), "meeting_time": "24:00"}) == {
        "first_day": "Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2027-03-03.",
        "meeting_time": "Skriv klokkeslettet som TT:MM, for eksempel 08:00.",
    }


@pytest.mark.parametrize(
    ("first", "last", "field", "message"),
    [
        pytest.param(-1, 1, "first_day", "Velg en dag fra i dag og utover.", id="past"),
        pytest.param(5, 4, "last_day", "Til-datoen må være samme dag som eller etter fra-datoen.", id="before first"),
        pytest.param(
            5,
            10,
            "last_day",
            "En hospitering varer fra én til fem dager. Velg en siste dag nærmere den første.",
            id="six days",
        ),
    ],
)
def test_the_stay_is_from_today_in_order_and_at_most_five_days(first: int, last: int, field: str, message: str) -> None:
    assert host_errors({"first_day": day(first), "last_day": day(last), "meeting_time": "08:00"}) == {field: message}


# The evaluation -------------------------------------------------------------------------------------------------------


def test_the_evaluation_needs_what_was_learned_and_a_recommendation() -> None:
    answer = validate_evaluation({"learned": "Mye om smertekartlegging.\r\nOg samtaler.", "recommend": "ja"})
    assert (answer.learned, answer.recommend, answer.change) == ("Mye om smertekartlegging.\nOg samtaler.", "ja", "")
    with pytest.raises(InvalidInput) as refused:
        validate_evaluation({})
    assert refused.value.field_errors == {
        "learned": "Skriv kort hva du lærte.",
        "recommend": "Velg ja, nei eller usikker.",
    }
    with pytest.raises(InvalidInput) as refused:
        validate_evaluation({"learned": "<i>x</i>", "recommend": "kanskje", "change": "y" * 2001})
    assert refused.value.field_errors == {
        "learned": "Skriv svaret som vanlig tekst, uten tegnene < og >.",
        "recommend": "Velg ja, nei eller usikker.",
        "change": "Hva bør vi gjøre annerledes? kan ha høyst 2000 tegn.",
    }


@pytest.mark.parametrize("leader_email", ["kari.nordmann@example.no", "  Kari.Nordmann@EXAMPLE.no "])
def test_the_leaders_address_may_not_be_the_nurses_own(leader_email: str) -> None:
    """The consent link goes to the leader's address: the nurse's own would let her consent for herself."""
    errors = errors_for(request_fields(leader_email=leader_email))
    assert errors == {
        "leader_email": "Skriv inn e-postadressen til nærmeste leder. Den kan ikke være den samme som din egen."
    }
