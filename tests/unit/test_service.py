"""The sign-up rules, on a fake repository and a fixed clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from common.errors import (
    AlreadyRegistered,
    CancellationClosed,
    CourseNotFound,
    RegistrationClosed,
    RegistrationNotFound,
)
from courses.models import RegistrationForm
from courses.service import availability, cancel, find_registration, sign_up
from tests.support.samples import NOW, course, form
from tests.unit.fakes import FakeCourseRepository


def registration_form(**overrides: str) -> RegistrationForm:
    return RegistrationForm.model_validate(form(**overrides))


def test_a_person_gets_a_confirmed_seat_kept_until_a_year_after_the_course() -> None:
    # Given an open course
    repo = FakeCourseRepository(course("grunnkurs"))
    # When Kari signs up
    receipt = sign_up("grunnkurs", registration_form(), "nedre-romerike", repo, clock=lambda: NOW)
    registration = receipt.registration
    # Then she has a confirmed seat, stored with her area and an expiry one year after the course ends
    assert registration.status == "confirmed"
    assert repo.registrations == [registration]
    assert registration.area == "nedre-romerike"
    assert registration.created_at == NOW
    expected_expiry = (course("grunnkurs").end.replace(year=course("grunnkurs").end.year + 1)).timestamp()
    assert registration.expires_at == int(expected_expiry)


def test_retention_comes_from_the_setting() -> None:
    repo = FakeCourseRepository(course("grunnkurs"))
    registration = sign_up(
        "grunnkurs", registration_form(), "oslo", repo, clock=lambda: NOW, retention_months=3
    ).registration
    assert registration.expires_at < int((course("grunnkurs").end + timedelta(days=95)).timestamp())
    assert registration.expires_at > int((course("grunnkurs").end + timedelta(days=85)).timestamp())


def test_an_unknown_course_is_refused() -> None:
    with pytest.raises(CourseNotFound):
        sign_up("finnes-ikke", registration_form(), "oslo", FakeCourseRepository(), clock=lambda: NOW)


def test_registration_closes_after_the_deadline() -> None:
    repo = FakeCourseRepository(course("grunnkurs"))
    deadline = course("grunnkurs").registration_deadline
    sign_up("grunnkurs", registration_form(), "oslo", repo, clock=lambda: deadline)
    with pytest.raises(RegistrationClosed):
        sign_up(
            "grunnkurs",
            registration_form(email="ola@example.no"),
            "oslo",
            repo,
            clock=lambda: deadline + timedelta(seconds=1),
        )
    assert len(repo.registrations) == 1


def test_a_course_that_has_started_is_closed_even_without_a_deadline_passed() -> None:
    started = course("fagdag", registration_deadline=NOW + timedelta(days=60))
    repo = FakeCourseRepository(started)
    with pytest.raises(RegistrationClosed):
        sign_up("fagdag", registration_form(), "oslo", repo, clock=lambda: started.start + timedelta(minutes=1))


def test_a_full_course_puts_the_next_ones_on_a_first_in_first_out_waiting_list() -> None:
    repo = FakeCourseRepository(course("lite-kurs", capacity=1))
    first = sign_up("lite-kurs", registration_form(), "oslo", repo, clock=lambda: NOW).registration
    second = sign_up("lite-kurs", registration_form(email="ola@example.no"), "oslo", repo, clock=lambda: NOW)
    third = sign_up("lite-kurs", registration_form(email="per@example.no"), "oslo", repo, clock=lambda: NOW)
    assert (first.status, first.position) == ("confirmed", None)
    assert (second.registration.status, second.registration.position) == ("waitlisted", 1)
    assert third.registration.position == 2


def test_the_secret_link_finds_the_registration_and_only_its_hash_is_stored() -> None:
    repo = FakeCourseRepository(course("grunnkurs"))
    receipt = sign_up("grunnkurs", registration_form(), "oslo", repo, clock=lambda: NOW)
    assert receipt.url == f"/api/pameldinger/{receipt.token}"
    assert receipt.token not in receipt.registration.model_dump_json()
    found_course, found = find_registration(receipt.token, repo)
    assert (found_course.id, found.id) == ("grunnkurs", receipt.registration.id)
    for forged in ("", receipt.token[:-1] + "x", "x" * 200):
        with pytest.raises(RegistrationNotFound):
            find_registration(forged, repo)


def test_the_same_email_gets_one_seat_whatever_its_case() -> None:
    repo = FakeCourseRepository(course("grunnkurs"))
    sign_up("grunnkurs", registration_form(), "oslo", repo, clock=lambda: NOW)
    with pytest.raises(AlreadyRegistered):
        sign_up("grunnkurs", registration_form(email="KARI.Nordmann@Example.no"), "oslo", repo, clock=lambda: NOW)
    assert len(repo.registrations) == 1


def test_availability_counts_the_seats_left_and_says_whether_sign_up_is_open() -> None:
    repo = FakeCourseRepository(course("grunnkurs", capacity=3))
    sign_up("grunnkurs", registration_form(), "oslo", repo, clock=lambda: NOW)
    seats = availability("grunnkurs", repo, clock=lambda: NOW)
    assert (seats.capacity, seats.confirmed, seats.available, seats.open) == (3, 1, 2, True)
    late = course("grunnkurs").registration_deadline + timedelta(seconds=1)
    assert availability("grunnkurs", repo, clock=lambda: late).open is False
    with pytest.raises(CourseNotFound):
        availability("finnes-ikke", repo, clock=lambda: NOW)


def test_cancelling_a_seat_gives_it_to_the_first_in_line_and_the_line_moves() -> None:
    repo = FakeCourseRepository(course("lite-kurs", capacity=1))
    seat = sign_up("lite-kurs", registration_form(), "oslo", repo, clock=lambda: NOW)
    first = sign_up("lite-kurs", registration_form(email="ola@example.no"), "oslo", repo, clock=lambda: NOW)
    second = sign_up("lite-kurs", registration_form(email="per@example.no"), "oslo", repo, clock=lambda: NOW)
    assert repo.place_in_line(second.registration) == 2
    promoted = cancel(seat.token, repo, clock=lambda: NOW)
    assert promoted is not None and promoted.id == first.registration.id and promoted.confirmed
    _, still_waiting = find_registration(second.token, repo)
    assert repo.place_in_line(still_waiting) == 1
    assert cancel(seat.token, repo, clock=lambda: NOW) is None, "twice is harmless"
    again = sign_up("lite-kurs", registration_form(), "oslo", repo, clock=lambda: NOW)
    assert (again.registration.status, again.registration.position) == ("waitlisted", 3), "a new one joins the end"


def test_cancelling_is_closed_after_the_courses_cancellation_deadline() -> None:
    strict = course("fagdag", cancellation_deadline=NOW + timedelta(days=1))
    repo = FakeCourseRepository(strict)
    receipt = sign_up("fagdag", registration_form(), "oslo", repo, clock=lambda: NOW)
    with pytest.raises(CancellationClosed):
        cancel(receipt.token, repo, clock=lambda: NOW + timedelta(days=2))
    assert repo.registrations[0].confirmed
