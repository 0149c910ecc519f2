"""The change report form's rules: each kind's own fields, every mistake named at once, the date's window."""

from __future__ import annotations

from datetime import date

import pytest

from common.errors import InvalidInput
from roster.forms import validate_change_report
from roster.models import configured_units
from tests.support.roster import report_fields

TODAY = date(2026, 11, 24)


def errors_of(fields: dict[str, str]) -> dict[str, str]:
    with pytest.raises(InvalidInput) as refused:
        validate_change_report(fields, configured_units(), TODAY)
    return refused.value.field_errors


def test_every_mistake_is_named_at_once_even_when_one_field_cannot_be_read() -> None:
    fields = report_fields(reporter_email="feil", effective_date="", informed="", new_name="")

    assert list(errors_of(fields)) == ["reporter_email", "effective_date", "new_name", "informed"]


@pytest.mark.parametrize(
    ("kind", "required"),
    [
        ("new", ["new_name", "new_email", "new_education"]),
        ("leaving", ["leaving_name"]),
        ("replacement", ["new_name", "new_email", "new_education", "leaving_name"]),
        ("contact", ["contact_name", "contact_new_name"]),
    ],
)
def test_each_kind_needs_its_own_fields_and_no_others(kind: str, required: list[str]) -> None:
    bare = {name: value for name, value in report_fields(kind).items() if name in report_fields("leaving")}
    bare |= {"kind": kind, "leaving_name": "", "new_email": "ikke en adresse"}

    assert sorted(errors_of(bare)) == sorted(required)


def test_the_fields_of_other_kinds_are_dropped_whatever_is_in_them() -> None:
    form = validate_change_report(
        report_fields("leaving", new_email="<script>", new_name="Nora"), configured_units(), TODAY
    )

    assert (form.new_email, form.new_name, form.leaving_name) == ("", "", "Gunn Gammel")


@pytest.mark.parametrize(
    ("day", "message"),
    [("2025-11-01", "ett år tilbake"), ("2027-12-01", "innen ett år"), ("31.02.2027", "dd.mm.åååå")],
)
def test_the_effective_date_is_within_a_year_either_way(day: str, message: str) -> None:
    assert message in errors_of(report_fields(effective_date=day))["effective_date"]
