"""Dates and times as Norwegians write them, in Oslo time on both sides of a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from common.formatting import date_nb, period_nb, time_nb
from courses.models import Course
from tests.support.samples import course


def test_a_date_in_norwegian() -> None:
    assert date_nb(datetime(2027, 2, 4, 9, 0, tzinfo=UTC)) == "4. februar 2027"
    assert date_nb(datetime(2027, 2, 4, 9, 0, tzinfo=UTC), weekday=True) == "torsdag 4. februar 2027"


def test_utc_times_are_shown_in_oslo_time_winter_and_summer() -> None:
    assert time_nb(datetime(2027, 1, 10, 8, 0, tzinfo=UTC)) == "09.00"
    assert time_nb(datetime(2027, 6, 10, 8, 0, tzinfo=UTC)) == "10.00"


def test_a_one_day_and_a_two_day_period() -> None:
    one = course(start=datetime(2027, 10, 14, 8, 30), end=datetime(2027, 10, 14, 15, 30))
    assert period_nb(one.start, one.end) == "torsdag 14. oktober 2027 kl. 08.30–15.30"
    two = course(start=datetime(2027, 3, 10, 9, 0), end=datetime(2027, 3, 11, 15, 30))
    assert period_nb(two.start, two.end) == "onsdag 10. mars 2027 kl. 09.00 – torsdag 11. mars 2027 kl. 15.30"


def test_content_times_are_oslo_wall_clock_and_a_bare_deadline_is_the_end_of_that_day() -> None:
    summer = course(start="2027-10-14 08:30", end="2027-10-14 15:30", registration_deadline="2027-09-30")
    assert summer.start == datetime(2027, 10, 14, 6, 30, tzinfo=UTC)
    assert summer.registration_deadline.astimezone(UTC) == datetime(2027, 9, 30, 21, 59, 59, tzinfo=UTC)
    winter = course(start="2027-11-04 08:30", end="2027-11-04 15:30", registration_deadline="2027-10-30")
    assert winter.start == datetime(2027, 11, 4, 7, 30, tzinfo=UTC)
    assert isinstance(summer, Course)


def test_weekdays_follow_the_networks_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from common import i18n

    monkeypatch.setattr(i18n, "site_language", lambda: "nn")
    monkeypatch.setattr("common.formatting.site_language", lambda: "nn")
    assert date_nb(datetime(2027, 2, 1, 9, 0, tzinfo=UTC), weekday=True) == "måndag 1. februar 2027"
    assert date_nb(datetime(2027, 2, 6, 9, 0, tzinfo=UTC), weekday=True) == "laurdag 6. februar 2027"
