"""The public forms' guards: a honeypot field, and a signed start that must be at least MIN_SECONDS and at most
MAX_AGE old when the form is sent (common/form_guard.py)."""

from __future__ import annotations

import pytest

from common.errors import FormRefused, LookAgain
from common.form_guard import MAX_AGE, MIN_SECONDS, check_form, new_stamp, stamp_time

NOW = 1_800_000_000.0


def test_a_stamp_tells_when_it_was_made() -> None:
    assert stamp_time(new_stamp(NOW)) == NOW


@pytest.mark.parametrize(
    "stamp",
    [
        None,
        "",
        "1800000000000",
        "1800000000000.",
        "1800000000000.00000000000000000000000000000000",
        "abc.def",
        "-1800000000000.x",
        "1800000000000.æøå",
        "1" * 100,
        ["1800000000000.x"],
    ],
)
def test_a_stamp_that_is_none_of_ours_tells_nothing(stamp: object) -> None:
    assert stamp_time(stamp) is None


def test_a_stamp_with_another_time_is_forged() -> None:
    issued, _, signature = new_stamp(NOW).partition(".")
    assert stamp_time(f"{int(issued) - 60_000}.{signature}") is None


def test_a_stamp_made_with_another_key_is_forged(monkeypatch: pytest.MonkeyPatch) -> None:
    from common.settings import settings

    monkeypatch.setenv("FORM_SECRET", "another-key-of-the-right-length")
    settings.cache_clear()
    try:
        other = new_stamp(NOW)
    finally:
        monkeypatch.delenv("FORM_SECRET")
        settings.cache_clear()
    assert stamp_time(other) is None


def test_a_form_filled_in_over_some_seconds_passes() -> None:
    for age in (MIN_SECONDS, 60, MAX_AGE):
        check_form({"form_started": new_stamp(NOW - age), "website": ""}, at=NOW)
    check_form({"form_started": new_stamp(NOW - 10)}, at=NOW)  # a script that leaves the honeypot out


@pytest.mark.parametrize("age", [0, 1, MIN_SECONDS - 0.01, -5, MAX_AGE + 1])
def test_a_form_sent_too_soon_or_too_late_is_looked_at_again(age: float) -> None:
    with pytest.raises(LookAgain) as refused:
        check_form({"form_started": new_stamp(NOW - age)}, at=NOW)
    assert refused.value.status == 422
    assert refused.value.message == "Se over skjemaet og send det på nytt."
    assert refused.value.field_errors == {}


def test_a_form_without_a_start_is_looked_at_again() -> None:
    with pytest.raises(LookAgain):
        check_form({"name": "Kari"}, at=NOW)


def test_a_button_behind_a_secret_link_may_be_pressed_at_once_but_needs_a_start() -> None:
    check_form({"form_started": new_stamp(NOW)}, at=NOW, min_seconds=0)
    with pytest.raises(LookAgain):
        check_form({}, at=NOW, min_seconds=0)


@pytest.mark.parametrize("trap", ["http://spam.example", " x ", 1, True])
def test_a_filled_in_honeypot_is_refused_whatever_the_start(trap: object) -> None:
    with pytest.raises(FormRefused) as refused:
        check_form({"website": trap, "form_started": new_stamp(NOW - 60)}, at=NOW)
    assert refused.value.status == 400
    assert "Vi kunne ikke ta imot skjemaet" in refused.value.message


def test_a_honeypot_of_spaces_or_nothing_is_empty() -> None:
    for empty in ("", "   ", None):
        check_form({"website": empty, "form_started": new_stamp(NOW - 60)}, at=NOW)
