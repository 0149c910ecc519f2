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
    assert repo.stored == [registration]
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
    assert len(repo.stored) == 1


def test_a_course_that_has_started_is_closed_even_without_a_deadline_passed() -> None:
    started = course("fagdag", registration_deadline=NOW + timedelta(days=60))
    repo = FakeCourseRepository(started)
    with pytest.raises(RegistrationClosed):
        sign_up(
            "fagdag",
            registration_form(),
            "oslo",
            repo,
            clock=lambda: started.start + timedelta(minutes=1),
        )


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
    other_last = "y" if receipt.token.endswith("x") else "x"  # one character off, whatever the token ends with
    for forged in ("", receipt.token[:-1] + other_last, "x" * 200):
        with pytest.raises(RegistrationNotFound):
            find_registration(forged, repo)


def test_the_same_email_gets_one_seat_whatever_its_case() -> None:
    repo = FakeCourseRepository(course("grunnkurs"))
    sign_up("grunnkurs", registration_form(), "oslo", repo, clock=lambda: NOW)
    with pytest.raises(AlreadyRegistered):
        sign_up(
            "grunnkurs",
            registration_form(email="KARI.Nordmann@Example.no"),
            "oslo",
            repo,
            clock=lambda: NOW,
        )
    assert len(repo.stored) == 1


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
    mailer = repo.mailer
    before = len(mailer.sent)
    promoted = cancel(seat.token, repo, clock=lambda: NOW)
    assert [(one.id, one.status) for one in promoted] == [(first.registration.id, "confirmed")]
    # the one who left gets a receipt; the one promoted an email with a new link to their page, which works
    assert [str(m["Subject"]).split(":")[0] for m in mailer.sent[before:]] == ["Du er meldt av", "Du har fått plass"]
    new_link = (
        mailer.to("ola@example.no")[0].get_body(("plain",)).get_content().split("/api/pameldinger/")[1].split()[0]
    )
    assert find_registration(new_link, repo)[1].id == first.registration.id
    _, still_waiting = find_registration(second.token, repo)
    assert repo.place_in_line(still_waiting) == 1
    assert cancel(seat.token, repo, clock=lambda: NOW) == [], "twice is harmless"
    assert len(mailer.sent) == before + 2, "and emails nobody again"
    again = sign_up("lite-kurs", registration_form(), "oslo", repo, clock=lambda: NOW)
    assert (again.registration.status, again.registration.position) == ("waitlisted", 3), "a new one joins the end"


def test_cancelling_is_closed_after_the_courses_cancellation_deadline() -> None:
    strict = course("fagdag", cancellation_deadline=NOW + timedelta(days=1))
    repo = FakeCourseRepository(strict)
    receipt = sign_up("fagdag", registration_form(), "oslo", repo, clock=lambda: NOW)
    with pytest.raises(CancellationClosed):
        cancel(receipt.token, repo, clock=lambda: NOW + timedelta(days=2))
    assert repo.stored[0].confirmed


def test_every_sign_up_is_confirmed_by_email_with_the_personal_link_and_the_course_in_the_calendar() -> None:
    from icalendar import Calendar

    repo = FakeCourseRepository(course("lite-kurs", capacity=1))
    mailer = repo.mailer
    seat = sign_up("lite-kurs", registration_form(), "oslo", repo, clock=lambda: NOW)
    sign_up("lite-kurs", registration_form(email="ola@example.no"), "oslo", repo, clock=lambda: NOW)
    confirmed, waiting = mailer.sent
    assert str(confirmed["Subject"]) == "Du er påmeldt: Grunnkurs i palliasjon"
    assert str(waiting["Subject"]) == "Du står på venteliste: Grunnkurs i palliasjon"
    text = confirmed.get_body(("plain",)).get_content()
    html = confirmed.get_body(("html",)).get_content()
    assert f"http://127.0.0.1:8000/api/pameldinger/{seat.token}" in text
    assert f'href="http://127.0.0.1:8000/api/pameldinger/{seat.token}"' in html
    assert "som nummer 1" in waiting.get_body(("plain",)).get_content()
    assert "<img" not in html and "?utm_" not in html, "no tracking"
    (attachment,) = confirmed.iter_attachments()
    assert attachment.get_content_type() == "text/calendar"
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == course("lite-kurs").start
    assert str(event["status"]) == "CONFIRMED"


def test_a_nurse_and_the_leader_they_bring_get_seats_together_or_wait_together() -> None:
    introduction = course("intro", capacity=3, kind="introduksjonskurs", leader_can_join=True)
    repo = FakeCourseRepository(introduction)
    mailer = repo.mailer
    pair = registration_form(bring_leader="ja")
    first = sign_up("intro", pair, "oslo", repo, clock=lambda: NOW)
    assert [(r.role, r.status) for r in repo.stored] == [
        ("ressurssykepleier", "confirmed"),
        ("leder", "confirmed"),
    ]
    nurse, leader = repo.stored
    assert (nurse.companion_id, leader.companion_id) == (leader.id, nurse.id)
    assert [str(m["To"]) for m in mailer.sent] == ["Kari Nordmann <kari.nordmann@example.no>"]
    assert [email.to for email in mailer.held] == ["lise.leder@example.no"], "until Kari confirms her address"
    # one seat is left: the next pair waits together, and a single after them waits behind them
    second = sign_up(
        "intro",
        registration_form(email="ola@example.no", leader_email="leif@example.no", bring_leader="ja"),
        "oslo",
        repo,
        clock=lambda: NOW,
    )
    assert second.registration.position == 1
    single = sign_up("intro", registration_form(email="per@example.no"), "oslo", repo, clock=lambda: NOW)
    assert single.registration.position == 3, "the free seat is held for the pair first in line"
    # one more seat freed: the pair at the head of the line gets both
    promoted = cancel(first.token, repo, clock=lambda: NOW)
    assert [r.email for r in promoted] == ["ola@example.no", "leif@example.no"]


def test_a_course_without_leaders_ignores_the_box_and_a_leader_cannot_have_the_nurses_email() -> None:
    from common.errors import InvalidInput
    from courses.forms import validate_registration

    repo = FakeCourseRepository(course("grunnkurs"))
    sign_up("grunnkurs", registration_form(bring_leader="ja"), "oslo", repo, clock=lambda: NOW)
    assert [r.role for r in repo.stored] == ["ressurssykepleier"]
    with pytest.raises(InvalidInput) as refused:
        validate_registration(form(bring_leader="ja", leader_email="kari.nordmann@example.no"), [], {"Lørenskog": "x"})
    assert "egen e-postadresse" in refused.value.field_errors["leader_email"]


def test_the_leader_brought_along_is_mailed_once_the_nurse_confirms_unless_at_an_employers_domain() -> None:
    introduction = course("intro", capacity=9, kind="introduksjonskurs", leader_can_join=True)
    repo = FakeCourseRepository(introduction)
    sign_up("intro", registration_form(bring_leader="ja"), "oslo", repo, clock=lambda: NOW)
    (receipt,) = repo.mailer.sent
    text = receipt.get_body(("plain",)).get_content()
    assert "Bekreft e-postadressen din: http://127.0.0.1:8000/api/epost/" in text
    assert "Vi sender e-posten til Lise Leder når du har bekreftet" in text
    (held,) = repo.mailer.held
    assert (held.stranger, held.kind, held.about) == (True, "confirmed", ("COURSE#intro", f"REG#{repo.stored[1].id}"))

    at_work = registration_form(email="ola@example.no", leader_email="leder@ahus.no", bring_leader="ja")
    sign_up("intro", at_work, "oslo", repo, clock=lambda: NOW)
    assert [str(m["To"]) for m in repo.mailer.sent[1:]] == [
        "Kari Nordmann <ola@example.no>",
        "Lise Leder <leder@ahus.no>",
    ], "ahus.no is in network.json's employer_domains: no confirmation needed"
    assert "/api/epost/" not in repo.mailer.sent[1].get_body(("plain",)).get_content()


def test_the_same_form_sent_again_gets_its_first_answer_and_the_link_only_from_the_same_page() -> None:
    from courses.service import Repeat, Submission

    repo = FakeCourseRepository(course("grunnkurs"))
    with_script = Submission("key-1", lambda link: f"sealed:{link}", with_token=True)
    first = sign_up("grunnkurs", registration_form(), "oslo", repo, clock=lambda: NOW, submission=with_script)
    again = sign_up("grunnkurs", registration_form(), "oslo", repo, clock=lambda: NOW, submission=with_script)
    assert again == Repeat("confirmed", None, f"sealed:{first.token}")
    assert len(repo.stored) == 1 and len(repo.mailer.sent) == 1, "one registration, one email"
    without_script = Submission("key-2", lambda link: f"sealed:{link}", with_token=False)
    sign_up("grunnkurs", registration_form(email="ola@example.no"), "oslo", repo, submission=without_script)
    replay = sign_up("grunnkurs", registration_form(email="ola@example.no"), "oslo", repo, submission=without_script)
    assert replay == Repeat("confirmed", None, None), "a replay without the page's token never gets the link"


@pytest.mark.parametrize(("start", "offset"), [("2027-07-01 09:00", 2), ("2027-01-14 09:00", 1)])
def test_the_emailed_ics_puts_the_course_at_9_oslo_time_in_summer_and_in_winter(start: str, offset: int) -> None:
    from datetime import datetime as dt

    from icalendar import Calendar

    summer_or_winter = course("tid", start=start, end=start[:11] + "15:00", registration_deadline="2027-01-01")
    repo = FakeCourseRepository(summer_or_winter)
    mailer = repo.mailer
    sign_up("tid", registration_form(), "oslo", repo, clock=lambda: NOW)
    (attachment,) = mailer.sent[0].iter_attachments()
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    starts = event.decoded("dtstart")
    assert (starts.hour, starts.utcoffset().total_seconds() / 3600) == (9, offset)
    assert starts == dt.fromisoformat(start + f"+0{offset}:00")
